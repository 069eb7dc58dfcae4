"""Helpers of the browser journeys: axe-core checks, the phone-sized pass, e-mails on disk and a tiny PDF."""
from __future__ import annotations

import json
import re
from email import message_from_bytes, policy
from pathlib import Path

BROWSER_DIR = Path(__file__).resolve().parent
AXE_PATH = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA; axe's "best-practice" rules are left out on purpose.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations", "incomplete"]}
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "Brioche velours canopée 1987"

_axe_source: str | None = None


def axe_source() -> str:
    """The axe-core script, read once."""
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_PATH.read_text(encoding="utf-8")
    return _axe_source


def run_axe(page) -> list[dict]:
    """Run axe-core in the page and return its violations, plus the contrast failures it only flags for review.

    The script goes through page.evaluate (a DevTools evaluation, not subject to the page's CSP) rather than
    add_script_tag (an inline <script>, which the site's `script-src 'self'` rightly refuses) or a context with
    bypass_csp=True: the journeys then run under the site's real Content-Security-Policy, so a page that needs an
    inline script or style to work is caught too (see Actors.check in conftest.py).
    """
    results = page.evaluate(f"{axe_source()}\n;axe.run(document, {json.dumps(AXE_OPTIONS)})")
    return results["violations"] + short_text_contrast_failures(results["incomplete"])


def short_text_contrast_failures(incomplete: list[dict]) -> list[dict]:
    """Contrast failures axe measured but left "to review" because the text is short (a counter, "4").

    axe does not count one or two characters as a violation (they might be an icon), yet it measured both
    colours: below the expected ratio, such a counter is as unreadable as a sentence.
    """
    failures = []
    for result in incomplete:
        if result["id"] != "color-contrast":
            continue
        nodes = []
        for node in result["nodes"]:
            data = next((check.get("data") for check in node.get("any", []) if check.get("data")), None) or {}
            expected = str(data.get("expectedContrastRatio", "")).split(":")[0]
            if data.get("messageKey") == "shortTextContent" and data.get("contrastRatio") and expected:
                if float(data["contrastRatio"]) < float(expected):
                    nodes.append({**node, "failureSummary": f"contrast {data['contrastRatio']}:1 "
                                  f"({data.get('fgColor')} on {data.get('bgColor')}), {expected}:1 expected"})
        if nodes:
            failures.append({**result, "impact": "serious", "nodes": nodes})
    return failures


def format_violations(violations: list[dict], url: str) -> str:
    """A readable list of axe violations: rule, impact, help, and the offending elements."""
    lines = [f"axe-core: {len(violations)} serious or critical WCAG 2 A/AA violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail when axe-core finds a serious or critical WCAG 2 A/AA violation on the current page."""
    blocking = [v for v in run_axe(page) if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, format_violations(blocking, page.url)


def assert_fits_phone(page, primary_button) -> None:
    """No horizontal scrolling of the document, and the page's primary button visible inside the screen's width.

    The width compared with is the screen's (the context's viewport), not window.innerWidth: with is_mobile=True
    Chromium behaves like a phone browser and widens the layout viewport to fit content that overflows, so
    innerWidth grows with the bug and `scrollWidth <= innerWidth` would always hold.
    """
    assert_no_sideways_scroll(page)
    screen_width = page.viewport_size["width"]
    primary_button.scroll_into_view_if_needed()
    assert primary_button.is_visible(), f"primary button not visible on {page.url}"
    box = primary_button.bounding_box()
    assert box and box["x"] >= -1 and box["x"] + box["width"] <= screen_width + 1, (
        f"primary button of {page.url} is cut off on a phone: {box} for a {screen_width}px screen")


def assert_no_sideways_scroll(page) -> None:
    """The document is no wider than the screen (see assert_fits_phone for why the screen, not innerWidth)."""
    screen_width = page.viewport_size["width"]
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert max(scroll_width, inner_width) <= screen_width + 1, (
        f"{page.url} scrolls sideways on a phone: the document is {scroll_width}px wide (innerWidth "
        f"{inner_width}px) for a {screen_width}px screen; elements sticking out: "
        f"{widest_elements(page, screen_width)}")


def widest_elements(page, inner_width: int) -> list[str]:
    """The elements sticking out on the right, to say what makes a page scroll sideways."""
    return page.evaluate("""(width) => {
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1 && r.width > 0) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                         (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                         ' right=' + Math.round(r.right));
            }
            if (out.length >= 8) break;
        }
        return out;
    }""", inner_width)


def read_mails(directory: Path) -> list:
    """The e-mails written by the file mail backend, oldest first."""
    if not directory.exists():
        return []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(directory.glob("*.eml"))]


def mails_to(directory: Path, address: str) -> list:
    """The e-mails sent to one address, oldest first."""
    return [mail for mail in read_mails(directory) if address in str(mail["To"])]


def link_in(mail, path_prefix: str) -> str:
    """The first link of a text e-mail whose path starts with path_prefix."""
    body = mail.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https?://[^\s/]+(" + re.escape(path_prefix) + r"[^\s]*)", body)
    assert found, f"no link to {path_prefix} in the e-mail « {mail['Subject']} »:\n{body}"
    return found.group(0)


def minimal_pdf(text: str = "CV de test") -> bytes:
    """A small valid one-page PDF (header, objects, exact xref offsets, trailer, %%EOF)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
