"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser for the run of browser tests; each test gets a fresh context (cookies,
storage) with a phone viewport, or the one it parametrizes `viewport` with. `playwright
install` is never needed: Chromium is launched from `executable_path`, and axe-core comes
bundled with axe-playwright-python.
"""

import os

import pytest

from tests import services
from tests.browser import checks
from tests.browser.checks import DESKTOP1280, PHONE360, PHONE390, TABLET768

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {
    "viewport": {"width": PHONE390.width, "height": PHONE390.height},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": DESKTOP1280.width, "height": DESKTOP1280.height}}
VIEWPORTS = {
    "phone360": {**PHONE, "viewport": {"width": PHONE360.width, "height": PHONE360.height}},
    "phone390": PHONE,
    "tablet768": {**PHONE, "viewport": {"width": TABLET768.width, "height": TABLET768.height}},
    "desktop1280": DESKTOP,
}
VIEWPORTS |= {"phone": VIEWPORTS["phone390"], "desktop": VIEWPORTS["desktop1280"]}

DEFAULT_TIMEOUT_MS = 10_000


class Chromium:
    """Starts Playwright and Chromium on first use; stopped once no browser test follows.

    Playwright's sync API keeps an asyncio loop running in the test thread while it is
    started, and Django then refuses ORM calls from that thread although they are still
    synchronous and safe: DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly as long as the
    loop lives. Both end before the rest of the suite runs, so neither leaks into it
    (`check --deploy` subprocesses reject the variable).
    """

    def __init__(self):
        self.playwright = None
        self.browser = None

    def get(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=services.chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
        return self.browser

    def stop(self):
        if self.browser is not None:
            self.browser.close()
            self.playwright.stop()
            self.browser = self.playwright = None
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


CHROMIUM = Chromium()


def _is_browser_test(item):
    return item is not None and item.get_closest_marker("browser") is not None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if not _is_browser_test(nextitem):
            CHROMIUM.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """The problems `checks.check_page` found on the test's pages, all reported when the
    test ends: its failure if it passed otherwise, a section of its report if it failed."""
    with checks.collecting() as problems:
        try:
            result = yield
        except BaseException:
            if problems:
                item.add_report_section("call", "page checks", "\n".join(problems))
            raise
    if problems:
        pytest.fail(
            f"{len(problems)} problem(s) on the pages checked:\n" + "\n".join(problems),
            pytrace=False,
        )
    return result


@pytest.fixture
def browser():
    services.require("chromium")
    return CHROMIUM.get()


@pytest.fixture
def server(live_server, transactional_db):
    """The live server's base URL; the test itself may query the database too."""
    return live_server.url


@pytest.fixture
def viewport():
    """The device emulated: a phone unless a test parametrizes `viewport` with one of
    VIEWPORTS ("phone360", "phone390", "tablet768", "desktop1280"; "phone", "desktop")."""
    return "phone"


@pytest.fixture
def context(browser, viewport):
    context = browser.new_context(**VIEWPORTS[viewport])
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return page


@pytest.fixture
def new_phone(browser):
    """`new_phone(language)`: a phone of its own (cookies, storage) for another person or
    an anonymous visitor; every one is closed when the test ends, passed or failed."""
    contexts = []

    def open_phone(language="fr"):
        context = browser.new_context(**PHONE, locale=f"{language}-MA")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        return page

    yield open_phone
    for context in contexts:
        context.close()
