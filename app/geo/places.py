"""Régions, départements and communes of the 101 départements, loaded once per process from app/geo/data."""
import gzip
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.geo.chambers import Chamber, chamber_for_departement
from app.geo.names import match_key, without_article

DATA_FILE = Path(__file__).parent / "data" / "france.tsv.gz"


@dataclass(frozen=True, slots=True)
class Region:
    """A région: INSEE code ("11", "84", "01" for Guadeloupe) and French name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Departement:
    """A département: code ("01", "2A", "974"), French name and the code of its région."""

    code: str
    name: str
    region_code: str

    @property
    def region(self) -> Region:
        """The région this département belongs to."""
        return REGIONS[self.region_code]

    @property
    def chamber(self) -> Chamber | None:
        """The regional chamber whose territory includes this département."""
        return chamber_for_departement(self.code)


@dataclass(frozen=True, slots=True)
class Commune:
    """A commune (or a municipal arrondissement of Paris, Lyon, Marseille, whose `parent` is the commune's code)."""

    insee: str
    name: str
    postcodes: tuple[str, ...]
    population: int
    lat: float
    lon: float
    departement: str
    region: str
    parent: str | None = None

    @property
    def chamber(self) -> Chamber | None:
        """The regional chamber whose territory includes this commune."""
        return chamber_for_departement(self.departement)

    @property
    def postcode(self) -> str:
        """The commune's first postcode (most communes have exactly one)."""
        return self.postcodes[0] if self.postcodes else ""


class GeoData:
    """Everything read from the data file, indexed for lookups; one instance per process."""

    __slots__ = ("regions", "departements", "communes", "by_postcode", "extra_by_postcode", "alias_keys")

    def __init__(self, lines: Iterator[str]):
        """Parse the TSV records (R région, D département, C commune, A name of a former commune) and index them."""
        self.regions: dict[str, Region] = {}
        self.departements: dict[str, Departement] = {}
        self.communes: dict[str, Commune] = {}
        self.alias_keys: dict[str, tuple[str, ...]] = {}
        primary: dict[str, list[Commune]] = {}
        extra: dict[str, list[Commune]] = {}
        for line in lines:
            kind, *cols = line.rstrip("\n").split("\t")
            if kind == "C":
                self._add_commune(cols, primary, extra)
            elif kind == "A":
                name, code = cols
                self.alias_keys[code] = self.alias_keys.get(code, ()) + (without_article(match_key(name)),)
            elif kind == "D":
                self.departements[cols[0]] = Departement(*cols)
            elif kind == "R":
                self.regions[cols[0]] = Region(*cols)
        self.by_postcode = _by_population(primary)
        self.extra_by_postcode = _by_population(extra)

    def _add_commune(self, cols: list[str], primary: dict, extra: dict) -> None:
        """Create one Commune from its columns and file it under its postcodes."""
        insee, name, dep, region, population, lat, lon, postcodes, extra_postcodes, parent = cols
        intern = sys.intern  # thousands of communes share a few hundred codes and postcodes
        if parent:  # the data file capitalises the word; French writes "Lyon 3e arrondissement"
            name = name.replace(" Arrondissement", " arrondissement")
        commune = Commune(insee, name, tuple(intern(p) for p in postcodes.split()), int(population),
                          float(lat), float(lon), intern(dep), intern(region), parent or None)
        self.communes[insee] = commune
        for postcode in commune.postcodes:
            primary.setdefault(postcode, []).append(commune)
        for postcode in extra_postcodes.split():
            extra.setdefault(intern(postcode), []).append(commune)


def _by_population(groups: dict[str, list[Commune]]) -> dict[str, tuple[Commune, ...]]:
    """Freeze each group as a tuple, most populous first (ties by INSEE code, for stable answers)."""
    return {key: tuple(sorted(group, key=lambda c: (-c.population, c.insee))) for key, group in groups.items()}


_lock = threading.Lock()
_data: GeoData | None = None


def geo_data() -> GeoData:
    """Return the process-wide GeoData, reading the data file on first use."""
    global _data
    if _data is None:
        with _lock:
            if _data is None:
                with gzip.open(DATA_FILE, "rt", encoding="utf-8") as handle:
                    _data = GeoData(handle)
    return _data


class _LazyMapping(Mapping):
    """A read-only dict view of one GeoData table that loads the data only when first read."""

    def __init__(self, attribute: str):
        """Remember which GeoData table this view shows."""
        self._attribute = attribute

    def _table(self) -> dict:
        """Return the underlying dict."""
        return getattr(geo_data(), self._attribute)

    def __getitem__(self, key):
        """Return the value for key, or raise KeyError."""
        return self._table()[key]

    def __iter__(self):
        """Iterate over the codes in file order."""
        return iter(self._table())

    def __len__(self):
        """Return the number of entries."""
        return len(self._table())

    def __repr__(self):
        """Show the loaded contents."""
        return repr(self._table())


REGIONS: Mapping[str, Region] = _LazyMapping("regions")
DEPARTEMENTS: Mapping[str, Departement] = _LazyMapping("departements")
