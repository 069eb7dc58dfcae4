"""Recognised labels and titles of craft businesses, and the local and responsible commitments, as one list of marks."""
from dataclasses import dataclass

from app.reference.trades import Commitment, TradeFamily, get_trade


@dataclass(frozen=True)
class Mark:
    """A label, title or commitment a business may declare and the chamber may verify (with its proof)."""

    code: str
    name: str
    kind: str  # « label » or « engagement »
    food_only: bool = False


LABELS = (
    Mark("maitre-artisan", "Maître artisan", "label"),
    Mark("artisan-d-art", "Artisan d’art (métiers d’art)", "label"),
    Mark("epv", "Entreprise du patrimoine vivant", "label"),
    Mark("repar-acteurs", "Répar’Acteurs", "label"),
    Mark("rge", "RGE (reconnu garant de l’environnement)", "label"),
    Mark("fait-maison", "Fait maison", "label", food_only=True),
    Mark("agriculture-biologique", "Agriculture biologique", "label", food_only=True),
    Mark("qualibat", "Qualibat", "label"),
)
MARKS = LABELS + tuple(Mark(c.value, c.label, "engagement") for c in Commitment)
_BY_CODE = {mark.code: mark for mark in MARKS}


def get_mark(code: str | None) -> Mark | None:
    """The mark of this code, or None."""
    return _BY_CODE.get(code or "")


def marks_for(trades: list[str] | None) -> list[Mark]:
    """The marks a business of these trades may declare: food labels only for food trades."""
    food = any(trade and trade.family == TradeFamily.ALIMENTATION for trade in map(get_trade, trades or []))
    return [mark for mark in MARKS if food or not mark.food_only]
