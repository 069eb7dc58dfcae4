"""The month-by-month schedule of the simulator: minimum gross pay, hiring aid and what remains, each sourced."""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.reference import law
from app.reference.aid import AidOutOfRange, HiringAid, hiring_aid

_CENT = Decimal("0.01")
MAYOTTE = law.MAYOTTE
LAST_GRID_YEAR = 3  # the grid has three contract years; a fourth (RQTH) keeps the third year's share here


@dataclass(frozen=True)
class SmicUsed:
    """The monthly SMIC a month's pay is computed from, with its date and text."""

    monthly: Decimal
    since: date
    source: str


@dataclass(frozen=True)
class Month:
    """One month of the contract: its pay, the aid paid that month and what remains for the employer."""

    number: int
    starts: date
    year: int
    age: int
    percent: int
    pay: Decimal
    aid: Decimal
    smic: SmicUsed

    @property
    def remains(self) -> Decimal:
        """What the pay costs once the aid is deducted (employer contributions aside)."""
        return self.pay - self.aid


@dataclass(frozen=True)
class Year:
    """The totals of one contract year."""

    number: int
    months: int
    pay: Decimal
    aid: Decimal

    @property
    def remains(self) -> Decimal:
        """The year's pay once the aid is deducted."""
        return self.pay - self.aid


@dataclass(frozen=True)
class Schedule:
    """The whole simulation: months, years, the aid (None when the date has no known rule) and the notes to show."""

    months: tuple[Month, ...]
    years: tuple[Year, ...]
    aid: HiringAid | None
    aid_unknown: str | None
    smics: tuple[SmicUsed, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def pay(self) -> Decimal:
        """The whole contract's minimum gross pay."""
        return sum((month.pay for month in self.months), Decimal(0))

    @property
    def total_aid(self) -> Decimal:
        """The aid over the whole contract."""
        return sum((month.aid for month in self.months), Decimal(0))

    @property
    def remains(self) -> Decimal:
        """The whole contract's pay once the aid is deducted."""
        return self.pay - self.total_aid


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


def smic_used(on: date, departement: str | None) -> SmicUsed:
    """The monthly SMIC in force on `on` (Mayotte's for 976); NoSmicData, a ValueError, before the data starts."""
    smic = law.smic_on(on, departement)
    return SmicUsed(smic.monthly, smic.in_force_since, smic.source)


def _aid_by_month(aid: HiringAid | None, months: int) -> list[Decimal]:
    """The aid paid each month: a twelfth of the amount over the first year (the last twelfth takes the rounding)."""
    amounts = [Decimal(0)] * months
    if aid and aid.amount:
        twelfth = (Decimal(aid.amount) / 12).quantize(_CENT, rounding=ROUND_HALF_UP)
        for index in range(min(12, months)):
            amounts[index] = twelfth
        if months >= 12:
            amounts[11] = Decimal(aid.amount) - 11 * twelfth
    return amounts


def simulate(*, start: date, months: int, age: int | None = None, birth_date: date | None = None, level: int = 3,
             employees: int | None = None, signed_on: date | None = None, rqth: bool = False,
             alternance_ratio: float | None = None, departement: str | None = None) -> Schedule:
    """Month by month from `start`: pay for the age (or birth date), aid when `employees` is given (employer mode)."""
    aid, aid_unknown = None, None
    if employees is not None:
        try:
            aid = hiring_aid(level, employees, signed_on or start, rqth=rqth, alternance_ratio=alternance_ratio)
        except AidOutOfRange as error:
            aid_unknown = str(error)
    aids = _aid_by_month(aid, months)
    rows = []
    for index in range(months):
        starts = add_months(start, index)
        year = index // 12 + 1
        month_age = law.age_band_age(birth_date, starts) if birth_date else age + index // 12
        grid_year = min(year, LAST_GRID_YEAR)
        rows.append(Month(index + 1, starts, year, month_age, law.minimum_share(month_age, grid_year),
                          law.minimum_monthly_pay(month_age, grid_year, on=starts, departement=departement),
                          aids[index], smic_used(starts, departement)))
    years = tuple(Year(number, len(group), sum((m.pay for m in group), Decimal(0)),
                       sum((m.aid for m in group), Decimal(0)))
                  for number in sorted({m.year for m in rows})
                  for group in [[m for m in rows if m.year == number]])
    smics = tuple(dict.fromkeys(m.smic for m in rows))
    notes = []
    if birth_date is None:
        notes.append("Sans date de naissance, l’âge augmente d’un an à chaque année de contrat (hypothèse) ; "
                     "indiquez la date de naissance pour appliquer la règle exacte : le nouveau pourcentage "
                     "s’applique le premier jour du mois qui suit l’anniversaire (Code du travail, art. D6222-26).")
    if months > 12 * LAST_GRID_YEAR:
        notes.append("La grille légale compte trois années : la quatrième année d’un contrat allongé (RQTH) est "
                     "calculée ici au pourcentage de la troisième, un minimum.")
    if any(m.age >= 21 for m in rows):
        notes.append(law.CONVENTIONAL_MINIMUM_NOTE)
    return Schedule(tuple(rows), years, aid, aid_unknown, smics, tuple(notes))
