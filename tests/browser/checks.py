"""Assertions shared by the browser journeys."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

_axe = Axe()  # reads the bundled axe.min.js once; injected into each page checked


def assert_accessible(page):
    """Run axe-core on the page; any violation fails, every one listed with its nodes."""
    violations = _axe.run(page).response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')[:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def assert_language(page, language):
    """`<html lang dir>` match the page language (Arabic is right to left)."""
    direction = "rtl" if language == "ar" else "ltr"
    html = page.locator("html")
    found = (html.get_attribute("lang"), html.get_attribute("dir"))
    assert found == (language, direction), (
        f"{page.url}: <html lang dir> is {found}, expected {(language, direction)}"
    )


# Latin letters, accented ones included (so "Accéder" is one word, not "Acc" + "der").
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]{3,}")
PHONE_WIDTH = 390


def tr(language, message, context=None):
    """A message as the catalogues translate it (the same catalogues the pages use)."""
    with translation.override(language):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def assert_no_english(page, typed_values, allowed):
    """No Latin word of 3+ letters outside what the test typed and the `allowed` words."""
    text = page.inner_text("body")
    for value in sorted(typed_values, key=len, reverse=True):
        text = text.replace(value, " ")
    leftovers = sorted(set(LATIN_WORD.findall(text)) - set(allowed))
    assert not leftovers, f"untranslated Latin words on the Arabic page {page.url}: {leftovers}"


def assert_phone_page(page, language, typed_values=(), allowed=()):
    """A journey's page on a phone: its language and direction, axe-core clean, no
    sideways scrolling, and (in Arabic) no English left but the typed values and the
    words `allowed`."""
    assert_language(page, language)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone ({width} px wide)"
    if language == "ar":
        assert_no_english(page, typed_values, allowed)


def field(page, name):
    """A form field of the page's main content, by name."""
    return page.locator(f'main [name="{name}"]')
