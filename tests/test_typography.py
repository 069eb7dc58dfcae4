"""French typography: the layout's filter puts non-breaking spaces and apostrophes in text, never in tags or code."""
import re
from datetime import date, datetime, timezone

import pytest

from app.core.formatting import date_fr, datetime_fr
from app.core.typography import NBSP, typographie

PAGES = ["/", "/recherche", "/recherche?q=boulanger&near=75011", "/connexion", "/inscription", "/mentions-legales",
         "/confidentialite", "/accessibilite", "/conditions-d-utilisation", "/entreprises", "/mot-de-passe-oublie",
         "/page-qui-n-existe-pas"]
VERBATIM = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (entities left as they are)."""
    return TAG.sub("\n", VERBATIM.sub("", html))


@pytest.mark.parametrize("raw, expected", [
    ("Lieu : Paris ; oui ! Vraiment ?", f"Lieu{NBSP}: Paris{NBSP}; oui{NBSP}! Vraiment{NBSP}?"),
    ("« Boulanger »", f"«{NBSP}Boulanger{NBSP}»"),
    ("à 2,3 km, 35 heures, 5 Mo, 43 %", f"à 2,3{NBSP}km, 35{NBSP}heures, 5{NBSP}Mo, 43{NBSP}%"),
    ("à 20 h 24", f"à 20{NBSP}h{NBSP}24"),
    ("Tapissier d&#39;ameublement, l'atelier", "Tapissier d’ameublement, l’atelier"),
    ("10:30, https://exemple.fr/?q=a&amp;b=c", "10:30, https://exemple.fr/?q=a&amp;b=c"),
])
def test_text_gets_french_typography(raw, expected):
    assert str(typographie(f"<p>{raw}</p>")) == f"<p>{expected}</p>"


def test_tags_attributes_scripts_and_code_are_left_alone():
    html = ('<a href="/recherche?q=a ?" title="Lieu : x" data-x=\'l\'a\'>ok</a><script>if (a ? b : c) {}</script>'
            '<pre>a : b</pre><code>x ?</code><textarea name="m">Bonjour !</textarea><!-- note : ici -->')
    assert str(typographie(html)) == html


def test_dates_and_times_are_written_the_french_way():
    assert date_fr(date(2027, 9, 1)) == "1er septembre 2027"
    assert date_fr(date(2027, 9, 11)) == "11 septembre 2027"
    assert datetime_fr(datetime(2026, 9, 1, 18, 24, tzinfo=timezone.utc)) == f"1er septembre 2026 à 20{NBSP}h{NBSP}24"


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_non_breaking_spaces_and_typographic_apostrophes(client, path):
    html = client.get(path).get_data(as_text=True)
    text = visible_text(html)
    assert not re.findall(r"[^\s\u00a0][ \t]+[:;!?»]", text)
    assert not re.findall(r"«[ \t]", text)
    assert not re.findall(r"\d[ \t]+(?:km|ans|jours|heures|minutes|Mo|%)(?!\w)", text)
    assert not re.findall(r"[^\W\d_](?:'|&#39;)[^\W\d_]", text)
    assert "<html lang=\"fr\">" in html and 'content="width=device-width, initial-scale=1"' in html
