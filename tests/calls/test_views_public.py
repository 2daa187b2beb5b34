"""The public side of calls: the list, a call's page, its rules document, the quick check."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.enums import LegalForm, Region
from calls.enums import CallKind, FileType, QuestionKind, RuleKind
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    PrizeCategoryFactory,
    QuestionFactory,
    StepFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
DAY = datetime.timedelta(days=1)
# A June day: Morocco is at UTC+1 (Ramadan aside).
NOW = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=CASABLANCA)


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response):
    """The page's text without tags, spaces collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def open_call(**kwargs):
    """A call open at NOW (the test travels there with `at_now`)."""
    return CallFactory(**{"opens_at": NOW - 10 * DAY, "closes_at": NOW + 20 * DAY, **kwargs})


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


# --- The list of calls ---------------------------------------------------------------


def cards_in(response):
    return re.findall(r'<h3><a href="/en/calls/([^/]+)/">', response.content.decode())


def test_calls_list_shows_open_calls_closing_soonest_first_then_upcoming_then_past(client, at_now):
    CallFactory(slug="past-old", opens_at=NOW - 90 * DAY, closes_at=NOW - 60 * DAY)
    CallFactory(slug="upcoming-late", opens_at=NOW + 40 * DAY, closes_at=NOW + 60 * DAY)
    CallFactory(slug="open-late", opens_at=NOW - 5 * DAY, closes_at=NOW + 30 * DAY)
    CallFactory(slug="past-recent", opens_at=NOW - 30 * DAY, closes_at=NOW - 2 * DAY)
    CallFactory(slug="upcoming-soon", opens_at=NOW + 3 * DAY, closes_at=NOW + 60 * DAY)
    CallFactory(slug="open-soon", opens_at=NOW - 5 * DAY, closes_at=NOW + 2 * DAY)

    response = client.get(url("calls:list"))

    assert cards_in(response) == [
        "open-soon",
        "open-late",
        "upcoming-soon",
        "upcoming-late",
        "past-recent",
        "past-old",
    ]
    headings = re.findall(r"<h2 id=\"calls-(\w+)\">", response.content.decode())
    assert headings == ["open", "upcoming", "past"]


def test_calls_list_leaves_out_unpublished_calls(client):
    CallFactory(slug="draft-call", is_published=False)
    CallFactory(slug="published-call")

    assert cards_in(client.get(url("calls:list"))) == ["published-call"]


def test_call_card_shows_kind_status_deadline_in_morocco_time_and_region_restriction(
    client, at_now
):
    call = CallFactory(
        kind=CallKind.ACTION_RESEARCH,
        opens_at=NOW - 10 * DAY,
        closes_at=datetime.datetime(2026, 6, 30, 22, 59, tzinfo=datetime.UTC),
    )
    EligibilityRuleFactory(
        call=call, kind=RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA, Region.ORIENTAL]
    )

    page = text_of(client.get(url("calls:list")))

    assert "Action research" in page
    assert (
        '<span class="badge badge--open">Open</span>'
        in client.get(url("calls:list")).content.decode()
    )
    assert "Closes on June 30, 2026, 11:59 p.m." in page
    assert "Organizations based in: Souss-Massa, Oriental." in page


def test_upcoming_and_past_cards_say_when_they_open_or_closed(client, at_now):
    CallFactory(
        opens_at=datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC),
        closes_at=NOW + 100 * DAY,
    )
    CallFactory(
        opens_at=NOW - 60 * DAY,
        closes_at=datetime.datetime(2026, 5, 2, 12, 0, tzinfo=datetime.UTC),
        results_at=datetime.datetime(2026, 7, 15, 12, 0, tzinfo=datetime.UTC),
    )

    page = text_of(client.get(url("calls:list")))

    assert "Opens on Sept. 1, 2026, 9 a.m." in page
    assert "Closed on May 2, 2026. Results expected on July 15, 2026" in page


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", {"open"}),
        ("upcoming", {"upcoming"}),
        ("past", {"closed", "in-review", "results-published"}),
        ("", {"open", "upcoming", "closed", "in-review", "results-published"}),
    ],
)
def test_status_filter_keeps_calls_of_that_status(client, at_now, status, expected):
    CallFactory(slug="open")
    CallFactory(slug="upcoming", opens_at=NOW + DAY, closes_at=NOW + 9 * DAY)
    CallFactory(slug="closed", opens_at=NOW - 9 * DAY, closes_at=NOW - DAY)
    CallFactory(slug="in-review", opens_at=NOW - 9 * DAY, closes_at=NOW - DAY, results_at=NOW + DAY)
    CallFactory(
        slug="results-published",
        opens_at=NOW - 9 * DAY,
        closes_at=NOW - 2 * DAY,
        results_at=NOW - DAY,
        results_published_at=NOW - DAY,
    )

    response = client.get(url("calls:list"), {"status": status})

    assert set(cards_in(response)) == expected


def test_kind_filter_keeps_calls_of_that_kind(client):
    CallFactory(slug="a-prize", kind=CallKind.PRIZE)
    CallFactory(slug="a-programme", kind=CallKind.SUPPORT_PROGRAMME)

    response = client.get(url("calls:list"), {"kind": CallKind.SUPPORT_PROGRAMME})

    assert cards_in(response) == ["a-programme"]


def test_region_filter_keeps_calls_open_to_that_region(client):
    CallFactory(slug="everywhere")
    anywhere_but_region = CallFactory(slug="souss-only")
    EligibilityRuleFactory(
        call=anywhere_but_region, kind=RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA]
    )
    oriental_and_souss = CallFactory(slug="oriental-and-souss")
    EligibilityRuleFactory(
        call=oriental_and_souss,
        kind=RuleKind.REGION_IN,
        choices=[Region.ORIENTAL, Region.SOUSS_MASSA],
    )
    two_rules = CallFactory(slug="two-region-rules")
    EligibilityRuleFactory(call=two_rules, kind=RuleKind.REGION_IN, choices=[Region.ORIENTAL])
    EligibilityRuleFactory(call=two_rules, kind=RuleKind.REGION_IN, choices=[Region.FES_MEKNES])
    other_rules_only = CallFactory(slug="cooperatives-only")
    EligibilityRuleFactory(call=other_rules_only, kind=RuleKind.LEGAL_FORM_IN)

    response = client.get(url("calls:list"), {"region": Region.ORIENTAL})

    assert set(cards_in(response)) == {"everywhere", "oriental-and-souss", "cooperatives-only"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("argan", {"french-title"}),
        ("أركان", {"arabic-title"}),
        ("saffron", {"english-summary"}),
        ("PRIX ARGAN", {"french-title"}),
        ("nothing-matches", set()),
    ],
)
def test_text_search_looks_in_titles_and_summaries_of_every_language(client, query, expected):
    CallFactory(slug="french-title", title_fr="Prix de l'argan", title_en="Nut prize")
    CallFactory(slug="arabic-title", title_ar="جائزة أركان")
    CallFactory(slug="english-summary", summary_en="For saffron growers of Taliouine.")

    response = client.get(url("calls:list"), {"q": query})

    assert set(cards_in(response)) == expected


def test_filters_combine_and_invalid_values_are_reported_not_crashing(client):
    CallFactory(slug="prize", kind=CallKind.PRIZE, title_en="Saffron prize")
    CallFactory(slug="programme", kind=CallKind.SUPPORT_PROGRAMME, title_en="Saffron programme")

    combined = client.get(url("calls:list"), {"q": "saffron", "kind": CallKind.PRIZE})
    invalid = client.get(url("calls:list"), {"status": "sideways", "region": "atlantis"})

    assert cards_in(combined) == ["prize"]
    assert invalid.status_code == 200
    assert set(cards_in(invalid)) == {"prize", "programme"}
    assert "Select a valid choice." in invalid.content.decode()


def test_an_empty_filtered_list_says_so_and_offers_every_call(client):
    CallFactory(kind=CallKind.PRIZE)

    response = client.get(url("calls:list"), {"kind": CallKind.ACTION_RESEARCH})

    assert "No call matches these filters." in text_of(response)
    assert 'href="/en/calls/">See all the calls' in response.content.decode()


def test_calls_list_is_paginated_by_twelve_with_an_accessible_navigation(client):
    CallFactory.create_batch(13, kind=CallKind.PRIZE)

    first = client.get(url("calls:list"), {"kind": CallKind.PRIZE})
    second = client.get(url("calls:list"), {"kind": CallKind.PRIZE, "page": 2})

    assert len(cards_in(first)) == 12
    assert len(cards_in(second)) == 1
    assert set(cards_in(first)).isdisjoint(cards_in(second))
    html = first.content.decode()
    assert '<nav class="pagination" aria-label="Pages of results">' in html
    assert 'href="?kind=prize&amp;page=1" aria-current="page"' in html
    assert 'href="?kind=prize&amp;page=2" rel="next"' in html
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in (
        second.content.decode()
    )


def test_a_page_number_out_of_range_shows_the_last_page(client):
    CallFactory.create_batch(13)

    response = client.get(url("calls:list"), {"page": 99})

    assert response.status_code == 200
    assert len(cards_in(response)) == 1


def make_calls_with_region_rules(count):
    for call in CallFactory.create_batch(count):
        EligibilityRuleFactory(call=call, kind=RuleKind.REGION_IN, choices=[Region.ORIENTAL])
        EligibilityRuleFactory(call=call, kind=RuleKind.MEMBERS_MIN, choices=[], number=5)


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # the count, the page of calls, the region rules of those calls
        ({}, 3),
        # and the region rules that leave a region out
        ({"region": Region.ORIENTAL, "status": "open", "q": "prix"}, 4),
    ],
)
def test_calls_list_runs_the_same_queries_for_5_and_50_calls(
    client, assert_num_queries, params, queries
):
    make_calls_with_region_rules(5)
    with assert_num_queries(queries):
        five = client.get(url("calls:list"), params)

    make_calls_with_region_rules(45)
    with assert_num_queries(queries):
        fifty = client.get(url("calls:list"), params)

    assert len(cards_in(five)) == 5
    assert len(cards_in(fifty)) == 12


def test_arabic_calls_list_renders_right_to_left_with_arabic_titles(client):
    CallFactory(title_ar="جائزة للا المتعاونة")

    response = client.get(url("calls:list", language="ar"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "جائزة للا المتعاونة" in html


def test_home_page_shows_open_calls_with_the_same_cards(client, at_now):
    call = open_call(title_en="Argan prize")
    EligibilityRuleFactory(call=call, kind=RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA])
    CallFactory(title_en="Later programme", opens_at=NOW + DAY, closes_at=NOW + 9 * DAY)

    page = text_of(client.get(url("home")))

    assert "Argan prize" in page
    assert "Organizations based in: Souss-Massa." in page
    assert "Later programme" not in page


# --- A call's page -------------------------------------------------------------------


def test_unknown_call_is_not_found(client):
    assert client.get(url("calls:detail", slug="no-such-call")).status_code == 404


def test_unpublished_call_is_not_found_anywhere_on_the_public_side(client):
    call = CallFactory(is_published=False, rules_document=ContentFile(b"%PDF-1.4", "r.pdf"))

    for name in ("calls:detail", "calls:rules_document", "calls:eligibility_check"):
        assert client.get(url(name, slug=call.slug)).status_code == 404


def test_call_page_says_what_applicants_need(client, at_now):
    call = open_call(
        kind=CallKind.CALL_FOR_PROJECTS,
        title_en="Social innovation call",
        summary_en="Projects that help rural cooperatives.",
        rules_en="Article 1: who may apply.\nArticle 2: <b>selection</b>.",
        opens_at=datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2026, 6, 30, 22, 59, tzinfo=datetime.UTC),
        results_at=datetime.datetime(2026, 9, 15, 10, 0, tzinfo=datetime.UTC),
    )

    response = client.get(url("calls:detail", slug=call.slug))

    html, page = response.content.decode(), text_of(response)
    assert "<h1>Social innovation call</h1>" in html
    assert "Call for projects" in page
    assert '<span class="badge badge--open">Open</span>' in html
    assert "Projects that help rural cooperatives." in page
    assert "<p>Article 1: who may apply.<br>Article 2: &lt;b&gt;selection&lt;/b&gt;.</p>" in html
    assert "Applications open June 1, 2026, 9 a.m." in page
    assert "Deadline June 30, 2026, 11:59 p.m." in page
    assert "Results expected Sept. 15, 2026, 11 a.m." in page
    assert "Times are those of Morocco (Africa/Casablanca)." in page
    assert "This call sets no eligibility condition: every organization may apply." in page


def test_call_page_lists_eligibility_in_plain_words_with_declarations(client, at_now):
    call = open_call()
    EligibilityRuleFactory(call=call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE])
    EligibilityRuleFactory(call=call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=80)
    EligibilityRuleFactory(
        call=call,
        kind=RuleKind.DECLARATION,
        choices=[],
        statement_en="We are registered with the cooperative development office.",
    )

    page = text_of(client.get(url("calls:detail", slug=call.slug)))

    assert (
        "Open to: Cooperative. At least 80 % of the members are women. "
        "We are registered with the cooperative development office."
    ) in page


def test_call_page_lists_the_documents_to_prepare(client):
    call = CallFactory(attachment_max_mb=5)
    step = StepFactory(call=call)
    QuestionFactory(step=step, kind=QuestionKind.LONG_TEXT, label_en="Describe your project")
    QuestionFactory(
        step=step,
        kind=QuestionKind.FILE,
        label_en="Statutes of the cooperative",
        file_types=[FileType.PDF, FileType.JPEG],
        max_files=4,
    )
    QuestionFactory(
        step=StepFactory(call=call),
        kind=QuestionKind.FILE,
        label_en="Budget",
        help_text_en="Use the template in the rules.",
        required=False,
    )

    response = client.get(url("calls:detail", slug=call.slug))

    documents = text_of(response).split("Documents to prepare", 1)[1]
    assert "Describe your project" not in documents
    assert (
        "Statutes of the cooperative Accepted: PDF, JPEG; up to 5 MB per file. "
        "Up to 4 files, for instance photos of each page."
    ) in documents
    assert (
        "Budget (optional) Use the template in the rules. Accepted: PDF, JPEG, PNG, "
        "Word (DOCX), Excel (XLSX), OpenDocument (ODT); up to 5 MB per file."
    ) in documents


def test_call_page_shows_prize_amounts_in_dirhams(client):
    call = CallFactory()
    PrizeCategoryFactory(call=call, label_en="First prize", amount_mad=100_000, count=1)
    PrizeCategoryFactory(call=call, label_en="Encouragement", rank=2, amount_mad=25_000, count=3)

    page = text_of(client.get(url("calls:detail", slug=call.slug)))

    assert "First prize : one prize of 100,000 MAD" in page
    assert "Encouragement : 3 prizes of 25,000 MAD each" in page


def test_call_page_in_french_groups_thousands_the_french_way(client):
    call = CallFactory()
    PrizeCategoryFactory(call=call, amount_mad=100_000)

    page = client.get(url("calls:detail", language="fr", slug=call.slug)).content.decode()

    assert "100\u00a0000" in page


def test_open_call_offers_apply_and_an_account_to_visitors(client, at_now):
    call = open_call()

    html = client.get(url("calls:detail", slug=call.slug)).content.decode()

    apply = f"/en/calls/{call.slug}/apply/"
    assert f'<a class="button" href="{apply}">Apply</a>' in html
    assert f'href="/en/accounts/signup/?next={apply}"' in html


def test_upcoming_call_says_when_it_opens_and_offers_no_apply(client, at_now):
    call = CallFactory(
        opens_at=datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC), closes_at=NOW + 60 * DAY
    )

    response = client.get(url("calls:detail", slug=call.slug))

    assert "Applications open on July 1, 2026, 9 a.m." in text_of(response)
    assert "/apply/" not in response.content.decode()


def test_closed_call_says_so_and_offers_no_apply(client, at_now):
    call = CallFactory(
        opens_at=NOW - 60 * DAY,
        closes_at=datetime.datetime(2026, 5, 31, 22, 59, tzinfo=datetime.UTC),
    )

    response = client.get(url("calls:detail", slug=call.slug))

    assert (
        "This call closed on May 31, 2026, 11:59 p.m.: it no longer accepts applications."
    ) in text_of(response)
    assert "/apply/" not in response.content.decode()


@pytest.mark.parametrize(
    ("closes_at", "countdown"),
    [
        # Now is 10 June 2026, 09:00 in Casablanca.
        (datetime.datetime(2026, 6, 10, 23, 59, tzinfo=CASABLANCA), "Closes today at 11:59 p.m."),
        (datetime.datetime(2026, 6, 10, 9, 1, tzinfo=CASABLANCA), "Closes today at 9:01 a.m."),
        (datetime.datetime(2026, 6, 11, 0, 30, tzinfo=CASABLANCA), "Closes tomorrow at 12:30 a.m."),
        (datetime.datetime(2026, 6, 13, 23, 59, tzinfo=CASABLANCA), "Closes in 3 days"),
        (datetime.datetime(2026, 6, 17, 9, 0, tzinfo=CASABLANCA), "Closes in 7 days"),
    ],
)
def test_countdown_is_prominent_in_the_last_week(client, at_now, closes_at, countdown):
    call = open_call(closes_at=closes_at)

    response = client.get(url("calls:detail", slug=call.slug))

    assert f'<p class="alert alert--warning countdown"><strong>{countdown}</strong>' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "closes_at",
    [
        datetime.datetime(2026, 6, 17, 9, 1, tzinfo=CASABLANCA),  # 7 days and a minute
        datetime.datetime(2026, 6, 10, 9, 0, tzinfo=CASABLANCA),  # closed this very minute
    ],
)
def test_no_countdown_before_the_last_week_or_after_closing(client, at_now, closes_at):
    call = CallFactory(opens_at=NOW - 10 * DAY, closes_at=closes_at)

    assert "countdown" not in client.get(url("calls:detail", slug=call.slug)).content.decode()


def test_countdown_in_french_uses_the_24_hour_clock(client, at_now):
    call = open_call(closes_at=datetime.datetime(2026, 6, 10, 23, 59, tzinfo=CASABLANCA))

    html = client.get(url("calls:detail", language="fr", slug=call.slug)).content.decode()

    assert "23:59" in html.split("countdown", 1)[1].split("</p>", 1)[0]


def test_arabic_call_page_renders_right_to_left(client):
    call = CallFactory(title_ar="جائزة للا المتعاونة", summary_ar="جائزة للتعاونيات النسائية")
    EligibilityRuleFactory(call=call)

    response = client.get(url("calls:detail", language="ar", slug=call.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>جائزة للا المتعاونة</h1>" in html
    assert 'action="/ar/calls/' in html


def test_call_page_queries_do_not_grow_with_rules_questions_and_prizes(client, assert_num_queries):
    """The call, its rules, its steps, their questions, its prizes."""
    call = CallFactory()

    def add_content():
        EligibilityRuleFactory(call=call)
        QuestionFactory(step=StepFactory(call=call), kind=QuestionKind.FILE)
        PrizeCategoryFactory(call=call)

    add_content()
    with assert_num_queries(5):
        client.get(url("calls:detail", slug=call.slug))
    for _ in range(5):
        add_content()
    with assert_num_queries(5):
        client.get(url("calls:detail", slug=call.slug))


# --- The rules document ----------------------------------------------------------------


def test_rules_document_is_served_inline_as_a_pdf_with_a_safe_name(client):
    call = CallFactory(slug="prix-2026")
    call.rules_document.save("Règlement final (v2).PDF", ContentFile(b"%PDF-1.4 rules"))

    response = client.get(url("calls:rules_document", slug=call.slug))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="prix-2026-reglement.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4 rules"
    detail = client.get(url("calls:detail", slug=call.slug)).content.decode()
    assert 'href="/en/calls/prix-2026/rules.pdf"' in detail


def test_rules_document_is_not_found_when_the_call_has_none(client):
    call = CallFactory()

    assert client.get(url("calls:rules_document", slug=call.slug)).status_code == 404
    assert "rules.pdf" not in client.get(url("calls:detail", slug=call.slug)).content.decode()


def test_rules_document_missing_from_storage_is_not_found(client):
    call = CallFactory(rules_document="calls/gone.pdf")

    assert client.get(url("calls:rules_document", slug=call.slug)).status_code == 404


# --- The quick eligibility check -------------------------------------------------------


@pytest.fixture
def women_coop_call():
    """Cooperatives of Souss-Massa with at least 80 % women, registered with the ODCO."""
    call = open_call(slug="women-coops")
    EligibilityRuleFactory(call=call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE])
    EligibilityRuleFactory(
        call=call, kind=RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA, Region.DRAA_TAFILALET]
    )
    EligibilityRuleFactory(
        call=call,
        kind=RuleKind.WOMEN_SHARE_MIN,
        choices=[],
        number=80,
        explanation_en="At least four members in five must be women.",
    )
    declaration = EligibilityRuleFactory(
        call=call,
        kind=RuleKind.DECLARATION,
        choices=[],
        statement_en="We are registered with the cooperative development office.",
    )
    call.declaration = declaration
    return call


def answers(call, **overrides):
    data = {
        "legal_form": LegalForm.COOPERATIVE,
        "region": Region.SOUSS_MASSA,
        "members_count": "20",
        "women_members_count": "16",
        f"declaration_{call.declaration.pk}": "yes",
    }
    return {**data, **overrides}


def result_of(response):
    html = response.content.decode()
    start = html.index('id="eligibility-result"') if 'id="eligibility-result"' in html else 0
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:]))


def test_quick_check_asks_only_what_the_rules_read(client, at_now, women_coop_call):
    html = client.get(url("calls:detail", slug=women_coop_call.slug)).content.decode()

    form = html.split('id="eligibility-fields"')[1].split("</form>")[0]
    fields = set(re.findall(r'name="([a-z_0-9]+)"', form))
    assert fields == {
        "legal_form",
        "region",
        "members_count",
        "women_members_count",
        f"declaration_{women_coop_call.declaration.pk}",
    }
    assert 'hx-post="/en/calls/women-coops/eligibility/"' in html
    assert 'hx-target="#eligibility-result"' in html
    assert '<div id="eligibility-result" class="eligibility-result" aria-live="polite">' in html


def test_quick_check_page_works_without_javascript(client, at_now, women_coop_call):
    page = client.get(url("calls:eligibility_check", slug=women_coop_call.slug))

    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Am I eligible?</h1>" in html
    assert 'method="post" action="/en/calls/women-coops/eligibility/"' in html


def test_quick_check_says_an_applicant_who_meets_every_rule_appears_eligible(
    client, at_now, women_coop_call
):
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug), answers(women_coop_call)
    )

    result = result_of(response)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "You appear eligible" in result
    assert "Apply" in result
    assert 'href="/en/calls/women-coops/apply/"' in response.content.decode()


def test_quick_check_explains_each_failed_rule(client, at_now, women_coop_call):
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug),
        answers(
            women_coop_call,
            legal_form=LegalForm.ASSOCIATION,
            women_members_count="15",
            **{f"declaration_{women_coop_call.declaration.pk}": "no"},
        ),
    )

    result = result_of(response)
    assert "You do not appear to be eligible" in result
    assert (
        "Your organization does not meet this condition: Open to: Cooperative. "
        "At least four members in five must be women. "
        "The call requires you to confirm: “We are registered with the cooperative "
        "development office.”"
    ) in result
    assert "Souss-Massa" not in result
    assert "/apply/" not in response.content.decode().split('id="eligibility-result"')[1]


def test_quick_check_accepts_exactly_the_minimum_share(client, at_now, women_coop_call):
    """16 women among 20 members is exactly 80 %."""
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug),
        answers(women_coop_call, members_count="20", women_members_count="16"),
    )

    assert "You appear eligible" in result_of(response)


def test_quick_check_with_no_member_asks_for_the_members(client, at_now, women_coop_call):
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug),
        answers(women_coop_call, members_count="0", women_members_count="0"),
    )

    assert "An organization has at least one member." in response.content.decode()
    assert "You appear eligible" not in response.content.decode()


def test_quick_check_with_htmx_returns_only_the_result_and_the_fields(
    client, at_now, women_coop_call
):
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug),
        answers(women_coop_call, region=Region.ORIENTAL),
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "<html" not in html
    assert "You do not appear to be eligible" in html
    assert "Organizations based in: Souss-Massa, Draa-Tafilalet." in html
    assert '<div id="eligibility-fields" class="form" hx-swap-oob="true">' in html
    assert "<h3>You do not appear to be eligible</h3>" in html


def test_quick_check_with_missing_answers_marks_them_and_says_so(client, at_now, women_coop_call):
    data = answers(women_coop_call, women_members_count="30")
    del data["region"]

    full_page = client.post(url("calls:eligibility_check", slug=women_coop_call.slug), data)
    fragment = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug),
        data,
        headers={"HX-Request": "true"},
    )

    for response in (full_page, fragment):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Please correct the answers marked above." in html
        assert "This field is required." in html
        assert "This cannot be more than the number of members (20)." in html
        assert "You appear eligible" not in html


def test_quick_check_is_prefilled_from_the_applicants_organization(client, at_now, women_coop_call):
    organization = OrganizationFactory(
        legal_form=LegalForm.ASSOCIATION,
        region=Region.DRAA_TAFILALET,
        members_count=31,
        women_members_count=27,
    )
    client.force_login(organization.owner)

    for name in ("calls:detail", "calls:eligibility_check"):
        html = client.get(url(name, slug=women_coop_call.slug)).content.decode()

        assert '<option value="association" selected>' in html
        assert '<option value="draa-tafilalet" selected>' in html
        assert 'name="members_count" value="31"' in html
        assert 'name="women_members_count" value="27"' in html


def test_quick_check_is_empty_for_a_logged_in_person_without_organization(
    client, at_now, women_coop_call
):
    client.force_login(UserFactory())

    html = client.get(url("calls:detail", slug=women_coop_call.slug)).content.decode()

    form = html.split('id="eligibility-fields"')[1].split("</form>")[0]
    assert re.findall(r'<option value="[^"]*" selected>', form) == [
        '<option value="" selected>',
        '<option value="" selected>',
    ]
    assert f'<a class="button" href="/en/calls/{women_coop_call.slug}/apply/">' in html
    assert "/accounts/signup/?next=" not in html


def test_quick_check_offers_an_account_to_an_eligible_visitor(client, at_now, women_coop_call):
    response = client.post(
        url("calls:eligibility_check", slug=women_coop_call.slug), answers(women_coop_call)
    )

    result = response.content.decode().split('id="eligibility-result"')[1]
    assert 'href="/en/accounts/signup/?next=/en/calls/women-coops/apply/"' in result
    assert 'href="/en/accounts/login/?next=/en/calls/women-coops/apply/"' in result


def test_quick_check_of_a_call_without_rules_says_everyone_may_apply(client, at_now):
    call = open_call()

    response = client.post(url("calls:eligibility_check", slug=call.slug), {})

    assert "This call sets no eligibility condition: every organization may apply." in text_of(
        response
    )
    assert "Check my eligibility" not in response.content.decode()


def test_quick_check_stores_nothing(client, at_now, women_coop_call):
    with CaptureQueriesContext(connection) as queries:
        client.post(
            url("calls:eligibility_check", slug=women_coop_call.slug), answers(women_coop_call)
        )

    statements = [query["sql"].split()[0].upper() for query in queries.captured_queries]
    assert statements == ["SELECT", "SELECT"]


def test_quick_check_is_not_offered_once_the_call_has_closed(client, at_now):
    call = CallFactory(opens_at=NOW - 30 * DAY, closes_at=NOW - DAY)
    EligibilityRuleFactory(call=call)

    html = client.get(url("calls:detail", slug=call.slug)).content.decode()

    assert "Open to: Cooperative." in text_of(client.get(url("calls:detail", slug=call.slug)))
    assert "Check my eligibility" not in html


def test_quick_check_in_arabic_renders_right_to_left(client, at_now, women_coop_call):
    response = client.get(url("calls:eligibility_check", language="ar", slug="women-coops"))

    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert 'action="/ar/calls/women-coops/eligibility/"' in response.content.decode()
