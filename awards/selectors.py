"""Reads of published results: a call's winners, the winners gallery across calls, an
applicant's outcomes and certificate. Nothing is found before publication: unpublished
results, another applicant's certificate and a missing one are the same 404."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.enums import Region
from awards.enums import Outcome
from awards.models import Decision
from calls.enums import CallStatus
from calls.models import Call, PrizeCategory
from submissions.enums import ApplicationStatus
from submissions.models import Application

AWARDED = (Outcome.PRIZE, Outcome.SPECIAL_MENTION)
# The final statuses the deliberation's lock gives; an applicant learns them with the results.
DECIDED = (
    ApplicationStatus.WINNER,
    ApplicationStatus.SPECIAL_MENTION,
    ApplicationStatus.NOT_SELECTED,
)


def published_calls(*, now: datetime.datetime | None = None) -> QuerySet[Call]:
    """Calls whose results are public: published call, results published, minutes locked."""
    return Call.objects.filter(
        is_published=True,
        results_published_at__lte=now or timezone.now(),
        deliberation__locked_at__isnull=False,
    )


def results_call(*, slug: str, now: datetime.datetime | None = None) -> Call:
    """A call whose results are public, with its publication (announcement)."""
    return get_object_or_404(published_calls(now=now).select_related("publication"), slug=slug)


def results_are_public(call: Call, *, now: datetime.datetime | None = None) -> bool:
    """Whether the call's results page is open; a query only once the dates say so."""
    now = now or timezone.now()
    if call.status_at(now) != CallStatus.RESULTS_PUBLISHED:
        return False
    return published_calls(now=now).filter(pk=call.pk).exists()


def organization_name(application: Application) -> str:
    return application.submitted_profile.get("name") or application.organization.name


def region_label(application: Application) -> str:
    """The region's name in the active language (lazy), as the application was submitted."""
    region = application.submitted_profile.get("region") or application.organization.region
    return Region(region).label if region in Region.values else region


@dataclass
class Laureate:
    """A winner or a special mention, as the public sees it."""

    decision: Decision
    organization: str
    region: str
    summary: str

    @property
    def reference(self) -> str:
        return self.decision.application.reference

    @property
    def distinction(self) -> str:
        """The prize's label, or "Special mention", in the active language."""
        category = self.decision.prize_category
        return category.label if category else Outcome.SPECIAL_MENTION.label


def laureate_of(decision: Decision) -> Laureate:
    """`decision` comes with its application, the application's organization and its prize."""
    application = decision.application
    return Laureate(
        decision=decision,
        organization=organization_name(application),
        region=region_label(application),
        summary=decision.public_summary,
    )


def _awarded_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.filter(outcome__in=AWARDED)
        .select_related("application__organization", "prize_category")
        .order_by("prize_category__rank", "prize_category_id", "application__reference_number")
    )


@dataclass
class CategoryResults:
    category: PrizeCategory
    laureates: list[Laureate]


@dataclass
class CallResults:
    call: Call
    categories: list[CategoryResults]
    mentions: list[Laureate]

    @property
    def winners(self) -> list[Laureate]:
        """Prize winners in prize rank order; a special mention is not a winner."""
        return [lau for group in self.categories for lau in group.laureates]

    @property
    def laureates(self) -> list[Laureate]:
        """Prize winners, then the special mentions."""
        return self.winners + self.mentions

    @property
    def total_mad(self) -> int:
        return sum(lau.decision.amount_mad for lau in self.winners)


def _grouped(call: Call, decisions: list[Decision]) -> CallResults:
    """Decisions (in prize rank order) grouped by prize category, then the mentions."""
    categories: dict[int, CategoryResults] = {}
    for decision in decisions:
        if decision.outcome == Outcome.PRIZE:
            group = categories.setdefault(
                decision.prize_category_id, CategoryResults(decision.prize_category, [])
            )
            group.laureates.append(laureate_of(decision))
    mentions = [laureate_of(d) for d in decisions if d.outcome == Outcome.SPECIAL_MENTION]
    return CallResults(call=call, categories=list(categories.values()), mentions=mentions)


def call_results(call: Call) -> CallResults:
    """The call's winners by prize category (in rank order), then its special mentions.
    One query."""
    return _grouped(call, list(_awarded_decisions().filter(deliberation__call=call)))


def winners_gallery(*, now: datetime.datetime | None = None) -> list[CallResults]:
    """Every call with published results, the latest first, with its laureates. Two
    queries, whatever the number of calls."""
    calls = (
        published_calls(now=now)
        .select_related("deliberation")
        .defer("deliberation__minutes")
        .prefetch_related(
            Prefetch("deliberation__decisions", queryset=_awarded_decisions(), to_attr="awarded")
        )
        .order_by("-results_published_at", "pk")
    )
    return [_grouped(call, call.deliberation.awarded) for call in calls]


@dataclass(frozen=True)
class ApplicantResult:
    """What an applicant learns of an application once the call's results are public."""

    application: Application
    outcome: str
    decision: Decision | None

    @property
    def has_certificate(self) -> bool:
        return self.outcome in AWARDED


def applicant_results(
    applications: Iterable[Application], *, now: datetime.datetime | None = None
) -> list[ApplicantResult]:
    """The outcome of each application (with its call loaded) whose call's results are
    public, in the order given. One query, none while no call's results are public. An
    application decided without a recorded decision (never ranked) is not selected."""
    now = now or timezone.now()
    decided = [
        application
        for application in applications
        if application.status in DECIDED
        and application.call.status_at(now) == CallStatus.RESULTS_PUBLISHED
    ]
    if not decided:
        return []
    # Results are public only once the deliberation is locked (see `published_calls`).
    decision_of = {
        application.pk: getattr(application, "decision", None)
        for application in Application.objects.filter(
            pk__in=[application.pk for application in decided],
            call__deliberation__locked_at__isnull=False,
        ).select_related("decision__prize_category")
    }
    results = []
    for application in decided:
        if application.pk not in decision_of:
            continue
        decision = decision_of[application.pk]
        if decision is not None:
            results.append(ApplicantResult(application, decision.outcome, decision))
        elif application.status == ApplicationStatus.NOT_SELECTED:
            results.append(ApplicantResult(application, Outcome.NOT_SELECTED, None))
    return results


def certificate_application(*, user, pk, now: datetime.datetime | None = None) -> Application:
    """The applicant's own application with a prize or a special mention in published
    results, with its decision; 404 for anything else."""
    return get_object_or_404(
        Application.objects.filter(
            applicant=user,
            decision__outcome__in=AWARDED,
            call__in=published_calls(now=now),
        ).select_related("call", "organization", "decision__prize_category"),
        pk=pk,
    )
