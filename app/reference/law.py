"""Work-study law as data: the dated SMIC, minimum pay grids, ages, durations and working time, each with its source."""
import json
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from app.core.formatting import euros
from app.core.time import today
from app.reference.trades import Contract

SMIC_FILE = Path(__file__).resolve().parent / "data" / "smic.json"
MAYOTTE = "976"


@dataclass(frozen=True)
class Sourced:
    """A legal value with the date it took effect and the text it comes from."""

    value: object
    effective: date
    source: str


@dataclass(frozen=True)
class Smic:
    """The gross SMIC in force from a date: hourly, monthly for 35 hours a week, and the text that set it."""

    hourly: Decimal
    monthly: Decimal
    in_force_since: date
    source: str
    zone: str  # "metropole" or "mayotte"

    @property
    def is_mayotte(self) -> bool:
        """True for Mayotte's own SMIC."""
        return self.zone == "mayotte"


class NoSmicData(ValueError):
    """The SMIC data does not reach back to the requested date for this zone."""


def _load_smic() -> dict[str, tuple[Smic, ...]]:
    """The SMIC history of each zone from app/reference/data/smic.json (built by scripts/build_smic.py)."""
    document = json.loads(SMIC_FILE.read_text(encoding="utf-8"))
    return {zone: tuple(Smic(Decimal(row["hourly"]), Decimal(row["monthly"]), date.fromisoformat(row["since"]),
                             row["source"], zone) for row in rows)
            for zone, rows in document["zones"].items()}


SMIC_HISTORY = _load_smic()
SMIC_ABOUT = json.loads(SMIC_FILE.read_text(encoding="utf-8"))["about"]


def smic_on(day: date | None = None, departement: str | None = None) -> Smic:
    """The SMIC in force on `day` (default: today), Mayotte's for département 976, else the national one."""
    day = day or today()
    zone = "mayotte" if departement == MAYOTTE else "metropole"
    history = SMIC_HISTORY[zone]
    index = bisect_right([smic.in_force_since for smic in history], day) - 1
    if index < 0:
        where = " à Mayotte" if zone == "mayotte" else ""
        raise NoSmicData(f"le SMIC{where} n’est connu qu’à partir du {history[0].in_force_since:%d/%m/%Y}")
    return history[index]


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
    conventional_from_age: int  # from this age the branch's minimum applies when higher


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
    21,
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
    26,
)

PAY_GRIDS = {grid.contract: grid for grid in (APPRENTICE_GRID, PROFESSIONNALISATION_GRID)}

SAME_LEVEL_BONUS = Sourced(
    15, date(2019, 1, 1),
    "Code du travail, art. D6222-30 : contrat d’une durée d’un an au plus préparant un diplôme ou titre de même "
    "niveau que celui déjà obtenu et en rapport direct avec lui (par exemple un certificat de spécialisation "
    "après un CAP) : majoration de 15 points du pourcentage du SMIC.",
)
CONVENTIONAL_MINIMUM_NOTE = (
    "À partir de 21 ans, le pourcentage s’applique au salaire minimum conventionnel de l’emploi occupé s’il est plus "
    "élevé que le SMIC (Code du travail, art. D6222-26) : la convention collective de la branche peut donc imposer "
    "davantage."
)
AGE_BAND_RULE = Sourced(
    None, date(2019, 1, 1),
    "Code du travail, art. D6222-26 : quand l’apprenti change de tranche d’âge, le nouveau pourcentage s’applique "
    "à compter du premier jour du mois qui suit son anniversaire.",
)

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
RQTH_MAX_DURATION = Sourced(
    48, date(2019, 1, 1),
    "Code du travail, art. L6222-37 et R6222-46 : pour un apprenti reconnu travailleur handicapé (RQTH), la durée "
    "du contrat peut être portée à quatre ans et le temps de travail aménagé.",
)
RQTH_MAX_DURATION_MONTHS = RQTH_MAX_DURATION.value

FULL_TIME = Sourced(
    35, date(2019, 1, 1),
    "Code du travail, art. L6222-24 et L3121-27 : l’apprenti est un salarié à temps plein (35 heures par semaine) ; "
    "le temps partiel n’est possible que pour un apprenti en situation de handicap (RQTH) ou sportif de haut niveau.",
)
FULL_TIME_WEEKLY_HOURS = FULL_TIME.value

TRIAL_PERIOD = Sourced(
    45, date(2019, 1, 1),
    "Code du travail, art. L6222-18 (loi n° 2018-771 du 5 septembre 2018) : pendant les 45 premiers jours, "
    "consécutifs ou non, de formation pratique en entreprise, l’employeur ou l’apprenti peut rompre le contrat "
    "librement, par écrit.",
)


@dataclass(frozen=True)
class WorkingTimeRule:
    """A derogation to minors' working time that matters to artisans."""

    sectors: str
    rule: str
    effective: date
    source: str


MINORS_WORKING_TIME = (
    WorkingTimeRule(
        "Boulangerie, pâtisserie",
        "Un apprenti de moins de 18 ans peut commencer à 4 heures du matin (au lieu de 6 heures) pour la "
        "fabrication ; le travail de nuit reste interdit de 22 heures à 4 heures.",
        date(2008, 5, 1),
        "Code du travail, art. R3163-1 et R3163-2 (dérogations au travail de nuit des jeunes travailleurs).",
    ),
    WorkingTimeRule(
        "Chantiers du bâtiment et des travaux publics, espaces paysagers",
        "Un apprenti de moins de 18 ans peut travailler jusqu’à 10 heures par jour et 40 heures par semaine, "
        "avec un repos compensateur au-delà de 35 heures.",
        date(2018, 12, 16),
        "Code du travail, art. L3162-1 et R3162-1 (décret n° 2018-1139 du 13 décembre 2018).",
    ),
)

_CENT = Decimal("0.01")


def _band(grid: PayGrid, age: int) -> AgeBand:
    """The age band of `grid` containing `age`."""
    for band in grid.bands:
        if band.contains(age):
            return band
    raise ValueError(f"âge hors grille : {age}")


def minimum_share(age: int, year: int = 1, contract: str = Contract.APPRENTISSAGE, qualified: bool = False, *,
                  same_level_cs: bool = False) -> int:
    """Legal minimum pay as a percentage of the SMIC for this age, contract year (apprentissage) or qualification.

    `same_level_cs`: a contract of one year or less towards a CS or related diploma of the level already held
    (D6222-30, +15 points; apprenticeship only).
    """
    grid = PAY_GRIDS[Contract(contract)]
    band = _band(grid, age)
    if grid.contract == Contract.APPRENTISSAGE:
        if not 1 <= year <= len(band.percents):
            raise ValueError(f"année de contrat hors grille : {year}")
        return band.percents[year - 1] + (SAME_LEVEL_BONUS.value if same_level_cs else 0)
    return band.percents[1 if qualified else 0]


def conventional_minimum_may_apply(age: int, contract: str = Contract.APPRENTISSAGE) -> bool:
    """True from the age where the branch's conventional minimum replaces the SMIC when higher."""
    return age >= PAY_GRIDS[Contract(contract)].conventional_from_age


def share_of_smic(smic: Smic, percent: int) -> Decimal:
    """A percentage of the monthly SMIC in euros, rounded to the cent."""
    return (smic.monthly * percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)


def minimum_monthly_pay(age: int, year: int = 1, contract: str = Contract.APPRENTISSAGE, qualified: bool = False, *,
                        on: date | None = None, departement: str | None = None,
                        same_level_cs: bool = False) -> Decimal:
    """Minimum gross monthly pay in euros (35 h a week) on date `on` (default: today), rounded to the cent."""
    percent = minimum_share(age, year, contract, qualified, same_level_cs=same_level_cs)
    return share_of_smic(smic_on(on, departement), percent)


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band_age(birth_date: date, on: date) -> int:
    """The age that counts for the pay grid on `on`: a birthday counts from the first day of the next month."""
    return age_on(birth_date, on.replace(day=1) - timedelta(days=1))



def is_part_time(contract: object, weekly_hours: int | None, rqth: bool = False) -> bool:
    """True for fewer than 35 hours a week where the law allows it: never for an apprenticeship without RQTH."""
    apprenticeship = getattr(contract, "value", contract) in (None, Contract.APPRENTISSAGE.value)
    short = weekly_hours is not None and weekly_hours < FULL_TIME_WEEKLY_HOURS
    return short and (rqth or not apprenticeship)

def max_duration_months(rqth: bool = False) -> int:
    """The longest apprenticeship contract: 36 months, 48 for an apprentice with a recognised disability."""
    return RQTH_MAX_DURATION_MONTHS if rqth else MAX_DURATION_MONTHS


@dataclass(frozen=True)
class PayTableRow:
    """One age band of the simulator table: its label, percentages and monthly amounts."""

    label: str
    percents: tuple[int, ...]
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class PayTable:
    """The simulator table of a contract on a date, with the SMIC used and the sources to show under it."""

    contract: Contract
    columns: tuple[str, ...]
    rows: tuple[PayTableRow, ...]
    smic: Smic
    on: date
    grid_effective: date
    grid_source: str
    conventional_from_age: int
    same_level_cs: bool

    @property
    def smic_monthly(self) -> Decimal:
        """The monthly SMIC used."""
        return self.smic.monthly

    @property
    def smic_effective(self) -> date:
        """The date the SMIC used took effect."""
        return self.smic.in_force_since

    @property
    def smic_source(self) -> str:
        """The text that set the SMIC used."""
        return self.smic.source


def pay_table(contract: str = Contract.APPRENTISSAGE, on: date | None = None, departement: str | None = None,
              same_level_cs: bool = False) -> PayTable:
    """The full grid of a contract in percentages and euros on a date, for the offer pages' pay simulator."""
    grid = PAY_GRIDS[Contract(contract)]
    day = on or today()
    smic = smic_on(day, departement)
    bonus = SAME_LEVEL_BONUS.value if same_level_cs and grid.contract == Contract.APPRENTISSAGE else 0
    rows = tuple(PayTableRow(band.label, tuple(p + bonus for p in band.percents),
                             tuple(share_of_smic(smic, p + bonus) for p in band.percents))
                 for band in grid.bands)
    return PayTable(grid.contract, grid.columns, rows, smic, day, grid.effective, grid.source,
                    grid.conventional_from_age, bool(bonus))


def pay_notes(table: PayTable, diploma: object = None) -> list[str]:
    """The French notes shown under a pay table: conventional minimum, birthday rule, CS bonus, trial period."""
    if table.contract != Contract.APPRENTISSAGE:
        return ["À partir de 26 ans, le salarié en contrat de professionnalisation perçoit au moins le SMIC et 85 % "
                "du salaire minimum conventionnel de la branche (Code du travail, art. D6325-18)."]
    notes = [CONVENTIONAL_MINIMUM_NOTE, AGE_BAND_RULE.source]
    if getattr(diploma, "value", diploma) == "CS":
        base = APPRENTICE_GRID.bands[1].percents[0]
        notes.append(
            f"Certificat de spécialisation : si l’apprenti a déjà un diplôme de même niveau en rapport direct et que "
            f"le contrat dure un an au plus, le pourcentage est majoré de {SAME_LEVEL_BONUS.value} points (de 18 à "
            f"20 ans : {euros(share_of_smic(table.smic, base + SAME_LEVEL_BONUS.value))} au lieu de "
            f"{euros(share_of_smic(table.smic, base))}). Source : {SAME_LEVEL_BONUS.source}")
    notes.append(f"Période d’essai : {TRIAL_PERIOD.source}")
    return notes
