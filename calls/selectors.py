from collections.abc import Iterable

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from calls.eligibility import requirement
from calls.enums import PAST_STATUSES, CallStatus, RuleKind
from calls.models import Call, EligibilityRule, Question, Step


def status_expression(now):
    """`Call.status_at` in SQL, for filtering and ordering by status."""
    return Case(
        When(is_published=False, then=Value(CallStatus.DRAFT)),
        When(results_published_at__lte=now, then=Value(CallStatus.RESULTS_PUBLISHED)),
        When(opens_at__gt=now, then=Value(CallStatus.UPCOMING)),
        When(closes_at__gt=now, then=Value(CallStatus.OPEN)),
        When(results_at__gt=now, then=Value(CallStatus.IN_REVIEW)),
        default=Value(CallStatus.CLOSED),
        output_field=CharField(),
    )


def calls_with_status(*, now=None) -> QuerySet[Call]:
    return Call.objects.annotate(current_status=status_expression(now or timezone.now()))


def public_calls() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True)


def public_call(*, slug) -> Call:
    """A published call by its address; 404 for an unknown or unpublished one."""
    return get_object_or_404(public_calls(), slug=slug)


def calls_for_organizer(*, user) -> QuerySet[Call]:
    """The calls a person runs; a site admin runs them all. Someone whose organizer role
    was taken away runs none, even of the calls that still list them."""
    if user.is_superuser:
        return Call.objects.all()
    if not getattr(user, "is_organizer", False):
        return Call.objects.none()
    return Call.objects.filter(organizers=user)


def public_calls_by_status(*, now=None) -> dict[str, list[Call]]:
    now = now or timezone.now()
    calls = public_calls()
    return {
        "open": list(calls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")),
        "upcoming": list(calls.filter(opens_at__gt=now).order_by("opens_at")),
        "past": list(calls.filter(closes_at__lte=now).order_by("-closes_at")),
    }


def form_steps(*, call) -> list[Step]:
    """The call's form steps with their questions, in order, in two queries."""
    return list(
        call.steps.order_by("position", "pk").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
    )


def public_call_listing(*, now=None) -> QuerySet[Call]:
    """Published calls as the public list shows them: open ones first (closing soonest),
    then upcoming ones (opening soonest), then past ones (latest first). Each carries
    `current_status` and its region rules (`region_rules`) for the cards."""
    now = now or timezone.now()
    return (
        calls_with_status(now=now)
        .filter(is_published=True)
        .annotate(
            status_rank=Case(
                When(current_status=CallStatus.OPEN, then=Value(0)),
                When(current_status=CallStatus.UPCOMING, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            coming_date=Case(
                When(current_status=CallStatus.OPEN, then=F("closes_at")),
                When(current_status=CallStatus.UPCOMING, then=F("opens_at")),
            ),
            past_date=Case(When(current_status__in=PAST_STATUSES, then=F("closes_at"))),
        )
        .order_by("status_rank", "coming_date", F("past_date").desc(), "pk")
        .prefetch_related(
            Prefetch(
                "eligibility_rules",
                queryset=EligibilityRule.objects.filter(kind=RuleKind.REGION_IN),
                to_attr="region_rules",
            )
        )
    )


def call_ids_closed_to_region(*, region) -> set[int]:
    """Calls with a region rule that leaves `region` out, in one query (a JSON `contains`
    lookup is not available on every database)."""
    rules = EligibilityRule.objects.filter(kind=RuleKind.REGION_IN).values_list(
        "call_id", "choices"
    )
    return {call_id for call_id, choices in rules if region not in (choices or [])}


def call_cards(calls: Iterable[Call]) -> list[Call]:
    """The calls of `public_call_listing` as cards show them: each gets `card_status`
    (a CallStatus) and `region_requirements` (its region rules in plain words)."""
    cards = list(calls)
    for call in cards:
        call.card_status = CallStatus(call.current_status)
        call.region_requirements = [requirement(rule) for rule in call.region_rules]
    return cards


# --- the organizers' back-office ------------------------------------------------------


def calls_for_manage_home(*, user) -> QuerySet[Call]:
    """The calls a person runs, newest first, with how big their form is."""
    return (
        calls_for_organizer(user=user)
        .annotate(
            step_count=Count("steps", distinct=True),
            question_count=Count("steps__questions", distinct=True),
        )
        .order_by("-opens_at", "pk")
    )


def call_for_organizer(*, user, slug) -> Call:
    """A call the person runs, by its address; 404 for a missing call and for another
    organizer's call alike."""
    return get_object_or_404(calls_for_organizer(user=user), slug=slug)


def call_overview(*, user, slug) -> Call:
    """`call_for_organizer` with what its overview page lists, one query for each."""
    return get_object_or_404(
        calls_for_organizer(user=user)
        .select_related("duplicated_from")
        .prefetch_related("organizers", "eligibility_rules", "prize_categories", "rounds"),
        slug=slug,
    )


def rule_of_call(*, call, pk):
    """One of the call's eligibility rules; 404 for another call's."""
    return get_object_or_404(call.eligibility_rules.all(), pk=pk)


def step_of_call(*, call, pk) -> Step:
    return get_object_or_404(call.steps.all(), pk=pk)


def question_of_call(*, call, pk) -> Question:
    return get_object_or_404(Question.objects.filter(step__call=call).select_related("step"), pk=pk)
