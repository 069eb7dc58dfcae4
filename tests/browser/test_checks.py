"""The journeys' own checks catch what they are meant to catch: axe violations, CSP breaks, sideways scrolling."""
import pytest

from tests.browser.helpers import assert_accessible, assert_fits_phone

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html><html lang="fr"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Page fautive</title></head><body><main>
<h1>Page fautive</h1>
<p style="color:#bbb;background:#fff">Texte gris clair sur blanc, illisible.</p>
<label>Sans lien</label><input type="text" id="q">
<button type="button"><svg width="10" height="10"></svg></button>
<p>Notifications <span style="color:#fff;background:#f3f5f8">4</span></p>
<div style="width:900px">Trop large</div>
</main></body></html>"""


@pytest.fixture
def phone_page(browser):
    """A bare phone-sized page, outside the site."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_axe_reports_serious_violations_readably(phone_page):
    """A page with an unlabelled field, a nameless button and poor contrast fails, naming each rule."""
    phone_page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(phone_page)
    message = str(failure.value)
    for rule in ("label", "button-name", "color-contrast"):
        assert rule in message, message
    assert "serious" in message or "critical" in message
    assert "contrast 1.09:1 (#ffffff on #f3f5f8)" in message, message  # a one-character counter counts too


def test_phone_check_catches_sideways_scrolling(phone_page):
    """A 900px block on a 390px screen is reported with the element that sticks out."""
    phone_page.set_content(BAD_PAGE)
    with pytest.raises(AssertionError, match="scrolls sideways.*div"):
        assert_fits_phone(phone_page, phone_page.get_by_role("button"))
