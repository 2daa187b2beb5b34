"""Publishing a call's results and telling every applicant, once.

Publication needs a locked deliberation; it happens now or at a scheduled time (a beat
task publishes what is due). Before it nothing leaks: the results page is a 404 and no
result e-mail exists outside the drafts. Result notices are prepared as drafts the
organizer reviews, then released together after publication: each notice is written to
the outbox in the same transaction that marks it released, so a release that stops
midway and is retried continues where it stopped and never writes a notice twice."""

import datetime
import logging

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Outcome
from awards.models import Decision, Deliberation, ResultNotice, ResultsPublication
from calls.models import Call
from juries.enums import EvaluationStatus
from juries.models import Evaluation
from notifications.enums import MessageStatus
from notifications.services import absolute_url, email_enqueue
from submissions.enums import ApplicationStatus as S
from submissions.enums import EventKind
from submissions.models import Application
from submissions.services import event_record

RELEASE_BATCH = 200
logger = logging.getLogger(__name__)


class PublicationError(Exception):
    """A publication step the rules refuse; the message is translated."""


def publication_of(call: Call) -> ResultsPublication:
    publication, _created = ResultsPublication.objects.get_or_create(call=call)
    return publication


def _require_locked(call: Call) -> None:
    if not Deliberation.objects.filter(call=call, locked_at__isnull=False).exists():
        raise PublicationError(_("Lock the deliberation first: results are published once final."))


@transaction.atomic
def publication_save(
    *, call: Call, actor, announcement: dict[str, str], include_feedback: bool
) -> ResultsPublication:
    """The announcement (per language) and whether jurors' comments go with the notices;
    editable until the notices are released."""
    publication = ResultsPublication.objects.select_for_update().get(pk=publication_of(call).pk)
    if publication.notices_released_at:
        raise PublicationError(_("The result notices are sent: the texts can no longer change."))
    for language, text in announcement.items():
        setattr(publication, f"announcement_{language}", text.strip())
    publication.include_feedback = include_feedback
    publication.save()
    return publication


@transaction.atomic
def results_publish(
    *, call: Call, actor, now: datetime.datetime | None = None
) -> ResultsPublication:
    """Make the results public now. Publishing twice is refused."""
    _require_locked(call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    publication = ResultsPublication.objects.select_for_update().get(pk=publication_of(call).pk)
    if publication.published_at:
        raise PublicationError(_("The results are already published."))
    now = now or timezone.now()
    publication.published_at = now
    publication.published_by = actor
    publication.scheduled_at = None
    publication.save(update_fields=["published_at", "published_by", "scheduled_at"])
    call.results_published_at = now
    call.save(update_fields=["results_published_at"])
    return publication


@transaction.atomic
def results_schedule(
    *, call: Call, actor, at: datetime.datetime | None, now: datetime.datetime | None = None
) -> ResultsPublication:
    """Publish at `at` (None cancels the schedule); the beat task does it when due."""
    _require_locked(call)
    publication = ResultsPublication.objects.select_for_update().get(pk=publication_of(call).pk)
    if publication.published_at:
        raise PublicationError(_("The results are already published."))
    if at is not None and at <= (now or timezone.now()):
        raise PublicationError(_("Choose a moment in the future, or publish now."))
    publication.scheduled_at = at
    publication.save(update_fields=["scheduled_at"])
    return publication


def publish_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Publish every scheduled publication whose time has come; returns their calls."""
    now = now or timezone.now()
    published = []
    due = ResultsPublication.objects.filter(
        published_at__isnull=True, scheduled_at__lte=now
    ).select_related("call", "call__deliberation")
    for publication in due:
        try:
            results_publish(call=publication.call, actor=None, now=now)
        except PublicationError:
            continue
        published.append(publication.call_id)
    return published


# --- result notices -------------------------------------------------------------------------


def _feedback(application_ids) -> dict[int, str]:
    """The jurors' overall comments per application, without their names."""
    comments: dict[int, list[str]] = {}
    evaluations = (
        Evaluation.objects.filter(
            assignment__application_id__in=application_ids,
            status=EvaluationStatus.SUBMITTED,
        )
        .exclude(overall_comment="")
        .order_by("assignment__application_id", "submitted_at", "pk")
        .values_list("assignment__application_id", "overall_comment")
    )
    for application_id, comment in evaluations:
        comments.setdefault(application_id, []).append(comment.strip())
    return {pk: "\n\n".join(texts) for pk, texts in comments.items()}


@transaction.atomic
def notices_prepare(*, call: Call, actor, now: datetime.datetime | None = None) -> int:
    """Draft the result notice of every applicant of the call (withdrawn and drafts
    aside): prize, special mention or not selected, in the applicant's language. Drafts
    are written again until they are released."""
    _require_locked(call)
    publication = ResultsPublication.objects.select_for_update().get(pk=publication_of(call).pk)
    if publication.notices_released_at:
        raise PublicationError(_("The result notices are already sent."))
    now = now or timezone.now()
    applications = list(
        Application.objects.filter(call=call)
        .exclude(status__in=(S.DRAFT, S.WITHDRAWN))
        .select_related("applicant")
        .order_by("pk")
    )
    outcomes = dict(
        Decision.objects.filter(application__call=call).values_list("application_id", "outcome")
    )
    feedback = _feedback([a.pk for a in applications]) if publication.include_feedback else {}
    ResultNotice.objects.filter(publication=publication).delete()
    ResultNotice.objects.bulk_create(
        ResultNotice(
            publication=publication,
            application=application,
            outcome=outcomes.get(application.pk, Outcome.NOT_SELECTED),
            language=application.applicant.language or "fr",
            feedback=feedback.get(application.pk, ""),
            prepared_at=now,
        )
        for application in applications
    )
    publication.notices_prepared_at = now
    publication.save(update_fields=["notices_prepared_at"])
    return len(applications)


@transaction.atomic
def notices_release(*, call: Call, actor, now: datetime.datetime | None = None) -> bool:
    """Release the prepared notices together, once, after publication. Returns False when
    they were already released (a double click)."""
    publication = ResultsPublication.objects.select_for_update().get(pk=publication_of(call).pk)
    if not publication.published_at:
        raise PublicationError(_("Publish the results first: notices go out with them."))
    if not publication.notices_prepared_at:
        raise PublicationError(_("Prepare the notices first, to review them."))
    if publication.notices_released_at:
        return False
    publication.notices_released_at = now or timezone.now()
    publication.notices_released_by = actor
    publication.save(update_fields=["notices_released_at", "notices_released_by"])
    publication_id = publication.pk
    transaction.on_commit(lambda: _queue_release(publication_id))
    return True


def _queue_release(publication_id: int) -> None:
    """Hand the release to the worker. A broker that is down is not the organizer's
    problem: the sweep (`releases_unfinished`) queues it again."""
    from awards.tasks import release_result_notices

    try:
        release_result_notices.delay(publication_id)
    except Exception:
        logger.warning("Release of result notices %s not queued; the sweep will.", publication_id)


def releases_unfinished() -> list[int]:
    """Queue again every released publication with notices not yet written to the outbox
    (a broker down at release, a writer that ran out of retries)."""
    publication_ids = list(
        ResultNotice.objects.filter(
            publication__notices_released_at__isnull=False, message__isnull=True
        )
        .values_list("publication_id", flat=True)
        .distinct()
    )
    for publication_id in publication_ids:
        _queue_release(publication_id)
    return publication_ids


def notices_write(*, publication_id: int, batch: int = RELEASE_BATCH) -> int:
    """Write released notices to the outbox, a batch per transaction; a notice already
    written is skipped, so a retry never sends twice. Returns how many were written."""
    written = 0
    while True:
        with transaction.atomic():
            notices = list(
                ResultNotice.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(publication_id=publication_id, message__isnull=True)
                .select_related(
                    "application__applicant",
                    "application__organization",
                    "application__call",
                    "application__decision__prize_category",
                )
                .order_by("pk")[:batch]
            )
            if not notices:
                return written
            for notice in notices:
                _notice_write(notice)
            written += len(notices)


def notice_context(notice: ResultNotice) -> dict:
    """What the result e-mail template reads (also for the organizer's preview)."""
    application = notice.application
    call = application.call
    return {
        "application": application,
        "call": call,
        "notice": notice,
        "decision": getattr(application, "decision", None),
        "results_url": absolute_url("results:call", language=notice.language, slug=call.slug),
        "application_url": absolute_url(
            "me:application", language=notice.language, pk=application.pk
        ),
    }


def _notice_write(notice: ResultNotice) -> None:
    now = timezone.now()
    notice.message = email_enqueue(
        to=notice.application.applicant.email,
        template="awards/email/result",
        context=notice_context(notice),
        language=notice.language,
    )
    notice.released_at = now
    notice.save(update_fields=["message", "released_at"])
    event_record(
        application=notice.application,
        kind=EventKind.RESULT_NOTIFIED,
        actor=None,
        at=now,
        outcome=notice.outcome,
    )


def notices_progress(publication: ResultsPublication) -> dict[str, int]:
    """How far the result notices are: prepared, written to the outbox, sent, failed."""
    return ResultNotice.objects.filter(publication=publication).aggregate(
        prepared=Count("pk"),
        written=Count("pk", filter=Q(message__isnull=False)),
        sent=Count("pk", filter=Q(message__status=MessageStatus.SENT)),
        failed=Count("pk", filter=Q(message__status=MessageStatus.FAILED)),
    )
