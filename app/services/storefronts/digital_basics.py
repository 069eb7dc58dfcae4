"""« Mes bases numériques »: what a business's online presence has, ticked from its own data, and the staff's counts."""
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models.business import Business
from app.services.storefronts.hours import has_hours


@dataclass(frozen=True)
class Basic:
    """One item of the checklist: its name, why it matters and how to get it, and the test on a business."""

    code: str
    name: str
    why: str
    how: str
    done: Callable[[Business], bool]


def _page_complete(business: Business) -> bool:
    return bool(business.description and len(business.description) >= 100 and business.trades
                and business.logo_path and (business.public_phone or business.website))


BASICS = (
    Basic("page", "Page complète", "Une page remplie inspire confiance et apparaît mieux dans les moteurs de recherche.",
          "Ajoutez une présentation d’au moins 100 caractères, vos métiers, un logo et un téléphone ou un site.",
          _page_complete),
    Basic("photos", "Photos", "Les clients veulent voir l’atelier, la boutique et ce que vous faites.",
          "Ajoutez au moins trois photos à votre vitrine.", lambda b: len(b.photos) >= 3),
    Basic("hours", "Horaires d’ouverture", "On vous trouve « ouvert maintenant » dans l’annuaire.",
          "Indiquez vos horaires de chaque jour dans votre vitrine.", has_hours),
    Basic("website", "Site web", "Votre propre adresse sur Internet, que personne ne peut vous retirer.",
          "Indiquez l’adresse de votre site ; votre chambre de métiers peut vous aider à en créer un.",
          lambda b: bool(b.website)),
    Basic("social", "Réseaux sociaux", "Montrer vos réalisations au fil de l’eau fait revenir les clients.",
          "Indiquez au moins une page Facebook, Instagram ou autre.", lambda b: bool(b.social_links)),
    Basic("reviews", "Avis clients", "Les avis rassurent les nouveaux clients avant qu’ils poussent la porte.",
          "Indiquez le lien vers vos avis (fiche d’établissement, site d’avis).", lambda b: bool(b.reviews_url)),
    Basic("booking", "Réservation ou commande en ligne",
          "Un client peut réserver ou commander à toute heure, même quand l’atelier est fermé.",
          "Indiquez le lien de votre boutique en ligne ou de votre prise de rendez-vous.",
          lambda b: bool(b.booking_url or b.shop_url)),
)


@dataclass(frozen=True)
class Checklist:
    """A business's checklist: (item, done) pairs and the score."""

    items: list[tuple[Basic, bool]]

    @property
    def score(self) -> int:
        """How many items are done."""
        return sum(done for _, done in self.items)

    @property
    def total(self) -> int:
        """How many items there are."""
        return len(self.items)


def checklist(business: Business) -> Checklist:
    """The business's checklist, ticked from its own data."""
    return Checklist([(basic, basic.done(business)) for basic in BASICS])


def territory_businesses(departements: tuple[str, ...] | None) -> list[Business]:
    """The businesses with an owner in these départements (everywhere when None), photos loaded."""
    query = (select(Business).where(Business.owner_id.is_not(None)).options(selectinload(Business.photos))
             .order_by(Business.departement, Business.name))
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return list(db.session.scalars(query))


def missing_counts(businesses: list[Business]) -> list[tuple[Basic, int]]:
    """For each item, how many of the businesses lack it."""
    return [(basic, sum(not basic.done(b) for b in businesses)) for basic in BASICS]


def csv_rows(businesses: list[Business]) -> tuple[list[str], list[list]]:
    """Header and rows of the staff's CSV: one line per business, « oui »/« non » per item, and the score."""
    header = ["SIRET", "Entreprise", "Commune", "Département", *(basic.name for basic in BASICS), "Score"]
    rows = []
    for business in businesses:
        marks = checklist(business)
        rows.append([business.siret, business.name, business.commune_name, business.departement,
                     *("oui" if done else "non" for _, done in marks.items), f"{marks.score}/{marks.total}"])
    return header, rows
