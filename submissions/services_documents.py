"""Missing documents: an organizer asks for one, the applicant sends it within a window.

The applicant sends the file on the request's own page; the application form stays
locked and its submitted record (`Submission`) unchanged. The file is checked as an
attachment is (`submissions.files.check_file`: its content decides its type, the call's
size limit applies) and kept on the request, which the organizers' application page
lists with its status.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from calls.enums import FileType, QuestionKind
from calls.models import Question
from notifications.services import absolute_url, email_enqueue
from submissions.enums import ApplicationStatus, EventKind
from submissions.files import CheckedFile, check_file
from submissions.models import Application, DocumentRequest
from submissions.services import ApplicationError, event_record
from submissions.texts import LANGUAGE_CODES, written_language

S = ApplicationStatus
# Applications the organizers are screening or judging: a document may be asked for.
REQUESTABLE = frozenset({S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE, S.SHORTLISTED, S.FINALIST})
SHORTEST_WINDOW = datetime.timedelta(hours=1)
LONGEST_WINDOW_DAYS = 60
DEFAULT_WINDOW_DAYS = 7


class DocumentRequestError(ApplicationError):
    """A request or an upload the rules refuse; the message is translated."""


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def window_end(*, day: datetime.date) -> datetime.datetime:
    """The end of a day in Morocco's time: a window closes at 23:59 on its last day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def window_end_after(*, days: int, now: datetime.datetime | None = None) -> datetime.datetime:
    """The window of `days` days from today, closing at the end of its last day."""
    now = now or timezone.now()
    return window_end(day=timezone.localdate(now) + datetime.timedelta(days=days))


def accepted_types(request: DocumentRequest) -> list[str]:
    """The file types the request takes: its question's, or all of them."""
    if request.question_id and request.question.file_types:
        return list(request.question.file_types)
    return list(FileType.values)


def _require_organizer(application: Application, actor: User) -> None:
    if not actor.has_perm("calls.manage_call", application.call):
        raise DocumentRequestError(_("Only the call's organizers may ask for documents."))


def _check_window(due_at: datetime.datetime, now: datetime.datetime) -> None:
    if due_at < now + SHORTEST_WINDOW:
        raise DocumentRequestError(
            _("The window must end at least one hour from now, in the future.")
        )
    last_day = timezone.localdate(now) + datetime.timedelta(days=LONGEST_WINDOW_DAYS)
    if timezone.localdate(due_at) > last_day:
        raise DocumentRequestError(
            _("The window may last %(days)s days at most.") % {"days": LONGEST_WINDOW_DAYS}
        )


@transaction.atomic
def document_request(
    *,
    application: Application,
    actor: User,
    question: Question | None = None,
    label: str = "",
    message: str = "",
    translations: Mapping[str, str] | None = None,
    due_at: datetime.datetime,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> DocumentRequest:
    """Ask the applicant for a document (a file question of the call's form, or one named
    by `label`) to send before `due_at`; the applicant is e-mailed in their language.

    `translations` holds the message by language code: the applicant gets the one in
    their language, else `message`, the message as written (by default the text in the
    organizer's language, else the first written: `submissions.texts`).

    `now` dates the request and `notify=False` sends no e-mail: both for requests recorded
    after the fact (the demo); views never give them.
    """
    now = now or timezone.now()
    application = (
        Application.objects.select_for_update()
        .select_related("call", "applicant")
        .get(pk=application.pk)
    )
    _require_organizer(application, actor)
    if application.status not in REQUESTABLE:
        raise DocumentRequestError(
            _(
                "Documents can be asked for only while an application is under review, "
                "not when it is “%(status)s”."
            )
            % {"status": application.get_status_display()}
        )
    label = " ".join((label or "").split())
    texts = {code: (translations or {}).get(code, "").strip() for code in LANGUAGE_CODES}
    written_in = written_language(texts, writer=actor.language)
    message = (message or "").strip() or (texts[written_in] if written_in else "")
    if question is not None and (
        question.kind != QuestionKind.FILE or question.step.call_id != application.call_id
    ):
        raise DocumentRequestError(_("Choose a file question of this call's form."))
    if question is None and not label:
        raise DocumentRequestError(_("Choose a document of the form or write its name."))
    if not message:
        raise DocumentRequestError(_("Tell the applicant what is missing and why."))
    if timezone.is_naive(due_at):
        raise DocumentRequestError(_("The window's end needs a time zone."))
    _check_window(due_at, now)
    request = DocumentRequest.objects.create(
        application=application,
        question=question,
        label=label,
        message=message,
        **{f"message_{code}": text for code, text in texts.items()},
        due_at=due_at,
        requested_by=actor,
        requested_at=now,
    )
    event_record(
        application=application,
        kind=EventKind.DOCUMENT_REQUESTED,
        actor=actor,
        reason=message,
        at=now,
        request=request.pk,
        document=request.title,
        due=due_at.isoformat(),
    )
    if notify:
        _applicant_notify(request=request, template="submissions/email/document_request")
    return request


def _applicant_notify(*, request: DocumentRequest, template: str) -> None:
    application = request.application
    applicant = application.applicant
    email_enqueue(
        to=applicant.email,
        template=template,
        context={
            "application": application,
            "document_request": request,
            "upload_url": absolute_url(
                "me:document_request",
                language=applicant.language,
                pk=application.pk,
                request_pk=request.pk,
            ),
        },
        language=applicant.language,
    )


def _refusal_if_closed(request: DocumentRequest, now: datetime.datetime) -> str | None:
    """Why the request no longer takes a file, or None while it does."""
    status = request.status_at(now)
    if status == DocumentRequest.Status.FULFILLED:
        return _("This document was already received on %(date)s (Morocco time).") % {
            "date": _moment(request.fulfilled_at)
        }
    if status == DocumentRequest.Status.CANCELLED:
        return _("The organizers no longer need this document.")
    if status == DocumentRequest.Status.EXPIRED:
        return _(
            "The window to send this document closed on %(date)s (Morocco time). "
            "Please write to the organizers."
        ) % {"date": _moment(request.due_at)}
    if request.application.status == ApplicationStatus.WITHDRAWN:
        return _("This application was withdrawn.")
    return None


def document_provide(
    *,
    request: DocumentRequest,
    file,
    actor: User,
    now: datetime.datetime | None = None,
) -> DocumentRequest:
    """The applicant sends the requested document while its window is open.

    The file is checked by its content (type, the call's size limit). Marking the request
    received is one conditional update, so of two uploads at once (a double tap, a second
    tab) one is kept and the other refused; the refused file is not kept. The requesting
    organizer is e-mailed that the document arrived.
    """
    now = now or timezone.now()
    request = DocumentRequest.objects.select_related(
        "application__call", "question", "requested_by"
    ).get(pk=request.pk)
    application = request.application
    if application.applicant_id != actor.pk:
        raise DocumentRequestError(
            _("Only the person who submitted this application may send its documents.")
        )
    refusal = _refusal_if_closed(request, now)
    if refusal:
        raise DocumentRequestError(refusal)
    call = application.call
    if file.size > call.attachment_max_bytes:
        raise DocumentRequestError(
            _("This file is %(size)s MB; the call accepts files up to %(limit)s MB.")
            % {"size": round(file.size / 1024 / 1024, 1), "limit": call.attachment_max_mb}
        )
    checked = check_file(file)
    accepted = accepted_types(request)
    if checked is None or checked.file_type not in accepted:
        names = ", ".join(value.upper() for value in accepted)
        raise DocumentRequestError(
            _("This file is not a document of an accepted type (%(types)s), whatever its name.")
            % {"types": names}
        )
    stored = request.file.storage.save(_stored_name(request, checked), checked.content)
    received = {
        "fulfilled_at": now,
        "file": stored,
        "original_name": checked.name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
        "provided_by": actor,
    }
    try:
        with transaction.atomic():
            claimed = DocumentRequest.objects.filter(
                pk=request.pk, fulfilled_at__isnull=True, cancelled_at__isnull=True, due_at__gt=now
            ).update(**received)
            if not claimed:
                request.refresh_from_db()
                raise DocumentRequestError(
                    _refusal_if_closed(request, now) or _("This document cannot be sent now.")
                )
            for field, value in received.items():
                setattr(request, field, value)
            event_record(
                application=application,
                kind=EventKind.DOCUMENT_PROVIDED,
                actor=actor,
                at=now,
                request=request.pk,
                document=request.title,
                name=request.original_name,
                sha256=request.sha256,
                size=request.size,
            )
            _organizer_notify(request=request)
    except Exception:
        request.file.storage.delete(stored)
        raise
    return request


def _stored_name(request: DocumentRequest, checked: CheckedFile) -> str:
    """The stored file's path, chosen by the server as for attachments."""
    probe = DocumentRequest(application=request.application, content_type=checked.content_type)
    return DocumentRequest._meta.get_field("file").generate_filename(probe, checked.name)


def _organizer_notify(*, request: DocumentRequest) -> None:
    organizer = request.requested_by
    application = request.application
    email_enqueue(
        to=organizer.email,
        template="submissions/email/document_request_received",
        context={
            "application": application,
            "document_request": request,
            "requests_url": absolute_url(
                "documents_manage:list",
                language=organizer.language,
                slug=application.call.slug,
                pk=application.pk,
            ),
        },
        language=organizer.language,
    )


@transaction.atomic
def document_request_cancel(
    *, request: DocumentRequest, actor: User, now: datetime.datetime | None = None
) -> DocumentRequest:
    """Withdraw a request not received yet, recorded in the application's history; the
    applicant is told while its window was open. A received request cannot be cancelled;
    cancelling again changes nothing and records nothing more."""
    now = now or timezone.now()
    request = (
        DocumentRequest.objects.select_for_update(of=("self",))
        .select_related("application__call", "application__applicant", "question")
        .get(pk=request.pk)
    )
    _require_organizer(request.application, actor)
    status = request.status_at(now)
    if status == DocumentRequest.Status.CANCELLED:
        return request
    received = _("This document was already received: its request cannot be cancelled.")
    if status == DocumentRequest.Status.FULFILLED:
        raise DocumentRequestError(received)
    claimed = DocumentRequest.objects.filter(
        pk=request.pk, fulfilled_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now, cancelled_by=actor)
    if not claimed:
        raise DocumentRequestError(received)
    request.cancelled_at, request.cancelled_by = now, actor
    event_record(
        application=request.application,
        kind=EventKind.DOCUMENT_REQUEST_CANCELLED,
        actor=actor,
        at=now,
        request=request.pk,
        document=request.title,
    )
    if status == DocumentRequest.Status.OPEN:
        _applicant_notify(request=request, template="submissions/email/document_request_cancelled")
    return request
