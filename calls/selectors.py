from django.db.models import Q, QuerySet
from django.utils import timezone

from calls.models import Call


def public_calls() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True)


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
        "past": list(
            calls.filter(Q(closes_at__lte=now)).order_by("-closes_at"),
        ),
    }
