"""Reminders to applicants whose application to an open call is still a draft.

A week and a day before a call closes, each applicant with a draft for it is reminded
once per occasion ("7d", then "1d"), in their language, through the outbox, with the
call's own reminder text when it has one in that language (`calls.emails`). Nobody who
has already sent an application to the call is reminded.

Sent reminders are recorded as `calls.models.ReminderLog` rows (call, applicant,
occasion), unique together. The row is claimed before the e-mail is written, in the
same transaction: two runs at once (two beats, a retried task) send one reminder, and a
failed write leaves no row behind, so the next run tries again.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from calls.enums import CallStatus
from calls.models import Call, ReminderLog
from calls.selectors import calls_with_status
from notifications.services import absolute_url, email_enqueue
from submissions.enums import RECEIVED, ApplicationStatus
from submissions.models import Application

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TEMPLATE = "submissions/email/draft_reminder"

# The occasions, and how long before the call closes each one's window opens (it
# closes when the next one opens, or when the call closes).
OCCASIONS: list[tuple[str, datetime.timedelta]] = [
    ("7d", datetime.timedelta(days=7)),
    ("1d", datetime.timedelta(days=1)),
]


def due_occasion(closes_at: datetime.datetime, now: datetime.datetime) -> str | None:
    """The reminder whose window `now` is in, before a call closing at `closes_at`."""
    if now >= closes_at:
        return None
    due = None
    for occasion, before in OCCASIONS:
        if now >= closes_at - before:
            due = occasion
    return due


def drafts_to_remind(*, call: Call, occasion: str):
    """The call's drafts whose applicant has not had this occasion's reminder and has
    not sent an application to the call, with what the e-mail reads."""
    submitted = Application.objects.filter(call=call, status__in=RECEIVED).values("applicant_id")
    reminded = ReminderLog.objects.filter(call=call, occasion=occasion).values("applicant_id")
    return (
        Application.objects.filter(
            call=call, status=ApplicationStatus.DRAFT, applicant__is_active=True
        )
        .exclude(applicant_id__in=submitted)
        .exclude(applicant_id__in=reminded)
        .select_related("applicant", "organization", "applicant__organization")
        .order_by("pk")
    )


def _organization_name(application: Application) -> str:
    organization = application.organization or getattr(application.applicant, "organization", None)
    return organization.name if organization else application.applicant.full_name


def _remind(application: Application, *, call: Call, occasion: str, now) -> bool:
    """Remind one applicant, unless this occasion's reminder is already theirs."""
    applicant = application.applicant
    with transaction.atomic():
        _log, created = ReminderLog.objects.get_or_create(
            call=call, applicant=applicant, occasion=occasion, defaults={"sent_at": now}
        )
        if not created:
            return False
        language = applicant.language if applicant.language in LANGUAGE_CODES else "fr"
        application.call = call
        email_enqueue(
            to=applicant.email,
            template=TEMPLATE,
            context={
                "application": application,
                "call": call,
                "occasion": occasion,
                "organization_name": _organization_name(application),
                "application_url": absolute_url(
                    "apply:wizard", language=language, slug=call.slug, pk=application.pk
                ),
            },
            language=language,
        )
    return True


def draft_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Run by the beat: remind the applicants with a draft for an open call closing
    within a week (occasion "7d") or a day ("1d"), once per occasion. Returns how many
    reminders were written to the outbox."""
    now = now or timezone.now()
    longest = max(before for _occasion, before in OCCASIONS)
    calls = calls_with_status(now=now).filter(
        current_status=CallStatus.OPEN, closes_at__lte=now + longest
    )
    sent = 0
    for call in calls.order_by("closes_at", "pk"):
        occasion = due_occasion(call.closes_at, now)
        if occasion is None:
            continue
        for application in drafts_to_remind(call=call, occasion=occasion):
            sent += _remind(application, call=call, occasion=occasion, now=now)
    return sent
