"""Every change to an application: start, save, attach, submit, withdraw, transition.

Views, the demo and (later) the back-office call these; none of them writes
`Application.status` or the answers themselves.
"""

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.services import ORGANIZATION_FIELDS, organization_save
from calls.eligibility import Profile, evaluate
from calls.enums import QuestionKind
from calls.models import Call, Question
from notifications.services import absolute_url, email_enqueue
from submissions.enums import (
    COUNTED,
    EDITABLE,
    TRANSITIONS,
    WITHDRAWABLE,
    ApplicationStatus,
    EventKind,
)
from submissions.files import check_file
from submissions.models import Answer, Application, ApplicationEvent, Attachment, Submission


class ApplicationError(Exception):
    """A change the rules refuse; the message is translated and meant for the applicant."""


def _deadline_message(call: Call) -> str:
    closes = date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")
    return _(
        "The call closed on %(date)s (Morocco time): it no longer accepts changes. "
        "Your application stays readable as a draft."
    ) % {"date": closes}


def _require_open(call: Call, now: datetime.datetime) -> None:
    if call.is_open_at(now):
        return
    if now < call.opens_at:
        raise ApplicationError(_("This call is not open yet."))
    raise ApplicationError(_deadline_message(call))


def _require_owner(application: Application, actor: User) -> None:
    if application.applicant_id != actor.pk:
        raise ApplicationError(_("Only the person who started this application may change it."))


def _require_editable(application: Application, actor: User, now: datetime.datetime) -> None:
    _require_owner(application, actor)
    if application.status not in EDITABLE:
        raise ApplicationError(_("This application can no longer be changed."))
    _require_open(application.call, now)


def application_editing_refusal(*, application: Application) -> str | None:
    """Why the applicant can no longer change this application now (submitted, or the
    call closed meanwhile), translated; None while it can be changed."""
    try:
        _require_editable(application, application.applicant, timezone.now())
    except ApplicationError as error:
        return str(error)
    return None


def event_record(
    *,
    application: Application,
    kind: str,
    actor: User | None,
    reason: str = "",
    at: datetime.datetime | None = None,
    from_status: str = "",
    to_status: str = "",
    **data,
) -> ApplicationEvent:
    """Add an entry to the application's history."""
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        reason=reason,
        from_status=from_status,
        to_status=to_status,
        data=data,
        created_at=at or timezone.now(),
    )


def application_start(
    *, call: Call, applicant: User, now: datetime.datetime | None = None
) -> Application:
    """The applicant's draft for the call, created on first use.

    Two tabs starting at once get the same draft (a unique constraint on drafts).
    """
    now = now or timezone.now()
    _require_open(call, now)
    draft = Application.objects.filter(
        call=call, applicant=applicant, status=ApplicationStatus.DRAFT
    ).first()
    if draft:
        return draft
    started = Application.objects.filter(call=call, applicant=applicant, status__in=COUNTED).count()
    if started >= call.max_applications_per_organization:
        raise ApplicationError(
            _("Your organization has already sent the applications this call allows.")
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                applicant=applicant,
                organization=getattr(applicant, "organization", None),
                created_at=now,
            )
            event_record(application=application, kind=EventKind.CREATED, actor=applicant, at=now)
    except IntegrityError:
        return Application.objects.get(
            call=call, applicant=applicant, status=ApplicationStatus.DRAFT
        )
    return application


class FormConflict(ApplicationError):
    """Another tab or device changed, since the page loaded it, a step the page shows.
    `application` is the working copy as it is saved now, for the page to compare."""

    def __init__(self, message: str, *, application: Application):
        super().__init__(message)
        self.application = application


@dataclass(frozen=True)
class FormPage:
    """The page a save comes from: the version of the working copy it holds (or was last
    told of), the token of its browser tab ("" when unknown) and the steps it shows."""

    version: int
    tab: str
    steps: tuple[str, ...]


# Where the working copy records, per step, the version and the tab of its last change.
FORM_EDITS = "edits"


def _changed_elsewhere(form_data: dict, page: FormPage) -> list[str]:
    """The page's steps that another tab or device changed after the page's version. A
    change of the page's own tab is not one: its autosave and its button may cross."""
    edits = form_data.get(FORM_EDITS, {})
    return [
        step
        for step in page.steps
        if (edit := edits.get(step))
        and int(edit["version"]) > page.version
        and not (page.tab and edit["tab"] == page.tab)
    ]


def application_save_form(
    *,
    application: Application,
    form_data: dict,
    actor: User,
    step: str | None = None,
    page: FormPage | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Keep what the applicant typed (the form's working copy), valid or not.

    Each step in `form_data["step_data"]` replaces the stored one; `step` is where the form
    resumes. The version (`form_saved_at`) moves only when an answer changes. A save from
    a `page` is refused (FormConflict) when another tab or device changed one of the steps
    the page shows, differently, since the page's version: nothing is overwritten unseen.
    """
    now = now or timezone.now()
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        _require_editable(current, actor, now)
        stored = current.form_data or {}
        step_data = stored.get("step_data", {})
        changed = {
            name: data
            for name, data in form_data.get("step_data", {}).items()
            if step_data.get(name) != data
        }
        if page is not None:
            conflicts = [
                name
                for name in _changed_elsewhere(stored, page)
                if name not in form_data.get("step_data", {}) or name in changed
            ]
            if conflicts:
                raise FormConflict(
                    _(
                        "This application was changed in another tab or on another device "
                        "since this page was opened."
                    ),
                    application=current,
                )
        changes = {}
        if changed:
            previous = current.form_saved_at
            current.form_saved_at = now
            if previous and now <= previous:  # a clock set back never reuses a version
                current.form_saved_at = previous + datetime.timedelta(microseconds=1)
            edits = dict(stored.get(FORM_EDITS, {}))
            for name in changed:
                if page is not None and name in page.steps:
                    edits[name] = {"version": current.form_version, "tab": page.tab}
            current.form_data = {**stored, "step_data": {**step_data, **changed}}
            if edits:
                current.form_data[FORM_EDITS] = edits
            changes.update(form_data=current.form_data, form_saved_at=current.form_saved_at)
        if step is not None and step != current.form_step:
            current.form_step = changes["form_step"] = step
        if changes:
            Application.objects.filter(pk=current.pk).update(**changes)
    application.form_data = current.form_data
    application.form_saved_at = current.form_saved_at
    application.form_step = current.form_step


@transaction.atomic
def application_link_organization(*, application: Application, profile: Mapping, actor: User):
    """Save the organization profile from the form and tie the application to it."""
    _require_editable(application, actor, timezone.now())
    organization = organization_save(owner=actor, data=profile)
    if application.organization_id != organization.pk:
        application.organization = organization
        application.save(update_fields=["organization"])
    return organization


def attachment_add(
    *,
    application: Application,
    question: Question,
    uploaded_file,
    actor: User,
    now: datetime.datetime | None = None,
) -> Attachment:
    """Check an uploaded file by its content and keep it for a file question."""
    now = now or timezone.now()
    _require_editable(application, actor, now)
    call = application.call
    if question.kind != QuestionKind.FILE or question.step.call_id != call.pk:
        raise ApplicationError(_("This question does not take files."))
    if uploaded_file.size > call.attachment_max_bytes:
        raise ApplicationError(
            _("This file is %(size)s MB; the call accepts files up to %(limit)s MB.")
            % {"size": round(uploaded_file.size / 1024 / 1024, 1), "limit": call.attachment_max_mb}
        )
    checked = check_file(uploaded_file)
    accepted = question.file_types or None
    if checked is None or (accepted and checked.file_type not in accepted):
        names = ", ".join(value.upper() for value in (accepted or ["pdf", "jpeg", "png"]))
        raise ApplicationError(
            _("This file is not a document of an accepted type (%(types)s), whatever its name.")
            % {"types": names}
        )
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        kept = application.attachments.filter(question=question, removed_at__isnull=True)
        if kept.count() >= question.max_files:
            raise ApplicationError(
                ngettext(
                    "This document already has its file; remove it to send another.",
                    "This document already has its %(count)s files; remove one to add another.",
                    question.max_files,
                )
                % {"count": question.max_files}
            )
        attachment = Attachment(
            application=application,
            question=question,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        attachment.file.save(checked.name, checked.content, save=False)
        attachment.save()
        event_record(
            application=application,
            kind=EventKind.ATTACHMENT_ADDED,
            actor=actor,
            at=now,
            name=attachment.original_name,
            sha256=attachment.sha256,
        )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    """Take a file out of the working copy. While the last submission holds it, the file
    stays (the organizers read what was submitted) until the next submission."""
    application = attachment.application
    now = timezone.now()
    _require_editable(application, actor, now)
    event_record(
        application=application,
        kind=EventKind.ATTACHMENT_REMOVED,
        actor=actor,
        at=now,
        name=attachment.original_name,
        sha256=attachment.sha256,
    )
    if application.submissions.exists():
        attachment.removed_at = now
        attachment.save(update_fields=["removed_at"])
    else:
        _attachments_delete([attachment])


def _attachments_delete(attachments) -> None:
    """Delete the rows now and their files once the transaction holds."""
    files = [attachment.file for attachment in attachments]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
    transaction.on_commit(lambda: [stored.storage.delete(stored.name) for stored in files])


def _missing_answers(questions, answers: Mapping, attachments: set[int]) -> list[Question]:
    missing = []
    for question in questions:
        if not question.required:
            continue
        if question.kind == QuestionKind.FILE:
            if question.pk not in attachments:
                missing.append(question)
        elif answers.get(question.pk) in (None, "", []):
            missing.append(question)
    return missing


def _fingerprint(**parts) -> str:
    encoded = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _reference(call: Call, number: int) -> str:
    return f"{call.reference_prefix}-{call.edition_year}-{number:04d}"


def _profile_data(organization) -> dict:
    return {
        field: value.isoformat() if isinstance(value, datetime.date) else value
        for field, value in ((field, getattr(organization, field)) for field in ORGANIZATION_FIELDS)
    }


@transaction.atomic
def application_submit(
    *,
    application: Application,
    actor: User,
    answers: Mapping[int, object],
    profile: Mapping | None = None,
    declarations: Mapping[int, bool] | None = None,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    """Submit (or submit again) the application while its call is open.

    `answers` maps question ids to JSON values; file questions are answered by the
    application's attachments. The application row is locked and the check made in
    the same transaction, so a double click, a second tab or a retry after a lost
    response records one submission: sending the same content again changes nothing.
    `now` is the moment of submission and `notify=False` sends no receipt: both for
    applications recorded after the fact (the demo); views never give them.
    """
    now = now or timezone.now()
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    call = Call.objects.select_for_update().get(pk=application.call_id)
    _require_editable(application, actor, now)

    if profile is not None:
        organization = organization_save(owner=actor, data=profile)
    else:
        organization = application.organization or getattr(actor, "organization", None)
    if organization is None:
        raise ApplicationError(_("Fill your organization's profile before submitting."))

    questions = list(Question.objects.filter(step__call=call))
    known = {question.pk for question in questions}
    answers = {int(pk): value for pk, value in answers.items() if int(pk) in known}
    attachments = list(application.attachments.filter(removed_at__isnull=True).order_by("pk"))
    missing = _missing_answers(questions, answers, {a.question_id for a in attachments})
    if missing:
        raise ApplicationError(
            _("Some required questions are not answered: %(questions)s.")
            % {"questions": "; ".join(question.label for question in missing)}
        )
    declarations = {int(pk): bool(value) for pk, value in (declarations or {}).items()}
    profile_data = _profile_data(organization)
    attachment_data = [
        {
            "id": a.pk,
            "question": a.question_id,
            "name": a.original_name,
            "sha256": a.sha256,
            "size": a.size,
        }
        for a in attachments
    ]
    answer_data = {str(pk): value for pk, value in answers.items()}
    fingerprint = _fingerprint(
        answers=answer_data,
        profile=profile_data,
        declarations=declarations,
        attachments=attachment_data,
    )
    last = application.submissions.order_by("-number").first()
    if last and last.fingerprint == fingerprint:
        return application

    verdict = evaluate(
        call.eligibility_rules.all(),
        Profile.of(profile_data),
        declarations,
        today=timezone.localdate(now),
    )
    first_submission = application.status == ApplicationStatus.DRAFT
    application.organization = organization
    application.profile_snapshot = {
        "profile": profile_data,
        "declarations": {str(pk): value for pk, value in declarations.items()},
    }
    application.eligible_at_submission = verdict.eligible
    application.last_submitted_at = now
    application.form_step = ""  # a later change of the application opens the form at its start
    fields = [
        "organization",
        "profile_snapshot",
        "eligible_at_submission",
        "last_submitted_at",
        "form_step",
    ]
    if first_submission:
        numbers = Application.objects.filter(call=call, reference_number__isnull=False)
        application.reference_number = (
            max(numbers.values_list("reference_number", flat=True), default=0) + 1
        )
        application.reference = _reference(call, application.reference_number)
        application.submitted_at = now
        fields += ["reference_number", "reference", "submitted_at"]
    application.save(update_fields=fields)

    Answer.objects.filter(application=application).exclude(question_id__in=answers).delete()
    for question_id, value in answers.items():
        Answer.objects.update_or_create(
            application=application, question_id=question_id, defaults={"value": value}
        )
    submission = Submission.objects.create(
        application=application,
        number=(last.number + 1) if last else 1,
        submitted_at=now,
        submitted_by=actor,
        answers=answer_data,
        profile=application.profile_snapshot,
        attachments=attachment_data,
        fingerprint=fingerprint,
    )
    if first_submission:
        _status_write(
            application=application,
            to=ApplicationStatus.SUBMITTED,
            actor=actor,
            kind=EventKind.SUBMITTED,
            now=now,
        )
    else:
        event_record(
            application=application,
            kind=EventKind.RESUBMITTED,
            actor=actor,
            at=now,
            revision=submission.number,
        )
    _attachments_delete(list(application.attachments.filter(removed_at__isnull=False)))
    if call.form_locked_at is None:
        Call.objects.filter(pk=call.pk, form_locked_at__isnull=True).update(form_locked_at=now)
    if notify:
        _receipt_enqueue(application=application, submission=submission)
    return application


def _receipt_enqueue(*, application: Application, submission: Submission) -> None:
    applicant = application.applicant
    email_enqueue(
        to=applicant.email,
        template="submissions/email/receipt",
        context={
            "application": application,
            "submission": submission,
            "summary": answers_summary(application=application),
            "attachments": list(application.attachments.filter(removed_at__isnull=True)),
            "dashboard_url": absolute_url(
                "me:application", language=applicant.language, pk=application.pk
            ),
        },
        language=applicant.language,
    )


def answers_summary(*, application: Application) -> list[tuple[Question, object]]:
    """The submitted answers next to their questions, in the form's order."""
    answers = {answer.question_id: answer.value for answer in application.answers.all()}
    questions = Question.objects.filter(step__call_id=application.call_id).exclude(
        kind=QuestionKind.FILE
    )
    return [
        (question, answers.get(question.pk))
        for question in questions.order_by("step__position", "step_id", "position", "pk")
    ]


def _status_write(
    *,
    application: Application,
    to: str,
    actor: User | None,
    kind: str,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """The only place `Application.status` is written (callers hold the row lock)."""
    now = now or timezone.now()
    previous = application.status
    application.status = to
    fields = ["status"]
    if to == ApplicationStatus.WITHDRAWN:
        application.withdrawn_at = now
        fields.append("withdrawn_at")
    application.save(update_fields=fields)
    event_record(
        application=application,
        kind=kind,
        actor=actor,
        reason=reason,
        at=now,
        from_status=previous,
        to_status=to,
    )


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to: str,
    actor: User | None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """Move an application to another status, as TRANSITIONS allow (organizers' decisions,
    screening). Repeating the current status changes nothing. `now` dates the change."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == to:
        return application
    if to not in TRANSITIONS[application.status]:
        raise ApplicationError(
            _("An application that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": application.get_status_display(),
                "target": ApplicationStatus(to).label,
            }
        )
    if to == ApplicationStatus.SUBMITTED:
        raise ApplicationError(_("Applications are submitted by their applicant."))
    _status_write(
        application=application,
        to=to,
        actor=actor,
        kind=EventKind.STATUS_CHANGED,
        reason=reason,
        now=now,
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str = "") -> Application:
    """The applicant withdraws a submitted application, or discards a draft."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_owner(application, actor)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status not in WITHDRAWABLE:
        raise ApplicationError(_("This application can no longer be withdrawn."))
    discarded = application.status == ApplicationStatus.DRAFT
    kind = EventKind.DISCARDED if discarded else EventKind.WITHDRAWN
    _status_write(
        application=application,
        to=ApplicationStatus.WITHDRAWN,
        actor=actor,
        kind=kind,
        reason=reason,
    )
    return application
