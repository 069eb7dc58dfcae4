"""Phone-first markup: search filters behind a « Filtres (n) » disclosure, one primary action per dashboard row."""
import re

from tests.factories import make_business, make_offer


def _summary(html: str) -> str:
    found = re.search(r'<details class="search-filters[^"]*"([^>]*)>\s*<summary>(.*?)</summary>', html, re.S)
    assert found, "no filters disclosure"
    return found.group(1), re.sub(r"<[^>]+>", "", found.group(2))


def test_search_filters_are_closed_and_count_the_active_ones(client):
    attributes, text = _summary(client.get("/recherche").text)
    assert "open" not in attributes and text.startswith("Filtres (0)")
    attributes, text = _summary(client.get("/recherche?type=offer&highlighted=1").text)
    assert "open" not in attributes and text.startswith("Filtres (2)")


def test_a_draft_row_has_one_primary_action(client, make_user, login):
    artisan = make_user("artisan")
    make_offer(make_business(artisan), "draft")
    login(artisan.email)
    page = client.get("/espace-artisan").text
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    buttons = re.findall(r'<(?:button|a) [^>]*class="(button[^"]*)"', row)
    primary = [classes for classes in buttons if "button-secondary" not in classes]
    assert len(buttons) >= 2 and len(primary) == 1, buttons
    assert any("button-danger" in classes for classes in buttons), buttons
