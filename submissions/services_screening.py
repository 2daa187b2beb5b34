"""What organizers do to a call's received applications from the back-office: screen them
eligible or not eligible (one, or many at once) and write to their applicants.

Status changes go through `submissions.services.application_transition`, which writes the
history (who, when, from → to, the reason); e-mails through the outbox
(`notifications.services.email_enqueue`), in each recipient's language. Every function
checks that the actor organizes the call (`calls.manage_call`) and works only on the
call's received applications. Refusals are `ScreeningError`s with a translated message.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from calls.models import Call
from notifications.services import absolute_url, email_enqueue
from submissions.enums import TRANSITIONS, ApplicationStatus, EventKind
from submissions.models import Application, ApplicationEvent
from submissions.services import ApplicationError, application_transition
from submissions.texts import (
    LANGUAGE_CODES,
    LANGUAGE_NAMES,
    reader_language,
    readers_by_language,
    text_for,
    written_language,
)

S = ApplicationStatus
Progress = Callable[[int, int], None] | None
SCREENING_STATUSES = (S.ELIGIBLE, S.INELIGIBLE)
# Applications locked and moved per transaction in a bulk screening: rows stay locked
# briefly and a list of ids never outgrows a database's limit on query parameters.
BATCH_SIZE = 200
REASON_LENGTH = 1000
SUBJECT_LENGTH = 200
BODY_LENGTH = 10_000
MESSAGE_TEMPLATE = "submissions/manage/email/organizer_message"


class ScreeningError(ApplicationError):
    """A screening or a message the rules refuse; the message is meant for the organizer."""


def _require_organizer(actor: User, call: Call) -> None:
    if actor is None or not actor.has_perm("calls.manage_call", call):
        raise ScreeningError(_("Only the organizers of the call may do this."))


def _require_screening_status(to: str) -> None:
    if to not in SCREENING_STATUSES:
        raise ScreeningError(_("Screening makes an application eligible or not eligible."))


def contradicts(*, automatic: bool | None, to: str) -> bool:
    """The decision goes against the automatic eligibility result (an unknown result is
    contradicted by nothing)."""
    if automatic is None:
        return False
    return (to == S.ELIGIBLE) != automatic


def _received(call: Call, applications: QuerySet | None = None) -> QuerySet[Application]:
    """The call's received applications among `applications` (all of them by default)."""
    received = Application.objects.filter(call=call, submitted_at__isnull=False)
    if applications is not None:
        received = received.filter(pk__in=applications.values("pk"))
    return received


def _clean_reason(reason: str) -> str:
    return (reason or "").strip()[:REASON_LENGTH]


def application_screen(
    *,
    application: Application,
    to: str,
    actor: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """An organizer screens one application eligible or not eligible. The reason is
    required when the decision goes against the automatic result; it is kept in the
    history either way. Screening it as it already is changes nothing."""
    _require_screening_status(to)
    _require_organizer(actor, application.call)
    reason = _clean_reason(reason)
    if application.submitted_at is None:
        raise ScreeningError(_("A draft is its applicant's: it cannot be screened."))
    if contradicts(automatic=application.eligible_at_submission, to=to) and not reason:
        raise ScreeningError(
            _(
                "Say why you decide against the automatic eligibility result: it is kept in "
                "the history."
            )
        )
    return application_transition(
        application=application, to=to, actor=actor, reason=reason, now=now
    )


@dataclass
class ScreeningReport:
    """What a bulk screening does (a preview) or did: how many applications change, how
    many already had the status, how many cannot take it (by their status)."""

    to: str
    changed: int = 0
    unchanged: int = 0
    refused: Counter = field(default_factory=Counter)
    contradicting: int = 0  # of those that change: the automatic result says otherwise

    @property
    def refused_count(self) -> int:
        return sum(self.refused.values())

    @property
    def total(self) -> int:
        return self.changed + self.unchanged + self.refused_count

    @property
    def refused_labels(self) -> list[tuple[str, int]]:
        """(status label, count) of the applications that cannot take the status."""
        return [(str(status.label), self.refused[status]) for status in S if self.refused[status]]


def _sources(to: str) -> list[str]:
    """The statuses from which an application may take `to`."""
    return [status for status, moves in TRANSITIONS.items() if to in moves]


def _sorts(status: str, to: str) -> str:
    if status == to:
        return "unchanged"
    return "changed" if to in TRANSITIONS[status] else "refused"


def screening_preview(*, call: Call, applications: QuerySet, to: str) -> ScreeningReport:
    """What screening `applications` to `to` would do, in one query."""
    _require_screening_status(to)
    report = ScreeningReport(to=to)
    rows = (
        _received(call, applications)
        .order_by()
        .values("status", "eligible_at_submission")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        outcome, n = _sorts(row["status"], to), row["n"]
        if outcome == "unchanged":
            report.unchanged += n
        elif outcome == "changed":
            report.changed += n
            if contradicts(automatic=row["eligible_at_submission"], to=to):
                report.contradicting += n
        else:
            report.refused[row["status"]] += n
    return report


def bulk_reason_required(*, to: str, contradicting: int) -> bool:
    """Screening many as not eligible always says why; as eligible, when some of them were
    found not eligible automatically."""
    return to == S.INELIGIBLE or contradicting > 0


def screening_check(
    *, call: Call, applications: QuerySet, to: str, actor: User, reason: str = ""
) -> str:
    """Refuse a bulk screening the rules do not allow; return the reason as it is kept.
    Not eligible always needs a reason; eligible too when some of those that would change
    were found not eligible automatically."""
    _require_screening_status(to)
    _require_organizer(actor, call)
    reason = _clean_reason(reason)
    if not reason and to == S.INELIGIBLE:
        raise ScreeningError(
            _("Say why these applications are not eligible: it is kept in their history.")
        )
    if (
        not reason
        and _received(call, applications)
        .filter(status__in=_sources(to), eligible_at_submission=False)
        .exists()
    ):
        raise ScreeningError(
            _(
                "Some of these applications were found not eligible automatically: say why "
                "you screen them eligible. It is kept in their history."
            )
        )
    return reason


def applications_screen(
    *,
    call: Call,
    applications: QuerySet,
    to: str,
    actor: User,
    reason: str = "",
    now: datetime.datetime | None = None,
    progress: Progress = None,
) -> ScreeningReport:
    """Screen every received application of the call among `applications` to `to`.

    Those already there are left as they are; those that cannot take the status (withdrawn,
    decided…) are counted, by status, and left too. The others move one by one through
    `application_transition` (a history entry each, with the reason and the actor), in
    transactions of BATCH_SIZE applications whose rows are locked first, in id order;
    `progress(done, total)` is told after each.
    """
    reason = screening_check(
        call=call, applications=applications, to=to, actor=actor, reason=reason
    )
    received = _received(call, applications)
    now = now or timezone.now()
    report = ScreeningReport(to=to)
    ids = list(received.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        with transaction.atomic():
            rows = (
                Application.objects.select_for_update()
                .filter(pk__in=batch)
                .order_by("pk")
                .values_list("pk", "status", "eligible_at_submission")
            )
            for pk, status, automatic in rows:
                outcome = _sorts(status, to)
                if outcome == "unchanged":
                    report.unchanged += 1
                elif outcome == "refused":
                    report.refused[status] += 1
                else:
                    application_transition(
                        application=Application(pk=pk), to=to, actor=actor, reason=reason, now=now
                    )
                    report.changed += 1
                    report.contradicting += contradicts(automatic=automatic, to=to)
        if progress:
            progress(start + len(batch), len(ids))
    return report


# --- writing to applicants --------------------------------------------------------------


def _one_line(text: str) -> str:
    """Line breaks and runs of spaces as one space: nothing typed reaches another header."""
    return " ".join((text or "").split())


@dataclass
class MessageReport:
    messages: int  # e-mails written to the outbox, one per applicant
    applications: int


def message_recipients(*, call: Call, applications: QuerySet) -> MessageReport:
    """How many applicants (and applications) a message to `applications` reaches."""
    counts = _received(call, applications).aggregate(
        applications=Count("pk"), messages=Count("applicant", distinct=True)
    )
    return MessageReport(**counts)


def recipient_languages(*, call: Call, applications: QuerySet) -> dict[str, int]:
    """How many of the applicants a message to `applications` reaches read each
    language. One query."""
    rows = (
        _received(call, applications)
        .order_by()
        .values_list("applicant_id", "applicant__language")
        .distinct()
    )
    return readers_by_language(language for _applicant, language in rows)


Texts = Mapping[str, Mapping[str, str]]


def message_check(*, call: Call, actor: User, texts: Texts, writer: str) -> tuple[dict, str]:
    """Refuse a message written in no language, or with a subject without its text (or
    the reverse) in one; return the texts as they are sent, by language (the subjects on
    one line), and the language of the message as written (`submissions.texts`), which
    applicants get when there is none in theirs."""
    _require_organizer(actor, call)
    cleaned = {}
    for code in LANGUAGE_CODES:
        written = texts.get(code) or {}
        subject = _one_line(written.get("subject", ""))[:SUBJECT_LENGTH]
        body = (written.get("body") or "").strip()[:BODY_LENGTH]
        if bool(subject) != bool(body):
            raise ScreeningError(
                _("Write both the subject and the text in %(language)s, or neither.")
                % {"language": LANGUAGE_NAMES[code]}
            )
        if subject:
            cleaned[code] = {"subject": subject, "body": body}
    written_in = written_language(cleaned, writer=writer)
    if written_in is None:
        raise ScreeningError(_("Write the message's subject and text."))
    return cleaned, written_in


def applicants_message(
    *,
    call: Call,
    applications: QuerySet,
    actor: User,
    texts: Texts,
    writer: str,
    progress: Progress = None,
) -> MessageReport:
    """Write the organizer's message to the applicant of each received application of the
    call among `applications`: one e-mail per applicant (naming each of their applications
    concerned), in their language, with the organizer's subject and text in that language
    (`texts`, by language code) or else as written (in `writer`'s language when given in
    it: `message_check`), and an entry in each application's history naming the subject
    sent. Line breaks in the subjects become spaces.

    Applicants are written to in transactions of BATCH_SIZE; `progress(done, total)` is
    told inside each, so a count it records is the count of e-mails really written.
    """
    texts, written_in = message_check(call=call, actor=actor, texts=texts, writer=writer)
    rows = (
        _received(call, applications)
        .order_by("applicant_id", "reference_number", "pk")
        .values_list("pk", "applicant_id", "applicant__email", "applicant__language", "reference")
    )
    recipients: dict[int, dict] = {}
    for pk, applicant_id, email, language, reference in rows.iterator(chunk_size=2000):
        recipient = recipients.setdefault(
            applicant_id, {"email": email, "language": language, "applications": []}
        )
        recipient["applications"].append((pk, reference))
    dashboards = {code: absolute_url("me:dashboard", language=code) for code in LANGUAGE_CODES}
    everyone = list(recipients.values())
    now = timezone.now()
    for start in range(0, len(everyone), BATCH_SIZE):
        batch = everyone[start : start + BATCH_SIZE]
        with transaction.atomic():
            sent = [
                _message_write(
                    recipient, call=call, texts=texts, written_in=written_in, dashboards=dashboards
                )
                for recipient in batch
            ]
            ApplicationEvent.objects.bulk_create(
                ApplicationEvent(
                    application_id=pk,
                    kind=EventKind.MESSAGE_SENT,
                    actor=actor,
                    data={"subject": text["subject"]},
                    created_at=now,
                )
                for recipient, text in zip(batch, sent, strict=True)
                for pk, _reference in recipient["applications"]
            )
            if progress:
                progress(start + len(batch), len(everyone))
    return MessageReport(
        messages=len(everyone),
        applications=sum(len(recipient["applications"]) for recipient in everyone),
    )


def _message_write(recipient: dict, *, call, texts, written_in, dashboards) -> Mapping[str, str]:
    """E-mail one applicant in their language; the subject and text they get."""
    language = reader_language(recipient["language"])
    text = text_for(texts, language=language, written_in=written_in)
    email_enqueue(
        to=recipient["email"],
        template=MESSAGE_TEMPLATE,
        context={
            "call": call,
            "subject": text["subject"],
            "body": text["body"],
            "references": [reference for _pk, reference in recipient["applications"]],
            "dashboard_url": dashboards[language],
        },
        language=language,
    )
    return text
