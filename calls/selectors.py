from django.db.models import Case, CharField, Prefetch, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from calls.enums import CallStatus
from calls.models import Call, Question, Step


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
    """The calls a person runs; a site admin runs them all."""
    if user.is_superuser:
        return Call.objects.all()
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
