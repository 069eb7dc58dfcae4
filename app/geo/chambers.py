"""The 20 regional Chambres de Métiers et de l'Artisanat and the départements each one covers."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Chamber:
    """A regional chamber: its code (used by `flask users create --chamber`), name, région and départements."""

    code: str
    name: str
    region_code: str
    departements: tuple[str, ...]


CHAMBERS: dict[str, Chamber] = {c.code: c for c in (
    Chamber("ARA", "CMA Auvergne-Rhône-Alpes", "84",
            ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")),
    Chamber("BFC", "CMA Bourgogne-Franche-Comté", "27", ("21", "25", "39", "58", "70", "71", "89", "90")),
    Chamber("BRE", "CMA Bretagne", "53", ("22", "29", "35", "56")),
    Chamber("CVL", "CMA Centre-Val de Loire", "24", ("18", "28", "36", "37", "41", "45")),
    Chamber("COR", "CMA de Corse", "94", ("2A", "2B")),
    Chamber("GES", "CMA Grand Est", "44", ("08", "10", "51", "52", "54", "55", "88")),
    Chamber("ALS", "CMA d’Alsace", "44", ("67", "68")),
    Chamber("MOS", "CMA de la Moselle", "44", ("57",)),
    Chamber("HDF", "CMA Hauts-de-France", "32", ("02", "59", "60", "62", "80")),
    Chamber("IDF", "CMA Île-de-France", "11", ("75", "77", "78", "91", "92", "93", "94", "95")),
    Chamber("NOR", "CMA Normandie", "28", ("14", "27", "50", "61", "76")),
    Chamber("NAQ", "CMA Nouvelle-Aquitaine", "75",
            ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87")),
    Chamber("OCC", "CMA Occitanie", "76",
            ("09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82")),
    Chamber("PDL", "CMA Pays de la Loire", "52", ("44", "49", "53", "72", "85")),
    Chamber("PAC", "CMA Provence-Alpes-Côte d’Azur", "93", ("04", "05", "06", "13", "83", "84")),
    Chamber("GUA", "CMA de Guadeloupe", "01", ("971",)),
    Chamber("MAR", "CMA de Martinique", "02", ("972",)),
    Chamber("GUY", "CMA de Guyane", "03", ("973",)),
    Chamber("REU", "CMA de La Réunion", "04", ("974",)),
    Chamber("MAY", "CMA de Mayotte", "06", ("976",)),
)}

_BY_DEPARTEMENT = {dep: chamber for chamber in CHAMBERS.values() for dep in chamber.departements}


def get_chamber(code: str | None) -> Chamber | None:
    """Return the chamber with this code (any case), or None."""
    if not code:
        return None
    return CHAMBERS.get(code.strip().upper())


def chamber_for_departement(departement: str) -> Chamber | None:
    """Return the chamber whose territory includes this département code."""
    return _BY_DEPARTEMENT.get(departement)
