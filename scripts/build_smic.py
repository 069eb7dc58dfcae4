"""Build app/reference/data/smic.json (dated SMIC of metropolitan France and Mayotte, with legal references).

Build-only; the application reads the JSON, never this script. Input: the PyPI package ``openfisca-france``
(pinned in requirements-smic.txt), whose parameters
``openfisca_france/parameters/marche_travail/salaire_minimum/smic/smic_b_{horaire,mensuel}.yaml`` carry the dated
hourly and monthly SMIC with the decree or order of each value. Only those YAML files are read: the package is
installed with ``--no-deps`` (its ``openfisca-core[web-api]`` dependency pins numpy and its own Flask, which would
fight the application's), and ``openfisca_france`` is never imported.

The package gives the SMIC of metropolitan France (and the overseas départements aligned on it) only: its
documentation says « Les montants des DOM-TOM ne sont pas indiqués ». Mayotte's SMIC, set by the same decrees, is the
short table MAYOTTE below, kept by hand with the text of each value, from 1 November 2024 on (earlier values are
left out rather than guessed).

Usage (from the repository root)::

    .venv/bin/python scripts/build_smic.py                       # reads the installed openfisca-france
    .venv/bin/python scripts/build_smic.py --wheel openfisca_france-176.1.8-py3-none-any.whl
"""
import argparse
import json
import zipfile
from datetime import date
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "app" / "reference" / "data" / "smic.json"
PACKAGE = "openfisca-france"
PARAMETERS = "openfisca_france/parameters/marche_travail/salaire_minimum/smic/"
SINCE = date(2019, 1, 1)
LICENCE = ("openfisca-france is free software under the GNU AGPL v3 (its code); the amounts are public law "
           "(decrees and orders published in the Journal officiel), reused here as facts.")

# Mayotte (département 976): not in openfisca-france. Each row: in force since, hourly, monthly (35 h), text.
MAYOTTE = (
    ("2024-11-01", "8.98", "1361.97", "Décret n° 2024-951 du 23 octobre 2024 portant relèvement du salaire minimum "
                                      "de croissance, article 2 (Mayotte)"),
    ("2026-01-01", "9.33", "1415.05", "Décret n° 2025-1228 du 17 décembre 2025 portant relèvement du salaire minimum "
                                      "de croissance (Mayotte)"),
    ("2026-06-01", "9.56", "1449.93", "Arrêté du 22 mai 2026 relatif au relèvement du salaire minimum de croissance "
                                      "(Mayotte)"),
)


def _installed_reader():
    """Read a file of the installed package (without importing it) and say which version it is."""
    distribution = metadata.distribution(PACKAGE)
    return (lambda name: Path(distribution.locate_file(PARAMETERS + name)).read_text(encoding="utf-8"),
            distribution.version)


def _wheel_reader(wheel: Path):
    """Read a file of a downloaded wheel with zipfile and say which version it is."""
    archive = zipfile.ZipFile(wheel)
    version = wheel.name.split("-")[1]
    return (lambda name: archive.read(PARAMETERS + name).decode("utf-8")), version


def _reference(entry) -> str:
    """The title (and address) of one reference of a parameter, which may be a dict or a list of dicts."""
    items = entry if isinstance(entry, list) else [entry]
    return " ; ".join(item["title"] + (f" ({item['href']})" if item.get("href") else "") for item in items)


def parameter_values(text: str) -> dict[str, tuple[Decimal, str]]:
    """The dated values of one openfisca parameter file: ISO date → (amount, reference)."""
    data = yaml.safe_load(text)
    references = data.get("metadata", {}).get("reference", {})
    result = {}
    for day, entry in data["values"].items():
        if entry.get("value") is None:
            continue
        result[str(day)] = (Decimal(str(entry["value"])), _reference(references.get(day, "")) if day in references
                            else "")
    return result


def metropole(read) -> list[dict]:
    """The metropolitan SMIC since SINCE: one row per date where the hourly or monthly amount changed."""
    hourly = parameter_values(read("smic_b_horaire.yaml"))
    monthly = parameter_values(read("smic_b_mensuel.yaml"))
    rows = []
    for day in sorted(set(hourly) & set(monthly)):
        if date.fromisoformat(day) < SINCE:
            continue
        rows.append({"since": day, "hourly": str(hourly[day][0]), "monthly": f"{monthly[day][0]:.2f}",
                     "source": hourly[day][1] or monthly[day][1]})
    return rows


def build(read, version: str) -> dict:
    """The whole document written to OUTPUT."""
    return {
        "about": {
            "what": "Salaire minimum de croissance brut (horaire, et mensuel pour 35 heures par semaine), par date "
                    "d’entrée en vigueur (Code du travail, art. L3231-2 à L3231-12).",
            "source": f"PyPI {PACKAGE} {version}, {PARAMETERS}smic_b_horaire.yaml et smic_b_mensuel.yaml "
                      "(métropole et départements d’outre-mer alignés) ; Mayotte : table MAYOTTE de "
                      "scripts/build_smic.py (le paquet ne la donne pas).",
            "package": PACKAGE, "version": version, "licence": LICENCE, "built_by": "scripts/build_smic.py",
        },
        "zones": {
            "metropole": metropole(read),
            "mayotte": [{"since": since, "hourly": hourly, "monthly": monthly, "source": source}
                        for since, hourly, monthly, source in MAYOTTE],
        },
    }


def main() -> None:
    """Write OUTPUT from the installed package or from --wheel."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded openfisca-france wheel, read with zipfile")
    args = parser.parse_args()
    read, version = _wheel_reader(args.wheel) if args.wheel else _installed_reader()
    document = build(read, version)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = document["zones"]["metropole"]
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} metropolitan values ({rows[0]['since']} to {rows[-1]['since']}), "
          f"{len(MAYOTTE)} for Mayotte, from {PACKAGE} {version}")


if __name__ == "__main__":
    main()
