"""The dashboard and the impact page in French and Arabic, on phones, a tablet and a
desktop (`checks.check_page`), the charts drawn inside a phone's width."""

import pytest
from django.test import Client

from tests.awards.factories import decided_call, publish
from tests.browser.checks import ALL_SIZES, PHONE_WIDTH, check_page
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


def logged_in(context, server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server}]
    )


def check(page, language, role):
    check_page(page, language, role=role, sizes=ALL_SIZES)
    charts = page.locator("svg.chart")
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        if box:  # charts folded away in a closed <details> have none
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE_WIDTH


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_dashboard_on_a_phone(server, context, page, language):
    organizer = OrganizerFactory(password=None)
    call = CallFactory(organizers=[organizer])
    bulk_applications(call, 60)
    logged_in(context, server, organizer)

    page.goto(f"{server}/{language}/manage/calls/{call.slug}/dashboard/")

    assert page.locator("svg.chart").count() >= 6
    check(page, language, "organizer")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_impact_page_on_a_phone(server, page, language):
    publish(decided_call().call)

    page.goto(f"{server}/{language}/impact/")

    assert page.locator("svg.chart").count() == 4
    check(page, language, "anonymous")
