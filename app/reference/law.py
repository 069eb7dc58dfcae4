"""Work-study law as data: SMIC, minimum pay grids, ages and durations, each with its effective date and source."""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from app.reference.trades import Contract


@dataclass(frozen=True)
class Sourced:
    """A legal value with the date it took effect and the text it comes from."""

    value: object
    effective: date
    source: str


SMIC_MONTHLY = Sourced(
    Decimal("1823.03"), date(2026, 1, 1),
    "Salaire minimum de croissance au 1er janvier 2026 : 12,02 € brut de l’heure, soit 1 823,03 € brut par mois "
    "pour 35 heures par semaine (Code du travail, art. L3231-2 et suivants ; décret de revalorisation annuelle).",
)
SMIC_HOURLY = Sourced(Decimal("12.02"), SMIC_MONTHLY.effective, SMIC_MONTHLY.source)


@dataclass(frozen=True)
class AgeBand:
    """An age band of a pay grid and the share of the SMIC for each column (contract year or qualification)."""

    label: str
    min_age: int
    max_age: int | None  # inclusive; None = no upper bound
    percents: tuple[int, ...]

    def contains(self, age: int) -> bool:
        """True when `age` falls in this band."""
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class PayGrid:
    """A minimum pay grid: what its columns mean, its age bands, date and source."""

    contract: Contract
    columns: tuple[str, ...]
    bands: tuple[AgeBand, ...]
    effective: date
    source: str


APPRENTICE_GRID = PayGrid(
    Contract.APPRENTISSAGE,
    ("1re année", "2e année", "3e année"),
    (
        AgeBand("Moins de 18 ans", 0, 17, (27, 39, 55)),
        AgeBand("18 à 20 ans", 18, 20, (43, 51, 67)),
        AgeBand("21 à 25 ans", 21, 25, (53, 61, 78)),
        AgeBand("26 ans et plus", 26, None, (100, 100, 100)),
    ),
    date(2019, 1, 1),
    "Code du travail, art. D6222-26 (décret n° 2018-1347 du 28 décembre 2018), contrats conclus depuis le "
    "1er janvier 2019. Pourcentage du SMIC, ou du salaire minimum conventionnel s’il est plus favorable "
    "(à partir de 21 ans).",
)

PROFESSIONNALISATION_GRID = PayGrid(
    Contract.PROFESSIONNALISATION,
    ("Sans bac pro", "Avec bac pro ou plus"),
    (
        AgeBand("Moins de 21 ans", 0, 20, (55, 65)),
        AgeBand("21 à 25 ans", 21, 25, (70, 80)),
        AgeBand("26 ans et plus", 26, None, (100, 100)),
    ),
    date(2008, 5, 1),
    "Code du travail, art. D6325-15 à D6325-18 (en vigueur depuis la recodification du 1er mai 2008). "
    "Deuxième colonne : titulaires d’un baccalauréat professionnel, d’un titre ou diplôme professionnel de même "
    "niveau ou plus. À partir de 26 ans : au moins le SMIC et 85 % du minimum conventionnel.",
)

PAY_GRIDS = {grid.contract: grid for grid in (APPRENTICE_GRID, PROFESSIONNALISATION_GRID)}

AGE_LIMITS = {
    Contract.APPRENTISSAGE: Sourced(
        (16, 29), date(2019, 1, 1),
        "Code du travail, art. L6222-1 (loi n° 2018-771 du 5 septembre 2018) : de 16 ans à 29 ans révolus au début "
        "du contrat ; dès 15 ans pour un jeune qui a terminé la classe de troisième ; sans limite d’âge pour une "
        "personne en situation de handicap (RQTH) ou un créateur ou repreneur d’entreprise.",
    ),
    Contract.PROFESSIONNALISATION: Sourced(
        (16, 25), date(2008, 5, 1),
        "Code du travail, art. L6325-1 : jeunes de 16 à 25 ans révolus ; au-delà, demandeurs d’emploi de 26 ans "
        "et plus et bénéficiaires de certaines allocations.",
    ),
}
# Age from which a pupil who completed the troisième may start an apprenticeship (L6222-1, second paragraph).
APPRENTICE_MIN_AGE_AFTER_TROISIEME = 15

CONTRACT_DURATION_MONTHS = Sourced(
    (6, 36), date(2019, 1, 1),
    "Code du travail, art. L6222-7-1 (loi n° 2018-771 du 5 septembre 2018) : la durée du contrat d’apprentissage "
    "va de 6 mois à 3 ans ; art. L6325-11 et L6325-12 pour le contrat de professionnalisation (6 à 12 mois, "
    "jusqu’à 36 mois dans certains cas).",
)
MIN_DURATION_MONTHS, MAX_DURATION_MONTHS = CONTRACT_DURATION_MONTHS.value

_CENT = Decimal("0.01")


def _band(grid: PayGrid, age: int) -> AgeBand:
    """The age band of `grid` containing `age`."""
    for band in grid.bands:
        if band.contains(age):
            return band
    raise ValueError(f"âge hors grille : {age}")


def minimum_share(age: int, year: int = 1, contract: str = Contract.APPRENTISSAGE, qualified: bool = False) -> int:
    """Legal minimum pay as a percentage of the SMIC for this age, contract year (apprentissage) or qualification."""
    grid = PAY_GRIDS[Contract(contract)]
    band = _band(grid, age)
    if grid.contract == Contract.APPRENTISSAGE:
        if not 1 <= year <= len(band.percents):
            raise ValueError(f"année de contrat hors grille : {year}")
        return band.percents[year - 1]
    return band.percents[1 if qualified else 0]


def _share_of_smic(percent: int) -> Decimal:
    """A percentage of the monthly SMIC in euros, rounded to the cent."""
    return (SMIC_MONTHLY.value * percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)


def minimum_monthly_pay(age: int, year: int = 1, contract: str = Contract.APPRENTISSAGE,
                        qualified: bool = False) -> Decimal:
    """Minimum gross monthly pay in euros (35 h a week), rounded to the cent."""
    return _share_of_smic(minimum_share(age, year, contract, qualified))


@dataclass(frozen=True)
class PayTableRow:
    """One age band of the simulator table: its label, percentages and monthly amounts."""

    label: str
    percents: tuple[int, ...]
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class PayTable:
    """The simulator table of a contract, with the SMIC and the sources to show under it."""

    contract: Contract
    columns: tuple[str, ...]
    rows: tuple[PayTableRow, ...]
    smic_monthly: Decimal
    smic_effective: date
    smic_source: str
    grid_effective: date
    grid_source: str


def pay_table(contract: str = Contract.APPRENTISSAGE) -> PayTable:
    """The full grid of a contract in percentages and euros, for the pay simulator."""
    grid = PAY_GRIDS[Contract(contract)]
    rows = tuple(PayTableRow(band.label, band.percents, tuple(map(_share_of_smic, band.percents)))
                 for band in grid.bands)
    return PayTable(grid.contract, grid.columns, rows, SMIC_MONTHLY.value, SMIC_MONTHLY.effective,
                    SMIC_MONTHLY.source, grid.effective, grid.source)
