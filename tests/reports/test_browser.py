"""The dashboard and the impact page on a phone, in French and Arabic: axe-core clean,
nothing scrolling sideways, the charts drawn inside the page's width."""

import os

import pytest
from django.test import Client

from tests.awards.factories import decided_call, publish
from tests.browser.checks import PHONE_WIDTH, assert_accessible, assert_language
from tests.browser.conftest import CHROMIUM
from tests.factories import CallFactory, OrganizerFactory
from tests.reports.conftest import bulk_applications

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True, scope="module")
def _chromium_stopped_after():
    """Chromium (and the async-unsafe allowance it needs) ends with this module, as
    tests/browser does after its own tests."""
    yield
    CHROMIUM.stop()


SCREENSHOTS = os.environ.get("REPORTS_SCREENSHOTS")  # a folder, to look at the pages


def logged_in(context, server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server}]
    )


def check(page, language, name):
    assert_language(page, language)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone ({width} px wide)"
    charts = page.locator("svg.chart")
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        if box:  # charts folded away in a closed <details> have none
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE_WIDTH
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{language}.png", full_page=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_dashboard_on_a_phone(server, context, page, language):
    organizer = OrganizerFactory(password=None)
    call = CallFactory(organizers=[organizer])
    bulk_applications(call, 60)
    logged_in(context, server, organizer)

    page.goto(f"{server}/{language}/manage/calls/{call.slug}/dashboard/")

    assert page.locator("svg.chart").count() >= 6
    check(page, language, "dashboard")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_impact_page_on_a_phone(server, page, language):
    publish(decided_call().call)

    page.goto(f"{server}/{language}/impact/")

    assert page.locator("svg.chart").count() == 4
    check(page, language, "impact")
