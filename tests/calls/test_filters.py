"""The FilterSet of the public calls list, on the listing queryset."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import Region
from calls.enums import CallKind, RuleKind
from calls.filters import CallFilter
from calls.selectors import call_ids_closed_to_region, public_call_listing
from tests.factories import CallFactory, EligibilityRuleFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def slugs(data, now=None):
    filterset = CallFilter(data, queryset=public_call_listing(now=now))
    return [call.slug for call in filterset.qs]


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def calls_of_every_status(now):
    CallFactory(slug="open", opens_at=now - DAY, closes_at=now + DAY)
    CallFactory(slug="upcoming", opens_at=now + DAY, closes_at=now + 2 * DAY)
    CallFactory(slug="closed", opens_at=now - 3 * DAY, closes_at=now - DAY)
    CallFactory(
        slug="in-review", opens_at=now - 3 * DAY, closes_at=now - 2 * DAY, results_at=now + DAY
    )
    CallFactory(
        slug="results-published",
        opens_at=now - 9 * DAY,
        closes_at=now - 5 * DAY,
        results_published_at=now - DAY,
    )
    CallFactory(slug="draft", is_published=False, opens_at=now - DAY, closes_at=now + DAY)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["open"]),
        ("upcoming", ["upcoming"]),
        ("past", ["closed", "in-review", "results-published"]),
    ],
)
def test_status_filter_groups_closed_in_review_and_published_results_as_past(
    calls_of_every_status, now, status, expected
):
    assert slugs({"status": status}, now) == expected


def test_no_filter_lists_every_published_call_open_then_upcoming_then_past(
    calls_of_every_status, now
):
    assert slugs(None, now) == ["open", "upcoming", "closed", "in-review", "results-published"]


def test_a_call_closing_this_very_moment_is_past(now):
    CallFactory(slug="just-closed", opens_at=now - DAY, closes_at=now)

    assert slugs({"status": "open"}, now) == []
    assert slugs({"status": "past"}, now) == ["just-closed"]


def test_kind_filter():
    CallFactory(slug="research", kind=CallKind.ACTION_RESEARCH)
    CallFactory(slug="prize", kind=CallKind.PRIZE)

    assert slugs({"kind": CallKind.ACTION_RESEARCH}) == ["research"]


def test_region_filter_keeps_calls_without_region_rule_or_naming_the_region():
    CallFactory(slug="no-rule")
    EligibilityRuleFactory(
        call=CallFactory(slug="named"),
        kind=RuleKind.REGION_IN,
        choices=[Region.ORIENTAL, Region.FES_MEKNES],
    )
    EligibilityRuleFactory(
        call=CallFactory(slug="elsewhere"), kind=RuleKind.REGION_IN, choices=[Region.FES_MEKNES]
    )
    EligibilityRuleFactory(
        call=CallFactory(slug="no-region-listed"), kind=RuleKind.REGION_IN, choices=[]
    )

    assert set(slugs({"region": Region.ORIENTAL})) == {"no-rule", "named"}
    assert set(slugs({"region": Region.FES_MEKNES})) == {"no-rule", "named", "elsewhere"}


def test_calls_closed_to_a_region_are_found_in_one_query(django_assert_num_queries):
    kept = CallFactory()
    EligibilityRuleFactory(call=kept, kind=RuleKind.REGION_IN, choices=[Region.ORIENTAL])
    left_out = CallFactory()
    EligibilityRuleFactory(call=left_out, kind=RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA])
    EligibilityRuleFactory(call=kept, kind=RuleKind.LEGAL_FORM_IN)

    with django_assert_num_queries(1):
        closed = call_ids_closed_to_region(region=Region.ORIENTAL)

    assert closed == {left_out.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("safran", {"fr"}),
        ("زعفران", {"ar"}),
        ("SAFFRON", {"en"}),
        ("taliouine", {"fr", "ar", "en"}),
        ("safran taliouine", {"fr"}),
        ("safran rabat", set()),
        ("  ", {"fr", "ar", "en", "other"}),
    ],
)
def test_text_search_needs_every_word_in_some_title_or_summary(query, expected):
    CallFactory(slug="fr", title_fr="Prix du safran", summary_fr="Coopératives de Taliouine")
    CallFactory(slug="ar", title_ar="جائزة الزعفران", summary_ar="taliouine")
    CallFactory(slug="en", title_en="Saffron prize", summary_en="Taliouine cooperatives")
    CallFactory(slug="other", title_fr="Prix de l'argan")

    assert set(slugs({"q": query})) == expected


def test_unknown_choices_make_the_form_invalid_and_are_ignored():
    CallFactory(slug="a-call")
    filterset = CallFilter(
        {"status": "sideways", "kind": "lottery", "region": "atlantis"},
        queryset=public_call_listing(),
    )

    assert [call.slug for call in filterset.qs] == ["a-call"]
    assert set(filterset.form.errors) == {"status", "kind", "region"}


@pytest.mark.parametrize(
    ("data", "filtered"),
    [
        (None, False),
        ({}, False),
        ({"page": "2"}, False),
        ({"q": "argan"}, True),
        ({"status": "open", "q": ""}, True),
    ],
)
def test_is_filtered_tells_whether_any_filter_is_set(data, filtered):
    assert CallFilter(data, queryset=public_call_listing()).is_filtered is filtered


def test_a_search_of_a_thousand_words_uses_the_first_ones_and_answers(client, db):
    CallFactory(title_en="Argan prize")

    response = client.get("/en/calls/", {"q": " ".join(["argan"] * 1000)})

    assert response.status_code == 200
