"""The layout in Chromium: the header's navigation on a desktop and a phone, answers and
facts that read on a phone, tables that stack on a phone, pages that never widen.

Widths are those people use: 360 and 390 px phones, a 768 px tablet, 1024 and 1280 px
desktops. Sizes are measured in the page (bounding boxes, scroll width)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.checks import assert_accessible, tr
from tests.factories import OrganizerFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def open_page(browser):
    """`open_page(width)`: a page of its own at that width (a phone below 700 px),
    closed when the test ends."""
    contexts = []

    def open_at(width, *, javascript=True):
        phone = width < 700
        context = browser.new_context(
            viewport={"width": width, "height": 844 if phone else 800},
            is_mobile=phone,
            has_touch=phone,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_at
    for context in contexts:
        context.close()


def log_in(page, server, user):
    """A session for `user`, as the login form would leave it."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": server}])


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def nav_link(page, language, name):
    return page.locator("#site-nav").get_by_role("link", name=tr(language, name), exact=True)


def boxes_overlap(first, second):
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


# --- the header ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("width", [1024, 1280])
def test_a_desktop_shows_login_languages_and_calls_without_a_click(
    open_page, server, width, language
):
    page = open_page(width)
    page.goto(f"{server}/{language}/")

    assert page.locator(".menu-toggle").is_visible() is False
    for name in ("Calls", "Laureates", "Impact", "Log in", "Create an account"):
        assert nav_link(page, language, name).is_visible(), name
    languages = page.locator("#site-nav a[hreflang]")
    assert languages.count() == 3
    assert all(link.is_visible() for link in languages.all())
    brand = page.locator(".brand").bounding_box()
    nav = page.locator("#site-nav").bounding_box()
    assert not boxes_overlap(brand, nav)
    assert nav["x"] >= 0
    assert nav["x"] + nav["width"] <= width
    assert page_width(page) <= width


@pytest.mark.parametrize("width", [1024, 1280])
def test_a_desktop_shows_the_organizers_space_and_logout(open_page, server, width):
    organizer = OrganizerFactory()
    page = open_page(width)
    log_in(page, server, organizer)
    page.goto(f"{server}/fr/calls/")

    assert nav_link(page, "fr", "Back-office").is_visible()
    assert nav_link(page, "fr", "My space").is_visible()
    logout = page.locator("#site-nav").get_by_role("button", name=tr("fr", "Log out"))
    assert logout.is_visible()
    assert nav_link(page, "fr", "Calls").get_attribute("aria-current") == "page"
    assert page_width(page) <= width
    nav_link(page, "fr", "Back-office").click()
    page.wait_for_url(f"{server}/fr/manage/")


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("width", [360, 390, 768])
def test_a_phone_opens_and_closes_the_menu_with_its_button(open_page, server, width, language):
    user = UserFactory()
    page = open_page(width)
    log_in(page, server, user)
    page.goto(f"{server}/{language}/")
    toggle = page.locator("header button.menu-toggle")

    assert toggle.get_attribute("aria-controls") == "site-nav"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav_link(page, language, "Calls").is_visible()

    toggle.click()

    assert toggle.get_attribute("aria-expanded") == "true"
    for name in ("Calls", "Laureates", "Impact", "My space"):
        assert nav_link(page, language, name).is_visible(), name
    assert nav_link(page, language, "Impact").get_attribute("href") == f"/{language}/impact/"
    logout = page.locator("#site-nav").get_by_role("button", name=tr(language, "Log out"))
    assert logout.is_visible()
    assert all(link.is_visible() for link in page.locator("#site-nav a[hreflang]").all())
    assert page_width(page) <= width
    assert_accessible(page)

    page.keyboard.press("Escape")

    assert toggle.get_attribute("aria-expanded") == "false"
    assert not nav_link(page, language, "Calls").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_without_javascript_the_navigation_is_simply_shown(open_page, server):
    page = open_page(390, javascript=False)
    page.goto(f"{server}/fr/")

    assert not page.locator(".menu-toggle").is_visible()
    assert nav_link(page, "fr", "Log in").is_visible()
    assert all(link.is_visible() for link in page.locator("#site-nav a[hreflang]").all())
    assert page_width(page) <= 390
