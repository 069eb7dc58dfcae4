"""A User-Agent header as a person reads it (« Chrome sur Android »), parsed by ua-parser."""
from ua_parser import parse

# ua-parser names mobile builds apart; a person only needs the browser.
_BROWSERS = {"Chrome Mobile": "Chrome", "Chrome Mobile iOS": "Chrome", "Mobile Safari": "Safari",
             "Firefox Mobile": "Firefox", "Firefox iOS": "Firefox", "Edge Mobile": "Edge",
             "Samsung Internet": "Samsung Internet"}
_SYSTEMS = {"Mac OS X": "macOS"}


def device_fr(user_agent: str | None) -> str:
    """« Chrome sur Android », « Firefox sur Windows », « Safari sur iOS »; « Appareil inconnu » when unreadable."""
    if not user_agent:
        return "Appareil inconnu"
    result = parse(user_agent[:1000])
    browser = result.user_agent.family if result.user_agent and result.user_agent.family != "Other" else None
    system = result.os.family if result.os and result.os.family != "Other" else None
    browser = _BROWSERS.get(browser, browser) if browser else None
    system = _SYSTEMS.get(system, system) if system else None
    if browser and system:
        return f"{browser} sur {system}"
    return browser or system or "Appareil inconnu"
