"""Every page of every role is valid HTML5 for the Nu HTML checker (vnu.jar from npm, run by Debian's Java).

The demo data is loaded, then each role (visitor, apprentice, partner, artisan, staff, admin) signs in and its
pages are crawled from its dashboards, following the links it is shown (a couple of pages per URL shape), with CSRF
on so that forms render their tokens as in production. All pages go to one vnu run; any message fails the test.

Skips, with the reason, when Java or vnu.jar is missing; `.ci/run` installs both and sets
HTML_VALIDATOR_REQUIRED=1, so that in CI a missing piece fails instead.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess  # nosec B404: runs the validator, a fixed local command
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from app.demo.accounts import ACCOUNTS
from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing

REPO_ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = REPO_ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MAX_PAGES_PER_ROLE = 80
PAGES_PER_SHAPE = 2  # listings, applications and reviews in several states
# GET addresses that are not pages: files, feeds, fragments, one-use links.
NOT_PAGES = re.compile(r"^/(static|medias|api|geo|autocompletion|healthz|robots\.txt|sitemap\.xml|confirmer/|"
                       r"alertes/(confirmer|desinscription)/|mot-de-passe/reinitialiser/|notifications/compteur)"
                       r"|/cv$|/justificatif$|\.(csv|atom|vcf)$")
SEEDS = {
    None: ["/", "/recherche", "/recherche?q=boulanger&near=75011", "/recherche?q=boulanjer",
           "/recherche?q=%01caf%C3%A9%0B%7F%C2%85%EF%BF%BE", "/recherche?page=0&near=%01%7F", "/entreprises",
           "/connexion", "/inscription", "/mot-de-passe-oublie", "/alertes/nouvelle", "/mentions-legales",
           "/confidentialite", "/accessibilite", "/conditions-d-utilisation", "/page-inconnue",
           "/entreprises-formatrices?metier=patissier&lieu=69003&rayon=30"],
    "apprentice": ["/compte", "/candidat/profil", "/candidatures", "/notifications", "/alertes", "/compte/donnees",
                   "/compte/mot-de-passe", "/compte/donnees/supprimer", "/recherche?type=offer",
                   "/candidatures-spontanees", "/favoris"],
    "partner": ["/compte", "/propositions", "/notifications", "/recherche?type=project"],
    "artisan": ["/espace-artisan", "/espace-artisan/candidatures", "/espace-artisan/propositions",
                "/espace-artisan/entreprises/nouvelle", "/notifications", "/compte",
                "/espace-artisan/candidatures-spontanees", "/espace-artisan/diagnostic"],
    "staff": ["/moderation", "/moderation/signalements", "/moderation/entreprises", "/moderation/tableau-de-bord",
              "/moderation/journal", "/compte", "/moderation/labels", "/moderation/bases-numeriques",
              "/moderation/entreprises-formatrices", "/moderation/diagnostics"],
    "admin": ["/admin", "/admin/entreprises", "/admin/conseillers/nouveau", "/moderation", "/compte"],
}
# Which demo accounts sign in: the first of each role, and a second artisan (projects and proposals).
SIGNED_IN = ["lea.martin@passerelle-demo.fr", "studio.forme@passerelle-demo.fr",
             "boulangerie.dupont@passerelle-demo.fr", "atelier.kerbrat@passerelle-demo.fr",
             "conseiller.idf@passerelle-demo.fr", "admin@passerelle-demo.fr"]


def missing_requirement() -> str | None:
    """Why the validator cannot run on this machine, or None when it can."""
    if shutil.which("java") is None:
        return "java not found (apt-get install -y default-jre-headless)"
    if not VNU_JAR.exists():
        return f"vnu.jar not found at {VNU_JAR} (npm ci --prefix tests/browser)"
    return None


@pytest.fixture(autouse=True)
def _validator_requirements():
    """Skip, with the reason, when the validator is missing (fail instead in CI)."""
    reason = missing_requirement()
    if reason:
        if os.environ.get("HTML_VALIDATOR_REQUIRED") == "1":
            pytest.fail(f"HTML_VALIDATOR_REQUIRED=1 but {reason}", pytrace=False)
        pytest.skip(reason)


class _Links(HTMLParser):
    """The href of every <a> and the value of the CSRF token field of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.csrf_token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])
        if tag == "input" and values.get("name") == "csrf_token":
            self.csrf_token = values.get("value")


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _shape(path: str) -> str:
    """The shape of a URL: /offres/17-apprenti-boulanger and /offres/18-x are the same page."""
    return re.sub(r"^/entreprises/[^/]+$", "/entreprises/S", re.sub(r"\d+(-[^/]*)?", "N", path))


def _local_path(href: str, base: str) -> str | None:
    url = urlsplit(urljoin("http://localhost" + base, href))
    if url.netloc != "localhost" or NOT_PAGES.search(url.path):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def _crawl(client, who: str, seeds: list[str], pages: dict[str, str]) -> None:
    """Visit the seeds, then the links they show, a few pages per URL shape; collect HTML documents by URL."""
    queue = deque(seeds)
    shapes = Counter(_shape(urlsplit(seed).path) for seed in seeds)
    seen = set(seeds)
    visited = 0
    while queue and visited < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        visited += 1
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[f"{who} {path}"] = html
        for href in _parse(html).hrefs:
            target = _local_path(href, path)
            shape = target and _shape(urlsplit(target).path)
            if target and target not in seen and shapes[shape] < PAGES_PER_SHAPE:
                seen.add(target)
                shapes[shape] += 1
                queue.append(target)


def _admin_seeds() -> list[str]:
    """The admin's review page of a listing in each state, the moderation page of each highlighted business and a
    business's move form (reached by a form button, not a link)."""
    first_by_status = {}
    for listing in db.session.scalars(select(Listing).order_by(Listing.id)):
        first_by_status.setdefault((listing.type, listing.status), listing.id)
    highlighted = [business.id for business in db.session.scalars(select(Business)) if business.is_highlighted()]
    return ([f"/moderation/annonces/{listing_id}" for listing_id in first_by_status.values()]
            + [f"/moderation/entreprises/{business_id}" for business_id in highlighted]
            + [f"/admin/entreprises/{highlighted[0]}/demenagement"])


def _sign_in(client, email: str) -> None:
    password = next(account.password for account in ACCOUNTS if account.email == email)
    token = _parse(client.get("/connexion").get_data(as_text=True)).csrf_token
    response = client.post("/connexion", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, f"{email} could not sign in"


def _validate(pages: dict[str, str], folder: Path) -> list[str]:
    """Run vnu once on every page; its findings as "URL: line N: message" lines."""
    files, files_on_disk = {}, []
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = url
        files_on_disk.append(path)
    completed = subprocess.run(  # nosec B603: fixed arguments, no shell
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, sorted(files_on_disk))],
        capture_output=True, text=True, check=True)
    findings = []
    for message in json.loads(completed.stderr)["messages"]:
        url = files.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        findings.append(f"{url}: line {message.get('lastLine')}: {message.get('type')}/{message.get('subType', '')} "
                        f"{message['message']} [{message.get('extract', '').strip()}]")
    return findings


def test_every_page_of_every_role_is_valid_html(app, client, runner, tmp_path):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    app.config["WTF_CSRF_ENABLED"] = True  # forms render their hidden token fields, as in production
    pages: dict[str, str] = {}
    _crawl(client, "visitor", SEEDS[None], pages)
    visitor_pages = len(pages)
    # A form sent back with errors renders its messages and aria attributes.
    token = _parse(pages["visitor /inscription"]).csrf_token
    sent = client.post("/inscription", data={"csrf_token": token, "email": "x"})
    pages["visitor /inscription (sent with errors)"] = sent.get_data(as_text=True)
    for email in SIGNED_IN:
        role_client = app.test_client()
        _sign_in(role_client, email)
        role = next(account.role for account in ACCOUNTS if account.email == email)
        _crawl(role_client, email, SEEDS[role] + (_admin_seeds() if role == "admin" else []), pages)
    assert visitor_pages >= 10 and len(pages) >= 60, sorted(pages)
    folder = tmp_path / "pages"
    folder.mkdir()
    findings = _validate(pages, folder)
    assert not findings, f"{len(findings)} finding(s) on {len(pages)} pages:\n" + "\n".join(findings)
