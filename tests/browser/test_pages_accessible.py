"""Public pages at every size (phones, a tablet, a desktop): axe-core clean, never
scrolling sideways, their navigation reachable (see `checks.check_page`)."""

import datetime
import re

import pytest
from django.utils import timezone

from calls.enums import QuestionKind, RuleKind
from tests.browser.checks import (
    ALL_SIZES,
    assert_accessible,
    assert_language,
    check_page,
    open_menu,
)
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    PrizeCategoryFactory,
    QuestionFactory,
    StepFactory,
)

pytestmark = pytest.mark.browser

PAGES = [
    "/fr/",
    "/ar/",
    "/en/",
    "/fr/calls/",
    "/ar/calls/",
    "/fr/calls/prix-ouvert/",
    "/ar/calls/prix-ouvert/",
    "/ar/calls/prix-ouvert/eligibility/",
    "/fr/privacy/",
    "/fr/accounts/login/",
    "/ar/accounts/login/",
    "/fr/accounts/signup/",
    "/ar/accounts/signup/",
    "/fr/no-such-page/",
    "/ar/no-such-page/",
]


@pytest.fixture
def calls(server):
    """One call of each status, so the cards and badges are on the pages checked."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    call = CallFactory(
        slug="prix-ouvert",
        summary_fr="Un prix pour les coopératives féminines.",
        summary_ar="جائزة للتعاونيات.",
        rules_fr="Les coopératives déposent un dossier complet.",
        rules_ar="تودع التعاونيات ملفا كاملا.",
    )
    EligibilityRuleFactory(call=call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=50)
    EligibilityRuleFactory(
        call=call,
        kind=RuleKind.DECLARATION,
        choices=[],
        statement_fr="Notre coopérative est enregistrée.",
        statement_ar="تعاونيتنا مسجلة.",
    )
    step = StepFactory(call=call)
    QuestionFactory(step=step, kind=QuestionKind.FILE, file_types=["pdf"])
    PrizeCategoryFactory(call=call)
    CallFactory(opens_at=now + 30 * day, closes_at=now + 60 * day)
    CallFactory(opens_at=now - 90 * day, closes_at=now - 30 * day)


@pytest.mark.parametrize("path", PAGES)
def test_public_page_is_accessible(server, calls, page, path):
    response = page.goto(server + path)

    assert response.status == (404 if "no-such-page" in path else 200)
    check_page(page, path.split("/")[1], sizes=ALL_SIZES)


@pytest.mark.parametrize("path", ["/fr/", "/fr/accounts/signup/"])
def test_open_phone_menu_is_accessible_and_fits(server, page, path):
    page.goto(server + path)
    open_menu(page)

    assert page.get_by_role("banner").locator('[aria-expanded="true"]').count() == 1
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_language_switcher_keeps_the_page(server, calls, page):
    page.goto(server + "/fr/calls/")

    # Django's own name for Arabic is written with a shadda: "العربيّة".
    open_menu(page).get_by_role("link", name=re.compile("^العربي\u0651?ة$")).click()

    page.wait_for_url(server + "/ar/calls/")
    assert_language(page, "ar")
    assert_accessible(page)
