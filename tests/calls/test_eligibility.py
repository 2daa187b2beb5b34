"""The eligibility engine: each kind of rule met, not met, or unknown, and its words."""

import datetime

import pytest
import time_machine
from django.utils import translation

from accounts.enums import LegalForm, Region
from calls.eligibility import Profile, default_explanation, evaluate, months_between, requirement
from calls.enums import RuleKind
from calls.models import EligibilityRule
from tests.factories import OrganizationFactory

TODAY = datetime.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def rule(kind, pk=1, **fields):
    return EligibilityRule(pk=pk, kind=kind, **fields)


def met(a_rule, declarations=None, **profile):
    (result,) = evaluate([a_rule], Profile(**profile), declarations, today=TODAY).results
    return result.met


COOPERATIVES_OR_ASSOCIATIONS = rule(
    RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE, LegalForm.ASSOCIATION]
)
SOUSS_OR_ORIENTAL = rule(RuleKind.REGION_IN, choices=[Region.SOUSS_MASSA, Region.ORIENTAL])
WOMEN_80 = rule(RuleKind.WOMEN_SHARE_MIN, number=80)
YOUTH_30 = rule(RuleKind.YOUTH_SHARE_MIN, number=30)
WITHIN_2_YEARS = rule(RuleKind.FOUNDED_WITHIN_YEARS, number=2)
AT_LEAST_6_MONTHS = rule(RuleKind.FOUNDED_AT_LEAST_MONTHS, number=6)
MEMBERS_7 = rule(RuleKind.MEMBERS_MIN, number=7)
REGISTERED = rule(RuleKind.DECLARATION, pk=42, statement="We are registered with the ODCO.")


@pytest.mark.parametrize(
    ("a_rule", "profile", "expected"),
    [
        (COOPERATIVES_OR_ASSOCIATIONS, {"legal_form": LegalForm.ASSOCIATION}, True),
        (COOPERATIVES_OR_ASSOCIATIONS, {"legal_form": LegalForm.COMPANY}, False),
        (COOPERATIVES_OR_ASSOCIATIONS, {"legal_form": None}, None),
        (COOPERATIVES_OR_ASSOCIATIONS, {"legal_form": ""}, None),
        (SOUSS_OR_ORIENTAL, {"region": Region.ORIENTAL}, True),
        (SOUSS_OR_ORIENTAL, {"region": Region.FES_MEKNES}, False),
        (SOUSS_OR_ORIENTAL, {}, None),
        # 16 / 20 = 80 % exactly; 15 / 20 = 75 %; 79 / 99 = 79.8 %
        (WOMEN_80, {"members_count": 20, "women_members_count": 16}, True),
        (WOMEN_80, {"members_count": 20, "women_members_count": 15}, False),
        (WOMEN_80, {"members_count": 99, "women_members_count": 79}, False),
        (WOMEN_80, {"members_count": 5, "women_members_count": 5}, True),
        (WOMEN_80, {"members_count": 20}, None),
        (WOMEN_80, {"women_members_count": 16}, None),
        (WOMEN_80, {"members_count": 0, "women_members_count": 0}, None),
        # 3 / 10 = 30 % exactly; 2 / 7 = 28.6 %
        (YOUTH_30, {"members_count": 10, "youth_members_count": 3}, True),
        (YOUTH_30, {"members_count": 7, "youth_members_count": 2}, False),
        (YOUTH_30, {"members_count": 10, "women_members_count": 3}, None),
        (MEMBERS_7, {"members_count": 7}, True),
        (MEMBERS_7, {"members_count": 6}, False),
        (MEMBERS_7, {"members_count": None}, None),
        # Today is 14 March 2026: two years ago is 14 March 2024.
        (WITHIN_2_YEARS, {"founded_on": datetime.date(2024, 3, 15)}, True),
        (WITHIN_2_YEARS, {"founded_on": datetime.date(2024, 3, 14)}, False),
        (WITHIN_2_YEARS, {"founded_on": datetime.date(2026, 3, 14)}, True),
        (WITHIN_2_YEARS, {}, None),
        # Six months ago is 14 September 2025.
        (AT_LEAST_6_MONTHS, {"founded_on": datetime.date(2025, 9, 14)}, True),
        (AT_LEAST_6_MONTHS, {"founded_on": datetime.date(2025, 9, 15)}, False),
        (AT_LEAST_6_MONTHS, {"founded_on": datetime.date(2019, 1, 1)}, True),
        (AT_LEAST_6_MONTHS, {}, None),
    ],
)
def test_each_kind_of_rule_is_met_not_met_or_unknown(a_rule, profile, expected):
    assert met(a_rule, **profile) is expected


@pytest.mark.parametrize(
    ("declarations", "expected"),
    [({42: True}, True), ({42: False}, False), ({}, None), (None, None), ({7: True}, None)],
)
def test_declaration_is_met_only_when_answered_yes(declarations, expected):
    assert met(REGISTERED, declarations) is expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2025, 9, 14), datetime.date(2026, 3, 14), 6),
        (datetime.date(2025, 9, 15), datetime.date(2026, 3, 14), 5),
        (datetime.date(2024, 3, 14), datetime.date(2026, 3, 14), 24),
        (datetime.date(2026, 3, 14), datetime.date(2026, 3, 14), 0),
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 30), 0),
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 31), 1),
    ],
)
def test_months_between_counts_whole_months(start, end, months):
    assert months_between(start, end) == months


def test_verdict_is_eligible_only_when_every_rule_is_met():
    profile = Profile(
        legal_form=LegalForm.COOPERATIVE,
        region=Region.DRAA_TAFILALET,
        members_count=10,
        women_members_count=9,
    )
    rules = [COOPERATIVES_OR_ASSOCIATIONS, SOUSS_OR_ORIENTAL, WOMEN_80, MEMBERS_7, REGISTERED]

    verdict = evaluate(rules, profile, {42: True}, today=TODAY)

    assert [result.met for result in verdict.results] == [True, False, True, True, True]
    assert verdict.eligible is False
    assert [result.rule for result in verdict.failed] == [SOUSS_OR_ORIENTAL]
    assert verdict.unknown == []


def test_verdict_with_unknown_rules_is_not_eligible_but_lists_nothing_failed():
    verdict = evaluate([WOMEN_80, MEMBERS_7], Profile(members_count=12), today=TODAY)

    assert verdict.eligible is False
    assert verdict.failed == []
    assert [result.rule for result in verdict.unknown] == [WOMEN_80]


def test_a_call_without_rules_lets_everyone_in():
    assert evaluate([], Profile(), today=TODAY).eligible is True


def test_evaluation_counts_from_the_day_it_is_in_morocco():
    founded = Profile(founded_on=datetime.date(2025, 9, 14))
    nine_months = rule(RuleKind.FOUNDED_AT_LEAST_MONTHS, number=9)

    # Morocco is at UTC+0 during Ramadan 2026: still 13 March there, 6 months not reached.
    with time_machine.travel(datetime.datetime(2026, 3, 13, 23, 30, tzinfo=datetime.UTC)):
        in_ramadan = evaluate([AT_LEAST_6_MONTHS], founded)
    # UTC+1 in June: 23:30 UTC on 13 June is already 14 June there, nine months exactly.
    with time_machine.travel(datetime.datetime(2026, 6, 13, 23, 30, tzinfo=datetime.UTC)):
        in_june = evaluate([nine_months], founded)

    assert in_ramadan.results[0].met is False
    assert in_june.results[0].met is True


def test_profile_reads_an_organization_a_mapping_or_nothing():
    organization = OrganizationFactory.build(
        legal_form=LegalForm.COOPERATIVE,
        region=Region.ORIENTAL,
        founded_on=datetime.date(2020, 5, 1),
        members_count=12,
        women_members_count=9,
        youth_members_count=4,
    )

    from_organization = Profile.of(organization)
    from_snapshot = Profile.of(
        {"region": Region.ORIENTAL, "founded_on": "2020-05-01", "name": "ignored"}
    )

    assert from_organization == Profile(
        legal_form=LegalForm.COOPERATIVE,
        region=Region.ORIENTAL,
        founded_on=datetime.date(2020, 5, 1),
        members_count=12,
        women_members_count=9,
        youth_members_count=4,
    )
    assert from_snapshot == Profile(region=Region.ORIENTAL, founded_on=datetime.date(2020, 5, 1))
    assert Profile.of(None) == Profile()
    assert from_organization.share("women_members_count") == 75.0


@pytest.mark.parametrize(
    ("a_rule", "words"),
    [
        (COOPERATIVES_OR_ASSOCIATIONS, "Open to: Cooperative, Association."),
        (SOUSS_OR_ORIENTAL, "Organizations based in: Souss-Massa, Oriental."),
        (WOMEN_80, "At least 80 % of the members are women."),
        (YOUTH_30, "At least 30 % of the members are aged 18 to 35."),
        (WITHIN_2_YEARS, "Founded less than 2 years ago."),
        (rule(RuleKind.FOUNDED_WITHIN_YEARS, number=1), "Founded less than 1 year ago."),
        (AT_LEAST_6_MONTHS, "Founded at least 6 months ago."),
        (rule(RuleKind.FOUNDED_AT_LEAST_MONTHS, number=1), "Founded at least 1 month ago."),
        (MEMBERS_7, "At least 7 members."),
        (rule(RuleKind.MEMBERS_MIN, number=1), "At least 1 member."),
        (REGISTERED, "We are registered with the ODCO."),
        (rule(RuleKind.REGION_IN, choices=["atlantis"]), "Organizations based in: atlantis."),
    ],
)
def test_each_rule_reads_in_plain_words(a_rule, words):
    assert requirement(a_rule) == words


def test_a_failed_rule_explains_itself_by_default_or_in_the_organizers_words():
    custom = rule(RuleKind.MEMBERS_MIN, number=7, explanation="Seven founders are needed.")
    (plain, declared, organizers) = evaluate(
        [MEMBERS_7, REGISTERED, custom], Profile(members_count=3), {42: False}, today=TODAY
    ).results

    assert plain.explanation == (
        "Your organization does not meet this condition: At least 7 members."
    )
    assert declared.explanation == (
        "The call requires you to confirm: “We are registered with the ODCO.”"
    )
    assert organizers.explanation == "Seven founders are needed."
    assert default_explanation(custom) == plain.explanation
