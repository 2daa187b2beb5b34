"""The layout in Chromium: the header's navigation on a desktop and a phone, answers and
facts that read on a phone, tables that stack on a phone, pages that never widen.

Widths are those people use: 360 and 390 px phones, a 768 px tablet, 1024 and 1280 px
desktops. Sizes are measured in the page (bounding boxes, scroll width)."""

import pytest
from django.conf import settings
from django.test import Client

from calls.enums import QuestionKind
from submissions import services as submissions
from tests.browser.checks import assert_accessible, narrow_text_problems, tr
from tests.browser.results_fixtures import results_scene
from tests.factories import (
    CallFactory,
    OrganizationFactory,
    OrganizerFactory,
    QuestionFactory,
    StepFactory,
    UserFactory,
)

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


# --- answers and facts on a phone ------------------------------------------------------

LONG_ANSWER = {
    "fr": (
        "Notre coopérative transforme le safran de Taliouine. Voir "
        "https://www.cooperative-tifaouine-argan.ma/documents/plan-de-developpement-2026.pdf "
        "ou écrire à contact.cooperative.tifaouine@association-marocaine.ma."
    ),
    "ar": (
        "تعاونيتنا تثمن زعفران تالوين وتبيعه مباشرة للمحلات. الموقع "
        "https://www.cooperative-tifaouine-argan.ma/documents/plan-de-developpement-2026.pdf "
        "والبريد contact.cooperative.tifaouine@association-marocaine.ma"
    ),
}
LONG_EMAIL = "cooperative.feminine.tifaouine.argan@association-marocaine.ma"


@pytest.fixture
def submitted(server):
    """An application with long answers (a URL, an e-mail) by an owner with a long e-mail."""
    call = CallFactory(reference_prefix="SIL")
    step = StepFactory(call=call)
    questions = [
        QuestionFactory(
            step=step,
            kind=QuestionKind.LONG_TEXT,
            label_fr="Décrivez votre projet, ses bénéficiaires et ses débouchés",
            label_ar="صفوا مشروعكم والمستفيدين منه وأسواقه",
        ),
        QuestionFactory(step=step, label_fr="Site web", label_ar="الموقع"),
    ]
    organization = OrganizationFactory(owner__email=LONG_EMAIL, name="Coopérative Tifaouine")
    application = submissions.application_start(call=call, applicant=organization.owner)
    answers = {questions[0].pk: LONG_ANSWER["ar"] + " " + LONG_ANSWER["fr"]}
    answers[questions[1].pk] = "https://www.cooperative-tifaouine-argan.ma/"
    return submissions.application_submit(
        application=application, actor=organization.owner, answers=answers, notify=False
    )


def stacked_problems(page):
    """Each term of a definition list above its description, the description full width."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main dl')].flatMap(dl => {
            const width = dl.getBoundingClientRect().width;
            return [...dl.querySelectorAll(':scope > dd')].flatMap(dd => {
                const box = dd.getBoundingClientRect();
                const term = dd.previousElementSibling.getBoundingClientRect();
                const what = dd.textContent.slice(0, 30);
                return [
                    ...(box.width < width - 1 ? [`${what}: ${Math.round(box.width)} px`] : []),
                    ...(box.top < term.bottom - 1 ? [`${what}: beside its term`] : []),
                ];
            });
        })"""
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("width", [360, 390])
def test_answers_and_facts_stack_on_a_phone(open_page, server, submitted, width, language):
    page = open_page(width)
    log_in(page, server, submitted.applicant)

    for path in (
        f"/{language}/me/applications/{submitted.pk}/",
        f"/{language}/me/applications/{submitted.pk}/receipt/",
        f"/{language}/me/",
    ):
        page.goto(server + path)
        assert stacked_problems(page) == [], path
        assert page_width(page) <= width, path
    page.goto(f"{server}/{language}/me/applications/{submitted.pk}/")
    assert page.evaluate("document.documentElement.scrollHeight") < 4000


def test_answers_read_in_a_wide_column_on_a_desktop(open_page, server, submitted):
    page = open_page(1280)
    log_in(page, server, submitted.applicant)
    page.goto(f"{server}/ar/me/applications/{submitted.pk}/")

    widths = page.evaluate(
        "[...document.querySelectorAll('main dl dd')].map(dd => dd.getBoundingClientRect().width)"
    )
    assert min(widths) >= 400
    assert page_width(page) <= 1280


# --- tables: stacked on a phone, a real table on a desktop ------------------------------


@pytest.fixture
def scene(server):
    return results_scene()


def stacked_rows(page, selector):
    """For each body row of the table: its display and its cells' labels."""
    return page.evaluate(
        """selector => [...document.querySelectorAll(selector + ' > tbody > tr')].map(row => ({
            display: getComputedStyle(row).display,
            labels: [...row.querySelectorAll(':scope > td')].map(cell =>
                getComputedStyle(cell, '::before').content),
        }))""",
        selector,
    )


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_impact_and_ranking_tables_stack_on_a_phone(open_page, server, scene, language):
    page = open_page(360)
    page.goto(f"{server}/{language}/impact/")
    rows = stacked_rows(page, "table.table--stack")
    assert rows
    assert {row["display"] for row in rows} == {"block"}
    assert all(label not in ("none", "normal", '""') for row in rows for label in row["labels"])
    assert page_width(page) <= 360

    log_in(page, server, scene.organizer)
    page.goto(f"{server}/{language}/manage/calls/{scene.call.slug}/deliberation/")
    rows = stacked_rows(page, "table.ranking")
    assert len(rows) == len(scene.applications)
    assert {row["display"] for row in rows} == {"block"}
    assert all(label not in ("none", "normal", '""') for row in rows for label in row["labels"])
    assert page_width(page) <= 360
    assert_accessible(page)


def test_impact_and_ranking_tables_stay_tables_on_a_desktop(open_page, server, scene):
    page = open_page(1280)
    log_in(page, server, scene.organizer)
    for path, selector in (
        ("/fr/impact/", "section[aria-labelledby=impact-calls] table"),
        (f"/fr/manage/calls/{scene.call.slug}/deliberation/", "table.ranking"),
    ):
        page.goto(server + path)
        assert {row["display"] for row in stacked_rows(page, selector)} == {"table-row"}
        assert page.locator(f"{selector} thead").first.is_visible()
        assert page_width(page) <= 1280


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_organizers_applications_table_fits_a_desktop(open_page, server, scene, width):
    page = open_page(width)
    log_in(page, server, scene.organizer)
    page.goto(f"{server}/fr/manage/calls/{scene.call.slug}/applications/")

    wrap = page.locator("main .table-wrap").first
    assert wrap.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
    organization = page.locator("main table thead th").nth(2).bounding_box()
    assert organization["width"] >= 170
    references = page.locator("main table tbody th[scope=row] a").all()
    assert all(ref.bounding_box()["height"] < 30 for ref in references), "a reference wraps"


# --- the organizers' tables on a phone --------------------------------------------------


def organizer_table_pages(scene):
    """The back-office pages whose tables list applications, jurors and events."""
    call, round_ = scene.call, scene.round
    manage = f"/manage/calls/{call.slug}"
    return {
        "applications": f"{manage}/applications/",
        "application": f"{manage}/applications/{scene.mention.pk}/",
        "members": f"{manage}/jury/round/{round_.pk}/members/",
        "progress": f"{manage}/jury/round/{round_.pk}/progress/",
        "assignment": f"{manage}/jury/round/{round_.pk}/assignment/",
        "deliberation": f"{manage}/deliberation/",
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize(
    "name", ["applications", "application", "members", "progress", "assignment", "deliberation"]
)
def test_the_organizers_tables_fit_a_phone_and_a_tablet_without_squeezed_text(
    open_page, server, scene, name, language
):
    page = open_page(360)
    log_in(page, server, scene.organizer)
    page.goto(f"{server}/{language}{organizer_table_pages(scene)[name]}")

    for width in (360, 390, 768):
        page.set_viewport_size({"width": width, "height": 844})
        assert narrow_text_problems(page) == [], width
        assert page_width(page) <= width, width
