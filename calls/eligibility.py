"""Eligibility: a call's rules read against an applicant's profile and declarations.

One evaluation serves the public quick check (no account), the application form and
screening. Each rule reads in plain words, and says why when it is not met.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import LegalForm, Region
from calls.enums import NUMBER_RULES, RuleKind
from calls.models import EligibilityRule

# The profile fields each kind of rule reads; a quick check asks only for these.
FIELDS_READ = {
    RuleKind.LEGAL_FORM_IN: ("legal_form",),
    RuleKind.REGION_IN: ("region",),
    RuleKind.WOMEN_SHARE_MIN: ("members_count", "women_members_count"),
    RuleKind.YOUTH_SHARE_MIN: ("members_count", "youth_members_count"),
    RuleKind.FOUNDED_WITHIN_YEARS: ("founded_on",),
    RuleKind.FOUNDED_AT_LEAST_MONTHS: ("founded_on",),
    RuleKind.MEMBERS_MIN: ("members_count",),
    RuleKind.DECLARATION: (),
}

PROFILE_FIELDS = (
    "legal_form",
    "region",
    "founded_on",
    "members_count",
    "women_members_count",
    "youth_members_count",
)


@dataclass(frozen=True)
class Profile:
    """What eligibility reads of an organization; any field may be unknown (None)."""

    legal_form: str | None = None
    region: str | None = None
    founded_on: datetime.date | None = None
    members_count: int | None = None
    women_members_count: int | None = None
    youth_members_count: int | None = None

    @classmethod
    def of(cls, source) -> "Profile":
        """From an Organization, a form's cleaned data or a stored snapshot."""
        if source is None:
            return cls()
        if isinstance(source, Mapping):
            values = {field: source.get(field) for field in PROFILE_FIELDS}
        else:
            values = {field: getattr(source, field, None) for field in PROFILE_FIELDS}
        if isinstance(values["founded_on"], str):
            values["founded_on"] = datetime.date.fromisoformat(values["founded_on"])
        return cls(**values)

    def share(self, part_field) -> float | None:
        part = getattr(self, part_field)
        if part is None or not self.members_count:
            return None
        return 100 * part / self.members_count


@dataclass(frozen=True)
class RuleResult:
    rule: EligibilityRule
    met: bool | None  # None: the information needed is missing

    @property
    def requirement(self) -> str:
        return requirement(self.rule)

    @property
    def explanation(self) -> str:
        return self.rule.explanation or default_explanation(self.rule)


@dataclass(frozen=True)
class Verdict:
    results: tuple[RuleResult, ...]

    @property
    def eligible(self) -> bool:
        return all(result.met for result in self.results)

    @property
    def failed(self) -> list[RuleResult]:
        return [result for result in self.results if result.met is False]

    @property
    def unknown(self) -> list[RuleResult]:
        return [result for result in self.results if result.met is None]


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end`; founded on 31 January, a month old on 28 February."""
    months = (end.year - start.year) * 12 + end.month - start.month
    last_day = calendar.monthrange(end.year, end.month)[1]
    return months - (end.day < min(start.day, last_day))


def rule_met(rule, profile: Profile, declarations: Mapping, today: datetime.date) -> bool | None:
    kind = rule.kind
    if kind == RuleKind.DECLARATION:
        answer = declarations.get(rule.pk)
        return None if answer is None else bool(answer)
    if kind in NUMBER_RULES and rule.number is None:
        return None  # a rule saved without its number cannot be judged
    if kind in (RuleKind.LEGAL_FORM_IN, RuleKind.REGION_IN):
        value = profile.legal_form if kind == RuleKind.LEGAL_FORM_IN else profile.region
        return None if not value else value in rule.choices
    if kind in (RuleKind.WOMEN_SHARE_MIN, RuleKind.YOUTH_SHARE_MIN):
        field = "women_members_count" if kind == RuleKind.WOMEN_SHARE_MIN else "youth_members_count"
        share = profile.share(field)
        return None if share is None else share >= rule.number
    if kind == RuleKind.MEMBERS_MIN:
        return None if profile.members_count is None else profile.members_count >= rule.number
    if profile.founded_on is None:
        return None
    age_in_months = months_between(profile.founded_on, today)
    if kind == RuleKind.FOUNDED_WITHIN_YEARS:
        return age_in_months < 12 * rule.number
    return age_in_months >= rule.number  # FOUNDED_AT_LEAST_MONTHS


def evaluate(
    rules: Iterable[EligibilityRule],
    profile: Profile,
    declarations: Mapping | None = None,
    today: datetime.date | None = None,
) -> Verdict:
    """Every rule read against the profile; `declarations` maps rule ids to yes/no."""
    today = today or timezone.localdate()
    declarations = declarations or {}
    return Verdict(
        tuple(RuleResult(rule, rule_met(rule, profile, declarations, today)) for rule in rules)
    )


def _labels(choices, enum) -> str:
    names = dict(enum.choices)
    return ", ".join(str(names.get(value, value)) for value in choices)


def requirement(rule) -> str:
    """The rule in plain words, as the call page lists it."""
    n = rule.number or 0
    match rule.kind:
        case RuleKind.LEGAL_FORM_IN:
            return _("Open to: %(forms)s.") % {"forms": _labels(rule.choices, LegalForm)}
        case RuleKind.REGION_IN:
            return _("Organizations based in: %(regions)s.") % {
                "regions": _labels(rule.choices, Region)
            }
        case RuleKind.WOMEN_SHARE_MIN:
            return _("At least %(n)s %% of the members are women.") % {"n": n}
        case RuleKind.YOUTH_SHARE_MIN:
            return _("At least %(n)s %% of the members are aged 18 to 35.") % {"n": n}
        case RuleKind.FOUNDED_WITHIN_YEARS:
            return ngettext(
                "Founded less than %(n)s year ago.", "Founded less than %(n)s years ago.", n
            ) % {"n": n}
        case RuleKind.FOUNDED_AT_LEAST_MONTHS:
            return ngettext(
                "Founded at least %(n)s month ago.", "Founded at least %(n)s months ago.", n
            ) % {"n": n}
        case RuleKind.MEMBERS_MIN:
            return ngettext("At least %(n)s member.", "At least %(n)s members.", n) % {"n": n}
    return rule.statement


def default_explanation(rule) -> str:
    """Why an applicant who does not meet the rule cannot apply, in plain words."""
    if rule.kind == RuleKind.DECLARATION:
        return _("The call requires you to confirm: “%(statement)s”") % {
            "statement": rule.statement
        }
    return _("Your organization does not meet this condition: %(requirement)s") % {
        "requirement": requirement(rule)
    }
