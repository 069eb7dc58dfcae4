"""« Pour vous »: offers and training businesses that fit an apprentice's profile, each with why it is shown."""
from dataclasses import dataclass, field

from app.core.formatting import number_fr
from app.geo import get_commune
from app.models.candidate import CandidateProfile
from app.reference.trades import get_trade
from app.search import SearchError, SearchRequest, run_search
from app.services.training import finder

LIMIT = 4


@dataclass
class Suggestion:
    """An offer (a search hit) or a training business (a finder result), with the sentence that says why."""

    kind: str  # "offer" or "training"
    item: object
    why: str


@dataclass
class ForYou:
    """What the home page shows; `missing` names what the profile lacks, to say what to add."""

    offers: list[Suggestion] = field(default_factory=list)
    training: list[Suggestion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _trade_label(slug: str) -> str:
    """The trade's French name."""
    trade = get_trade(slug)
    return trade.label if trade else slug


def _distance(km: float | None, profile: CandidateProfile) -> str:
    """« · à 3,2 km de Lyon (vous allez jusqu’à 20 km) », or "" without a distance."""
    if km is None:
        return ""
    how_far = "à moins d’1 km" if km < 1 else f"à {number_fr(km, 1)} km"
    return f" · {how_far} de {profile.commune_name} (vous allez jusqu’à {profile.travel_radius_km} km)"


def suggestions(profile: CandidateProfile | None) -> ForYou:
    """Newest offers and nearest training businesses for the profile's trades, diploma, postcode and radius."""
    result = ForYou()
    if profile is None:
        result.missing = ["profile"]
        return result
    if not profile.trades:
        result.missing.append("trade")
    if profile.diploma is None:
        result.missing.append("diploma")
    if not profile.trades:
        return result
    diploma = profile.diploma.value if profile.diploma else None
    commune = get_commune(profile.commune_insee)
    request = SearchRequest(kinds=("offer",), trades=tuple(profile.trades), diplomas=(diploma,) if diploma else (),
                            near=profile.postcode, near_commune=commune, radius_km=profile.travel_radius_km,
                            sort="date", per_page=LIMIT)
    try:
        page = run_search(request)
    except SearchError:  # the home page stays up without its suggestions
        page = None
    for hit in page.items if page else []:
        listing = hit.listing
        why = f"Métier {listing.trade_label}" + (f", {listing.diploma.value}" if listing.diploma else "")
        result.offers.append(Suggestion("offer", hit, why + _distance(hit.distance_km, profile)))
    near = (commune.lat, commune.lon) if commune else None
    seen = set()
    for slug in profile.trades:
        for found in finder.find(trade=slug, diploma=diploma, near=near, radius_km=profile.travel_radius_km,
                                 limit=LIMIT):
            if found.business.id in seen:
                continue
            seen.add(found.business.id)
            why = f"Forme en {_trade_label(slug)}" + (f", {diploma}" if diploma else "")
            result.training.append(Suggestion("training", found, why + _distance(found.distance_km, profile)))
    result.training.sort(key=lambda s: (s.item.distance_km is None, s.item.distance_km or 0))
    result.training = result.training[:LIMIT]
    return result
