"""The State's hiring aid for an apprenticeship contract: dated, sourced rules chosen by the signing date."""
from dataclasses import dataclass
from datetime import date

from app.core.formatting import number_fr

# Levels of the national framework of certifications (CNCP) an apprenticeship aid can concern: 3 (CAP) to 7 (master).
MIN_LEVEL, MAX_LEVEL = 3, 7
LARGE_BUSINESS = 250  # employees from which the work-study quota applies
MIN_ALTERNANCE_PERCENT = 5
PERIOD = "première année du contrat"
MODELE_SOCIAL = ("paquet npm modele-social 11.1.0 (règles publicodes de l’Urssaf, mon-entreprise), règle "
                 "« salarié . coût total employeur . aides . embauche . apprentissage »")
DECREE_2026 = ("Décret n° 2026-168 du 6 mars 2026 relatif à l’aide exceptionnelle aux employeurs d’apprentis, "
               "art. 1 (https://www.legifrance.gouv.fr/jorf/article_jo/JORFARTI000053634608)")
DECREE_2025 = ("Décret n° 2025-174 du 22 février 2025 relatif à l’aide unique et à l’aide exceptionnelle aux "
               "employeurs d’apprentis")
AIDE_UNIQUE = "Code du travail, art. D6243-1 et D6243-2 (aide unique aux employeurs d’apprentis)"
PAID_MONTHLY = ("Versée chaque mois par l’Agence de services et de paiement (ASP) au vu de la déclaration "
                "sociale nominative, au titre de la première année d’exécution du contrat ; proratisée au jour près "
                "pour un contrat de moins d’un an ou rompu avant la fin de sa première année.")
TRANSMISSION = "Contrat transmis à l’opérateur de compétences (OPCO) au plus tard 6 mois après sa conclusion."


class AidOutOfRange(ValueError):
    """A signing date for which Passerelle holds no aid rule: answering 0 would be a guess."""


@dataclass(frozen=True)
class AidRule:
    """The aid for contracts signed from `since` to `until` (inclusive; None: until a new text)."""

    name: str
    since: date
    until: date | None
    small: dict[int, int]  # level → euros, under 250 employees
    large: dict[int, int]  # level → euros, 250 and more with the work-study quota ({}: none)
    rqth: int  # euros for an apprentice with a recognised disability (RQTH)
    rqth_any_size_or_level: bool  # False: the RQTH amount needs the size and level conditions too
    source: str
    notes: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        """True when a contract signed on `day` falls under this rule."""
        return self.since <= day and (self.until is None or day <= self.until)


def _levels(amounts: tuple[int, int, int, int, int]) -> dict[int, int]:
    return dict(zip(range(MIN_LEVEL, MAX_LEVEL + 1), amounts))


# modele-social 11.1.0 gives 5 000 € under 250 employees for every level from 1 January to 7 March 2026, and
# 6 000 € with RQTH whatever the size. Between the two decrees only the permanent aide unique applied (the
# ministry's communiqué of 26 December 2025; D6243-1: « un diplôme ou un titre à finalité professionnelle
# équivalant au plus au baccalauréat »): levels 3 and 4 only, RQTH under the same conditions. The law is followed.
RULES: tuple[AidRule, ...] = (
    AidRule(
        "Aide exceptionnelle 2025", date(2025, 2, 24), date(2025, 12, 31),
        small=_levels((5000, 5000, 5000, 5000, 5000)), large=_levels((2000, 2000, 2000, 2000, 2000)),
        rqth=6000, rqth_any_size_or_level=True,
        source=f"{DECREE_2025} ; {AIDE_UNIQUE} ; {MODELE_SOCIAL}",
    ),
    AidRule(
        "Aide unique (entre deux décrets)", date(2026, 1, 1), date(2026, 3, 7),
        small=_levels((5000, 5000, 0, 0, 0)), large={}, rqth=6000, rqth_any_size_or_level=False,
        source=f"{AIDE_UNIQUE} ; communiqué du ministère du Travail du 26 décembre 2025 ; {MODELE_SOCIAL}",
        notes=("Du 1er janvier au 7 mars 2026, faute de loi de finances, seule l’aide unique s’appliquait : "
               "entreprises de moins de 250 salariés, diplôme de niveau 3 ou 4 (au plus le baccalauréat ; jusqu’au "
               "niveau 5 outre-mer). L’aide exceptionnelle n’est pas rétroactive.",),
    ),
    AidRule(
        "Aide exceptionnelle 2026", date(2026, 3, 8), None,
        small=_levels((5000, 5000, 4500, 2000, 2000)), large=_levels((2000, 2000, 1500, 750, 750)),
        rqth=6000, rqth_any_size_or_level=True,
        source=f"{DECREE_2026} ; {MODELE_SOCIAL}",
    ),
)
# The 2026 decree renews the aid for contracts signed in 2026: later, the amount is what it would be in 2026.
KNOWN_UNTIL = date(2026, 12, 31)
FIRST_KNOWN = RULES[0].since


@dataclass(frozen=True)
class HiringAid:
    """The aid for one contract: amount in euros (0 when none applies), over which period, why and from which text."""

    signed_on: date
    amount: int
    period: str
    source: str
    rule: str
    in_force_since: date
    conditions: tuple[str, ...]
    provisional: bool

    @property
    def monthly(self) -> float:
        """The share paid each month of the first year (the aid is paid monthly)."""
        return round(self.amount / 12, 2)


def rule_on(signed_on: date) -> AidRule:
    """The aid rule of a contract signed on `signed_on`; AidOutOfRange before the first rule Passerelle holds."""
    for rule in reversed(RULES):
        if rule.covers(signed_on):
            return rule
    if signed_on < FIRST_KNOWN:
        raise AidOutOfRange("Passerelle ne connaît les aides que pour les contrats signés depuis le "
                            "24 février 2025.")
    raise AidOutOfRange("Aucune règle d’aide connue pour cette date.")  # a gap between rules: none today


def _size_conditions(employees: int, alternance_ratio: float | None) -> tuple[bool, str]:
    """Whether the business size allows the aid, and the condition to state."""
    if employees < LARGE_BUSINESS:
        return True, f"Entreprise de moins de {LARGE_BUSINESS} salariés."
    if alternance_ratio is not None and alternance_ratio >= MIN_ALTERNANCE_PERCENT:
        return True, (f"Entreprise de {LARGE_BUSINESS} salariés ou plus : engagement d’atteindre au moins "
                      f"{MIN_ALTERNANCE_PERCENT} % de contrats en alternance dans l’effectif (apprécié au "
                      "31 décembre de l’année suivant la conclusion du contrat ; voir le décret pour les autres "
                      "cas).")
    return False, (f"Entreprise de {LARGE_BUSINESS} salariés ou plus : l’aide suppose au moins "
                   f"{MIN_ALTERNANCE_PERCENT} % de contrats en alternance dans l’effectif.")


def hiring_aid(level: int, employees: int, signed_on: date, rqth: bool = False,
               alternance_ratio: float | None = None) -> HiringAid:
    """The State's aid for an apprenticeship contract preparing a level-`level` diploma, signed on `signed_on`."""
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"niveau hors grille : {level}")
    if employees < 0:
        raise ValueError(f"effectif négatif : {employees}")
    rule = rule_on(signed_on)
    size_ok, size_condition = _size_conditions(employees, alternance_ratio)
    table = rule.small if employees < LARGE_BUSINESS else rule.large
    base = table.get(level, 0) if size_ok else 0
    conditions = [size_condition]
    if rqth and (rule.rqth_any_size_or_level or base):
        amount = rule.rqth
        conditions.append("Apprenti reconnu travailleur handicapé (RQTH) : "
                          f"{number_fr(rule.rqth)} € quels que soient la taille de l’entreprise et le niveau du diplôme."
                          if rule.rqth_any_size_or_level else
                          f"Apprenti reconnu travailleur handicapé (RQTH) : {number_fr(rule.rqth)} €.")
    else:
        amount = base
        if size_ok and not base:
            conditions.append(f"Aucune aide pour un diplôme de niveau {level} à cette date.")
    conditions.extend(rule.notes)
    if amount:
        conditions.extend((PAID_MONTHLY, TRANSMISSION))
    provisional = signed_on > KNOWN_UNTIL
    if provisional:
        conditions.append("Les règles publiées visent les contrats signés jusqu’au 31 décembre 2026 : pour un "
                          "contrat signé après, ce montant est indicatif en attendant celles de l’année du "
                          "contrat.")
    return HiringAid(signed_on, amount, PERIOD, rule.source, rule.name, rule.since, tuple(conditions), provisional)
