"""Time zones of the territories: Europe/Paris in metropolitan France, the local zone overseas."""
from zoneinfo import ZoneInfo

METROPOLE = "Europe/Paris"

# Overseas départements and collectivities whose clocks differ from Paris (INSEE codes).
OVERSEAS_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/Guadeloupe",
    "978": "America/Guadeloupe",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}


def timezone_for(departement: str | None) -> str:
    """The IANA zone name of a département's clocks (Europe/Paris for metropolitan France and anything unknown)."""
    return OVERSEAS_ZONES.get((departement or "").strip(), METROPOLE)


def zone_for(departement: str | None) -> ZoneInfo:
    """The zone of a département's clocks, ready for datetime arithmetic."""
    return ZoneInfo(timezone_for(departement))

# How a time in each overseas zone is named next to it (« mardi 8 décembre à 15 h, heure de La Réunion »).
ZONE_LABELS = {
    "America/Guadeloupe": "heure des Antilles",
    "America/Martinique": "heure de la Martinique",
    "America/Cayenne": "heure de la Guyane",
    "Indian/Reunion": "heure de La Réunion",
    "America/Miquelon": "heure de Saint-Pierre-et-Miquelon",
    "Indian/Mayotte": "heure de Mayotte",
    "Pacific/Wallis": "heure de Wallis-et-Futuna",
    "Pacific/Tahiti": "heure de Tahiti",
    "Pacific/Noumea": "heure de la Nouvelle-Calédonie",
}


def zone_label(zone: str | None) -> str:
    """The French name of an overseas zone's time, or "" for Paris time (which goes without saying)."""
    return ZONE_LABELS.get(zone or METROPOLE, "")
