"""A call's status is decided once in Python (`Call.status_at`) and once in SQL
(`selectors.status_expression`): the two must always agree."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calls.enums import CallStatus
from calls.models import Call
from calls.selectors import calls_with_status
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

ORIGIN = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)

# Hours around the origin: a small range, so that moments often coincide exactly.
hours = st.integers(min_value=-6, max_value=6)


def at(hour, minute=0):
    return ORIGIN + datetime.timedelta(hours=hour, minutes=minute)


@st.composite
def call_dates(draw):
    opens = draw(hours)
    closes = opens + draw(st.integers(min_value=1, max_value=6))
    results = draw(st.none() | st.integers(min_value=closes, max_value=closes + 4))
    published = draw(st.none() | hours)
    return {
        "is_published": draw(st.booleans()),
        "opens_at": at(opens),
        "closes_at": at(closes),
        "results_at": None if results is None else at(results),
        "results_published_at": None if published is None else at(published),
    }


@pytest.fixture
def call():
    return CallFactory()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(dates=call_dates(), now_hour=hours, now_minute=st.sampled_from([0, 0, 0, -1, 1, 30]))
def test_status_in_python_and_in_sql_agree(call, dates, now_hour, now_minute):
    Call.objects.filter(pk=call.pk).update(**dates)
    call.refresh_from_db()
    now = at(now_hour, now_minute)

    in_sql = calls_with_status(now=now).get(pk=call.pk).current_status

    assert in_sql == call.status_at(now)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(-1), CallStatus.UPCOMING),
        (at(0), CallStatus.OPEN),  # opens at that very moment
        (at(2), CallStatus.IN_REVIEW),  # closes at that very moment
        (at(4), CallStatus.CLOSED),  # results were expected by then, not yet published
        (at(5), CallStatus.RESULTS_PUBLISHED),
    ],
)
def test_status_follows_the_dates_at_their_boundaries(call, now, expected):
    Call.objects.filter(pk=call.pk).update(
        opens_at=at(0), closes_at=at(2), results_at=at(3), results_published_at=at(5)
    )
    call.refresh_from_db()

    assert call.status_at(now) == expected
    assert calls_with_status(now=now).get(pk=call.pk).current_status == expected


def test_an_unpublished_call_is_a_draft_whatever_its_dates(call):
    Call.objects.filter(pk=call.pk).update(is_published=False)
    call.refresh_from_db()

    assert call.status_at(at(0)) == CallStatus.DRAFT
    assert calls_with_status(now=at(0)).get(pk=call.pk).current_status == CallStatus.DRAFT
