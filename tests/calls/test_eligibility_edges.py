"""Edges of the eligibility engine: month ends, rules saved without their number."""

import datetime

import pytest

from calls.eligibility import Profile, evaluate, months_between, requirement
from calls.enums import RuleKind
from calls.models import EligibilityRule


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 1),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), 1),
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 27), 0),
        (datetime.date(2025, 3, 15), datetime.date(2026, 3, 14), 11),
        (datetime.date(2025, 3, 15), datetime.date(2026, 3, 15), 12),
    ],
)
def test_whole_months_count_a_month_end_as_a_full_month(start, end, months):
    assert months_between(start, end) == months


def test_a_number_rule_without_its_number_is_unknown_not_an_error():
    rule = EligibilityRule(kind=RuleKind.MEMBERS_MIN, number=None)

    verdict = evaluate([rule], Profile(members_count=12))

    assert verdict.unknown == list(verdict.results)
    assert requirement(rule)
