"""The checks every page a browser journey visits goes through, in one place.

`check_page(page, language, role=...)` looks at the page at each size of `sizes` (the
same page, resized): no sideways scrolling; the navigation reachable (login or logout,
the language switcher, the role's space; after opening the menu where a button folds
it); no text squeezed into a column narrower than 120 px; axe-core clean; nothing left
in English (on French and Arabic pages no English message of the catalogues, on Arabic
pages no Latin word but the typed values, the file formats' names and the `allowed`
ones). It writes a full-page screenshot of each size to
`var/screenshots/<test>/<nn>-<size>-<language>-<page>.png`.

A test's problems are gathered while it runs and reported together when it ends (see
`collecting` and tests/browser/conftest.py), each with its page, sizes and language, so
that one run shows every defect, not only the first.
"""

import collections
import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real
from playwright.sync_api import Error as PlaywrightError


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int


PHONE360 = Size("phone360", 360, 740)
PHONE390 = Size("phone390", 390, 844)
TABLET768 = Size("tablet768", 768, 1024)
DESKTOP1280 = Size("desktop1280", 1280, 800)
# A journey's pages: both phones and a desktop. The pages of every role add the tablet.
JOURNEY_SIZES = (PHONE360, PHONE390, DESKTOP1280)
ALL_SIZES = (PHONE360, PHONE390, TABLET768, DESKTOP1280)
PHONE_WIDTH = PHONE390.width

# The space each role's navigation leads to (an anonymous visitor has none).
ROLE_SPACES = {"anonymous": None, "applicant": "me", "juror": "jury", "organizer": "manage"}
# Text wrapping over NARROW_LINES lines or more in a block narrower than this is squeezed.
MIN_TEXT_WIDTH = 120
NARROW_LINES = 3
NARROW_LISTED = 6  # the first ones of a page, to keep a report readable
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

_JS = (Path(__file__).parent / "checks.js").read_text()
_axe = Axe()  # reads the bundled axe.min.js once
_AXE_RUN = "() => axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations)"


def _ask(page, function, argument=None):
    """Call one of checks.js's functions in the page."""
    return page.evaluate(f"(argument) => {{\n{_JS}\nreturn {function}(argument);\n}}", argument)


def _settle(page):
    """Let what the page does on a click or a resize (transitions, charts) end first."""
    _ask(page, "settle")


# --- helpers of the journeys --------------------------------------------------------------


def tr(language, message, context=None):
    """A message as the catalogues translate it (the same catalogues the pages use)."""
    with translation.override(language):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def field(page, name):
    """A form field of the page's main content, by name."""
    return page.locator(f'main [name="{name}"]')


def _banner(page):
    return page.get_by_role("banner")


def _menu_toggle(page):
    """The header's button that unfolds the navigation while it is folded."""
    return _banner(page).locator(
        '[aria-expanded="false"]:visible, details:not([open]) > summary:visible'
    )


def open_menu(page):
    """The site's header with its navigation unfolded, if a menu button folds it (on a
    phone): where a person finds the links and the logout button."""
    links = _banner(page).locator("nav a[href]")
    if not links.first.is_visible() and _menu_toggle(page).count():
        _menu_toggle(page).first.click()
        links.first.wait_for(state="visible", timeout=2_000)
    return _banner(page)


# --- the checks, each usable on its own ------------------------------------------------


def accessibility_problems(page) -> list[str]:
    """axe-core's violations, each with its nodes. axe is put in a page once (a page
    checked at several sizes keeps it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    problems = []
    for violation in page.evaluate(_AXE_RUN):
        lines = [f"axe {violation['id']} ({violation['impact']}): {violation['help']}"]
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')[:200]}")
        problems.append("\n".join(lines))
    return problems


def assert_accessible(page):
    """Run axe-core on the page; any violation fails, every one listed with its nodes."""
    problems = accessibility_problems(page)
    if problems:
        listed = "\n- ".join(problems)
        pytest.fail(f"{len(problems)} accessibility violation(s) on {page.url}:\n- {listed}")


def assert_language(page, language):
    """`<html lang dir>` match the page language (Arabic is right to left)."""
    direction = "rtl" if language == "ar" else "ltr"
    html = page.locator("html")
    found = (html.get_attribute("lang"), html.get_attribute("dir"))
    assert found == (language, direction), (
        f"{page.url}: <html lang dir> is {found}, expected {(language, direction)}"
    )


def overflow_problems(page, width) -> list[str]:
    """The page scrolls sideways: wider than the viewport; the elements sticking out."""
    found = _ask(page, "overflow", width)
    if found["scrollWidth"] <= width:
        return []
    culprits = "; ".join(found["culprits"]) or "no element found sticking out"
    return [
        f"scrolls sideways: {found['scrollWidth']} px wide in a {width} px viewport ({culprits})"
    ]


def narrow_text_problems(page) -> list[str]:
    """Text squeezed into a column: wrapping over NARROW_LINES lines or more in a block
    narrower than MIN_TEXT_WIDTH. A badge, a number, an icon or a short label fits on one
    or two lines and is left alone; an answer broken one letter per line is not."""
    found = _ask(page, "narrowText", {"minimum": MIN_TEXT_WIDTH, "lines": NARROW_LINES})
    problems = [
        f"text squeezed into a column: {item['where']} is {item['width']} px wide "
        f"(under {MIN_TEXT_WIDTH} px) and {item['text']!r} wraps over {item['lines']} lines"
        for item in found[:NARROW_LISTED]
    ]
    if len(found) > NARROW_LISTED:
        problems.append(f"text squeezed into a column: {len(found) - NARROW_LISTED} more boxes")
    return problems


# Latin letters, accented ones included (so "Accéder" is one word, not "Acc" + "der").
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]{3,}")
# File formats, which Arabic pages name in Latin letters as Moroccan sites and the phone's
# and the computer's apps write them ("تحميل (PDF)"): allowed on every Arabic page.
FORMAT_NAMES = frozenset({"CSV", "Excel", "PDF", "JPEG"})
_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*[sdif]|\{[^}]*\}")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]{2,}")
_EDGES = " .,;:!?()[]«»\"'…·-–—/"


def _phrases(message, translated):
    """The parts of an English message a page would show verbatim: the text between its
    placeholders and tags, of two words or more, unless the translation has it too."""
    for part in _PLACEHOLDER.split(_TAG.sub("\n", message.replace("%%", "%"))):
        for line in part.split("\n"):
            phrase = " ".join(line.split()).strip(_EDGES)
            if len(_WORD.findall(phrase)) >= 2 and phrase not in translated:
                yield phrase


@cache
def english_phrases(language) -> frozenset[str]:
    """The English phrases a page in `language` must not show: from every message of the
    catalogues the pages use (Django's, the libraries', the portal's) whose translation
    differs, and from the portal's messages not translated yet."""
    messages = {}
    for key, translated in trans_real.translation(language)._catalog.items():
        message = (key[0] if isinstance(key, tuple) else key).split("\x04", 1)[-1]
        if message and translated != message:
            messages.setdefault(message, translated)
    for path in settings.LOCALE_PATHS:
        for entry in polib.pofile(str(Path(path) / language / "LC_MESSAGES" / "django.po")):
            if not entry.obsolete and (entry.fuzzy or not entry.translated()):
                messages.setdefault(entry.msgid, "")
                if entry.msgid_plural:
                    messages.setdefault(entry.msgid_plural, "")
    return frozenset(
        phrase
        for message, translated in messages.items()
        for phrase in _phrases(message, translated)
    )


def language_problems(page, language, typed_values=(), allowed=()) -> list[str]:
    """English left on a French or Arabic page: the catalogues' messages shown in
    English; on an Arabic page, any Latin word but FORMAT_NAMES and `allowed`. What the
    test typed is left out."""
    text = "\n".join(" ".join(part.split()) for part in _ask(page, "texts", language))
    for value in sorted(map(str, typed_values), key=len, reverse=True):
        text = text.replace(" ".join(value.split()), " ")
    problems = []
    if language != "en":
        shown = sorted(
            phrase
            for phrase in english_phrases(language)
            if phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        )
        if shown:
            problems.append(f"English messages of the catalogues shown untranslated: {shown}")
    if language == "ar":
        leftovers = sorted(set(LATIN_WORD.findall(text)) - FORMAT_NAMES - set(allowed))
        if leftovers:
            problems.append(f"untranslated Latin words on the Arabic page: {leftovers}")
    return problems


def _expected_controls(language, role):
    """(what, selector in the header) of each control the role's navigation offers."""
    if role == "anonymous":
        controls = [("the login link", f'a[href^="/{language}/accounts/login/"]')]
    else:
        logout = f'form[action="/{language}/accounts/logout/"] :is(button, [type="submit"])'
        controls = [("the logout button", logout)]
    controls += [
        (f"the language switcher's link to {code!r}", f'a[hreflang="{code}"]')
        for code, _name in settings.LANGUAGES
        if code != language
    ]
    if space := ROLE_SPACES[role]:
        controls.append((f"the link to /{language}/{space}/", f'a[href="/{language}/{space}/"]'))
    return controls


def navigation_problems(page, language, role, width) -> list[str]:
    """The header lets a person log in (or out), change language and reach their space:
    each control visible and clickable, after opening the menu if a button folds them.
    The menu is folded again afterwards."""
    controls = _expected_controls(language, role)
    found = _ask(page, "controls", controls)
    toggle = None
    if any(state == "hidden" for _what, state in found):
        toggles = _menu_toggle(page)
        if not toggles.count():
            hidden = ", ".join(what for what, state in found if state == "hidden")
            return [
                f"navigation not reachable: {hidden} not visible, and no visible menu "
                'button (aria-expanded="false") in the header to show them'
            ]
        toggle = toggles.first.element_handle()
        try:
            toggle.click(timeout=2_000)
        except PlaywrightError as error:
            return [f"navigation: the menu button cannot be clicked: {str(error).splitlines()[0]}"]
        _settle(page)
        found = _ask(page, "controls", controls)
    opened = " with the menu open" if toggle else ""
    problems = []
    for what, state in found:
        if state == "missing":
            problems.append(f"navigation: {what} is missing from the header")
        elif state == "hidden":
            problems.append(f"navigation: {what} is hidden{opened}")
        elif state:
            problems.append(f"navigation: {what} cannot be clicked{opened}: {state}")
    if toggle:
        problems += [f"with the menu open, {problem}" for problem in overflow_problems(page, width)]
        toggle.click()
        _settle(page)
    return problems


# --- the whole check ------------------------------------------------------------------

_collector: list | None = None  # the running test's problems, while it gathers them
_checked = collections.Counter()  # pages checked per test, to number the screenshots


@contextlib.contextmanager
def collecting():
    """While a test runs: its pages' problems, kept to report them all when it ends.
    Without it, `check_page` fails at the first page with a problem."""
    global _collector
    _collector = []
    try:
        yield _collector
    finally:
        _collector = None


def _test_name() -> str:
    current = os.environ.get("PYTEST_CURRENT_TEST", "test").split("::")[-1].split(" (")[0]
    return re.sub(r"[^\w.-]+", "-", current).strip("-")[:120]


def _slug(url) -> str:
    parts = [part for part in urlsplit(url).path.split("/") if part][1:]  # not the language
    return re.sub(r"[^\w.-]+", "-", "-".join(parts))[:80] or "home"


def check_page(
    page, language, *, role="anonymous", typed_values=(), allowed=(), sizes=JOURNEY_SIZES
):
    """Check the page a journey is on at each of `sizes` (see the module's docstring).

    `role`: "anonymous", "applicant", "juror" or "organizer", whose navigation the page
    must offer; `typed_values`: what the test typed, shown as typed in any language;
    `allowed`: Latin words an Arabic page may show. The page is left at its own size."""
    name = _test_name()
    _checked[name] += 1
    folder = SCREENSHOTS / name
    if _checked[name] == 1:
        shutil.rmtree(folder, ignore_errors=True)  # a previous run's pictures
    folder.mkdir(parents=True, exist_ok=True)
    url, own = page.url, page.viewport_size
    found = {}  # problem: the sizes it shows at
    try:
        assert_language(page, language)
    except AssertionError as error:
        found[str(error).removeprefix(f"{url}: ")] = ["every size"]
    for size in sizes:
        page.set_viewport_size({"width": size.width, "height": size.height})
        _settle(page)
        page.screenshot(
            path=folder / f"{_checked[name]:02d}-{size.name}-{language}-{_slug(url)}.png",
            full_page=True,
            scale="css",
        )
        # axe-core once per layout: both phones lay a page out alike, so the narrower one.
        phone_seen = size.width < TABLET768.width and any(
            other.width < size.width for other in sizes
        )
        for problem in (
            *overflow_problems(page, size.width),
            *narrow_text_problems(page),
            *language_problems(page, language, typed_values, allowed),
            *([] if phone_seen else accessibility_problems(page)),
            *navigation_problems(page, language, role, size.width),
        ):
            found.setdefault(problem, []).append(f"{size.name}")
    page.set_viewport_size(own)
    problems = [
        f"{url} at {', '.join(at)} ({language}): {problem}" for problem, at in found.items()
    ]
    if _collector is not None:
        _collector.extend(problems)
    elif problems:
        pytest.fail("\n".join(problems), pytrace=False)
