"""Lookups of communes by INSEE code, postcode, name and name prefix."""
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from operator import itemgetter

from app.geo.chambers import Chamber, chamber_for_departement
from app.geo.names import match_key, normalize_name, without_article
from app.geo.places import Commune, Departement, Region, geo_data


def _code(text: str | None) -> str:
    """Clean a typed code: surrounding spaces dropped, Corsican "2a" upper-cased."""
    return (text or "").strip().upper()


def get_region(code: str | None) -> Region | None:
    """Return the région with this INSEE code ("11", "84", "1" for "01"), or None."""
    code = _code(code)
    return geo_data().regions.get(code.zfill(2) if code.isdigit() else code)


def get_departement(code: str | None) -> Departement | None:
    """Return the département with this code ("01", "1", "2a", "974"), or None."""
    code = _code(code)
    return geo_data().departements.get(code.zfill(2) if code.isdigit() else code)


def get_commune(insee: str | None) -> Commune | None:
    """Return the commune (or municipal arrondissement) with this INSEE code, or None."""
    return geo_data().communes.get(_code(insee))


def all_communes() -> Iterable[Commune]:
    """Return every commune and municipal arrondissement, by INSEE code."""
    return geo_data().communes.values()


def all_postcodes() -> list[str]:
    """Return every known postcode, sorted."""
    return list(_sorted_postcodes())


def communes_for_postcode(postcode: str | None) -> list[Commune]:
    """Return the communes of a postcode, most populous first; [] when the postcode is unknown."""
    data = geo_data()
    code = _code(postcode)
    # Secondary postcodes (a few streets of a commune served by a neighbour's office) only answer when alone.
    return list(data.by_postcode.get(code) or data.extra_by_postcode.get(code, ()))


def departement_of_postcode(postcode: str | None) -> str | None:
    """Return the département code of a postcode's main commune ("20000" gives "2A"), or None."""
    communes = communes_for_postcode(postcode)
    return communes[0].departement if communes else None


def resolve_place(text: str | None) -> list[Commune]:
    """Return the communes a postcode or INSEE code designates (postcode matches first); [] when unknown."""
    code = _code(text)
    if len(code) != 5:
        return []
    # About 3,000 codes are both a postcode and another commune's INSEE code ("13001": Marseille 1er, and
    # Aix-en-Provence); people type postcodes far more often, so those communes come first.
    found = communes_for_postcode(code)
    # A Paris, Lyon or Marseille postcode names an arrondissement: distances start from it, not from the city's
    # centre (its commune comes next, for what is filed under the whole city).
    arrondissements = [c for c in found if c.parent]
    if arrondissements:
        cities = {c.parent for c in arrondissements}
        found = arrondissements + [c for c in found if c.insee in cities] + \
            [c for c in found if not c.parent and c.insee not in cities]
    commune = get_commune(code)
    if commune is not None and commune not in found:
        found.append(commune)
    return found


def _name_keys(name: str) -> set[str]:
    """Return the keys under which a commune name may be typed."""
    key = match_key(name)
    return {key, without_article(key)}


def find_commune(postcode: str | None, name: str | None = None) -> Commune | None:
    """Return the commune of a postcode whose name matches (ignoring case, accents, hyphens, "St"); else None.

    Without a name, return the postcode's most populous commune.
    """
    data = geo_data()
    code = _code(postcode)
    primary = data.by_postcode.get(code, ())
    candidates = primary + tuple(c for c in data.extra_by_postcode.get(code, ()) if c not in primary)
    if not name or not name.strip():
        return candidates[0] if candidates else None
    wanted = _name_keys(name)
    for commune in candidates:
        if wanted & _name_keys(commune.name):
            return commune
    # The name of a former or delegated commune (e.g. "Cherbourg-Octeville") gives the commune it belongs to.
    for commune in candidates:
        if wanted & set(data.alias_keys.get(commune.insee, ())):
            return commune
    return None


def chamber_for_commune(commune: Commune | None) -> Chamber | None:
    """Return the regional chamber whose territory includes the commune."""
    return chamber_for_departement(commune.departement) if commune is not None else None


@cache
def _search_keys() -> list[tuple[str, str]]:
    """Return the sorted (folded name, INSEE code) pairs of the autocomplete, built on first use."""
    pairs = set()
    for commune in geo_data().communes.values():
        for key in _name_keys(commune.name) | {normalize_name(commune.name)}:
            pairs.add((key, commune.insee))
    return sorted(pairs)


@cache
def _sorted_postcodes() -> list[str]:
    """Return every known postcode, sorted, built on first use."""
    data = geo_data()
    return sorted(data.by_postcode.keys() | data.extra_by_postcode.keys())


def _starting_with(items: list, prefix: str, key=None) -> Iterator:
    """Yield the items of a sorted list whose key starts with prefix."""
    key = key or (lambda item: item)
    for item in islice(items, bisect_left(items, prefix, key=key), None):
        if not key(item).startswith(prefix):
            break
        yield item


def search_communes(text: str | None, limit: int = 10) -> list[Commune]:
    """Return communes whose postcode or name starts with text (accent- and case-insensitive), most populous first."""
    query = (text or "").strip()
    if not query or limit <= 0:
        return []
    found: set[Commune] = set()
    if query[:2].isdigit() or query[:2].upper() in ("2A", "2B"):
        for postcode in _starting_with(_sorted_postcodes(), query.upper()):
            found.update(communes_for_postcode(postcode))
        commune = get_commune(query) if len(query) == 5 else None
        if commune is not None:
            found.add(commune)
    else:
        communes = geo_data().communes
        for prefix in {normalize_name(query), match_key(query)} - {""}:
            found.update(communes[insee] for _, insee in _starting_with(_search_keys(), prefix, itemgetter(0)))
    return sorted(found, key=lambda c: (-c.population, c.name, c.insee))[:limit]
