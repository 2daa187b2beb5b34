"""What a juror sees: their queue, an assigned application, its documents, their conflicts.

Scope: only assignments of juries where the person is an active member, of applications
still received (not drafts, not withdrawn), never one with a conflict of interest. "Not
yours", "conflicted", "removed from the jury" and "missing" are the same 404.

Blind review is applied here, not in templates: pages get plain records (`QueueItem`,
`JurorApplication`, `DocumentFile`) built from what the call's mode allows, never the
application, its organization or its applicant. Under blind review a juror gets:

- the application's reference in place of the organization's name;
- from the organization's profile, only what judging needs and identifies nobody: legal
  form, region, sector, and the numbers of members, women and young members (the prizes
  are about women's and young people's cooperatives). Its name, registration number,
  province, founding date, contact phone and the applicant's e-mail are left out;
- in the answers, any occurrence of the name, registration number, phone, e-mail or the
  e-mail's private domain replaced by a mark (an applicant may type them in an answer);
- documents numbered ("Document 2, PDF"), never under their original file names, and
  downloaded as "<reference>-document-<n>.<ext>". Documents the organizers asked for
  after the submission and received (`DocumentRequest`) follow the form's files in the
  same numbering, in their own group; the name of what was asked, typed by an organizer,
  is redacted like the answers.

What a document itself contains (a logo, a signature, a PDF's author field) is the
applicant's and the organizers' to anonymize: the portal cannot read it for them.
"""

import contextlib
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from string import ascii_uppercase

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.enums import LegalForm, Region, Sector
from accounts.models import Organization
from accounts.services import ORGANIZATION_FIELDS
from calls.enums import FileType
from calls.models import Call
from juries.conflicts import conflict_of, conflicted_pairs, email_domain
from juries.enums import ASSIGNMENT_TODO, PUBLIC_EMAIL_DOMAINS, EvaluationStatus, MemberRole
from juries.models import Assignment, ConflictDeclaration, Criterion, Evaluation, Score
from juries.services.evaluation import deadline_passed, score_text
from submissions.enums import RECEIVED
from submissions.files import CONTENT_TYPES, EXTENSIONS
from submissions.models import Application, Attachment, DocumentRequest, Submission
from submissions.services import answers_summary
from submissions.templatetags.answers import answer_display

# The progress of an assignment, as the queue shows and filters it.
PROGRESS_TODO = ASSIGNMENT_TODO
PROGRESS_LABELS = {
    PROGRESS_TODO: pgettext_lazy("evaluation status", "To do"),
    EvaluationStatus.DRAFT: EvaluationStatus.DRAFT.label,
    EvaluationStatus.SUBMITTED: EvaluationStatus.SUBMITTED.label,
}
FILE_TYPE_OF = {content_type: file_type for file_type, content_type in CONTENT_TYPES.items()}
# Opened in the browser rather than saved: documents a browser shows by itself.
SHOWN_INLINE = frozenset({FileType.PDF, FileType.JPEG, FileType.PNG})
# Profile fields a juror reads under blind review; outside it, all of ORGANIZATION_FIELDS.
BLIND_PROFILE_FIELDS = (
    "legal_form",
    "region",
    "sector",
    "members_count",
    "women_members_count",
    "youth_members_count",
)
ENUM_OF = {"legal_form": LegalForm, "region": Region, "sector": Sector}


def progress_label(progress: str) -> str:
    return str(PROGRESS_LABELS[progress])


# --- the queue ----------------------------------------------------------------------


def active_assignments(*, user) -> QuerySet[Assignment]:
    """The person's assignments that are theirs to evaluate: an active member of the jury,
    an application received, no conflict of interest. Conflicts come from
    `juries.conflicts` (the one place they are decided): five queries, whatever the number
    of assignments."""
    assignments = Assignment.objects.filter(
        member__user=user,
        member__is_active=True,
        member__jury=F("jury"),
        application__status__in=RECEIVED,
    )
    pairs = conflicted_pairs(
        juror_ids=[user.pk],
        application_ids=assignments.values_list("application_id", flat=True),
    )
    conflicted = {application_id for _juror, application_id in pairs}
    return assignments.exclude(application_id__in=conflicted) if conflicted else assignments


def with_progress(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate `progress`: to do (no evaluation yet), in progress or submitted."""
    return assignments.annotate(
        progress=Case(
            When(evaluation__isnull=True, then=Value(PROGRESS_TODO)),
            default=F("evaluation__status"),
            output_field=CharField(),
        )
    )


def calls_of_juror(*, user) -> QuerySet[Call]:
    """The calls in whose juries the person sits (actively), for the queue's filter."""
    return (
        Call.objects.filter(juries__members__user=user, juries__members__is_active=True)
        .distinct()
        .order_by("-opens_at", "pk")
    )


def calls_chaired(*, user) -> QuerySet[Call]:
    """The calls whose jury the person chairs: the chair also deliberates."""
    return (
        Call.objects.filter(
            juries__members__user=user,
            juries__members__is_active=True,
            juries__members__role=MemberRole.CHAIR,
        )
        .distinct()
        .order_by("-opens_at", "pk")
    )


@dataclass(frozen=True)
class QueueItem:
    pk: int
    call_title: str
    round_label: str
    reference: str
    progress: str
    deadline: object
    is_late: bool

    @property
    def progress_label(self) -> str:
        return progress_label(self.progress)

    @property
    def url(self) -> str:
        return reverse("jury:assignment", kwargs={"pk": self.pk})


@dataclass(frozen=True)
class Progress:
    submitted: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


def _queue_order(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Work to do (not started or in progress) before work submitted; then what is due
    first, by jury and reference. `assignments` carry `progress` (`with_progress`)."""
    return (
        assignments.select_related("jury__call", "jury__round", "application")
        .only(
            "pk",
            "jury__deadline",
            "jury__call__title",
            "jury__call__title_fr",
            "jury__call__title_ar",
            "jury__call__title_en",
            "jury__round__kind",
            "application__reference",
        )
        .order_by(
            Case(When(progress=EvaluationStatus.SUBMITTED, then=Value(1)), default=Value(0)),
            F("jury__deadline").asc(nulls_last=True),
            "jury_id",
            "application__reference",
        )
    )


def _queue_item(row: Assignment, now) -> QueueItem:
    return QueueItem(
        pk=row.pk,
        call_title=row.jury.call.title,
        round_label=row.jury.round.get_kind_display(),
        reference=row.application.reference,
        progress=row.progress,
        deadline=row.jury.deadline,
        is_late=row.progress != EvaluationStatus.SUBMITTED and deadline_passed(row.jury, now),
    )


def queue_items(assignments: QuerySet[Assignment], *, now=None) -> list[QueueItem]:
    """The rows of the queue, in one query (`_queue_order`)."""
    now = now or timezone.now()
    return [_queue_item(row, now) for row in _queue_order(assignments)]


def next_to_score(*, user, now=None) -> QueueItem | None:
    """The first of the person's assignments still to evaluate, in the queue's order;
    None when every one is submitted."""
    pending = with_progress(active_assignments(user=user)).exclude(
        progress=EvaluationStatus.SUBMITTED
    )
    row = _queue_order(pending).first()
    return _queue_item(row, now or timezone.now()) if row else None


def queue_progress(assignments: QuerySet[Assignment]) -> Progress:
    counts = assignments.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(evaluation__status=EvaluationStatus.SUBMITTED)),
    )
    return Progress(submitted=counts["submitted"], total=counts["total"])


# --- one assignment -----------------------------------------------------------------


def assignment_for_juror(*, user, pk) -> Assignment:
    """One of the person's assignments they may open; 404 otherwise (another juror's, a
    conflict of interest, a removed member, a withdrawn application, none)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "jury__call",
            "jury__round",
            "member",
            "application__applicant",
            "application__organization__owner",
        ).defer("application__form_data"),
        pk=pk,
        member__user=user,
        member__is_active=True,
        member__jury=F("jury"),
        application__status__in=RECEIVED,
    )
    if conflict_of(juror=user, application=assignment.application) is not None:
        raise Http404
    return assignment


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Answer:
    label: str
    text: str


@dataclass(frozen=True)
class Document:
    number: int
    question_label: str
    type_label: str
    size: int
    url: str
    name: str = ""  # the original file name; empty under blind review
    received_at: object = None  # a document asked for after the submission: when it came


@dataclass(frozen=True)
class EvaluationState:
    """The juror's own evaluation as stored (no evaluation yet: version 0, nothing given)."""

    exists: bool = False
    status: str = EvaluationStatus.DRAFT
    version: int = 0
    overall_comment: str = ""
    values: dict = field(default_factory=dict)  # criterion pk → Decimal or None
    comments: dict = field(default_factory=dict)  # criterion pk → str
    updated_at: object = None
    submitted_at: object = None

    @property
    def is_submitted(self) -> bool:
        return self.status == EvaluationStatus.SUBMITTED

    @classmethod
    def of(cls, evaluation: Evaluation | None) -> "EvaluationState":
        if evaluation is None:
            return cls()
        scores = list(evaluation.scores.all())
        return cls(
            exists=True,
            status=evaluation.status,
            version=evaluation.version,
            overall_comment=evaluation.overall_comment,
            values={score.criterion_id: score.value for score in scores},
            comments={score.criterion_id: score.comment for score in scores},
            updated_at=evaluation.updated_at,
            submitted_at=evaluation.submitted_at,
        )


@dataclass(frozen=True)
class PeerEvaluation:
    """Another juror's submitted evaluation, named by a letter only."""

    label: str
    values: list  # [(criterion, the score as text)], in the grid's order


@dataclass(frozen=True)
class JurorApplication:
    """Everything the juror's application page shows, blind review applied."""

    assignment_pk: int
    reference: str
    call_title: str
    round_label: str
    blind: bool
    organization_name: str  # empty under blind review
    profile: list[Fact]
    answers: list[Answer]
    documents: list[Document]
    deadline: object
    deadline_passed: bool
    criteria: list[Criterion]
    evaluation: EvaluationState
    peers: list[PeerEvaluation] | None  # None: not shown (own not submitted, or not allowed)
    # Documents asked for after the submission and received, numbered after `documents`.
    requested_documents: list[Document] = field(default_factory=list)

    @property
    def can_score(self) -> bool:
        return bool(self.criteria) and not self.evaluation.is_submitted and not self.deadline_passed

    @property
    def title(self) -> str:
        return self.reference if self.blind else f"{self.organization_name} · {self.reference}"


def _redactor(application: Application, profile: dict):
    """A function hiding the organization's identifying strings in a text (blind review)."""
    organization = application.organization
    secrets = {
        profile.get("name"),
        profile.get("registration_number"),
        getattr(organization, "name", None),
        getattr(organization, "registration_number", None),
        application.applicant.email,
        getattr(getattr(organization, "owner", None), "email", None),
    }
    for email in [address for address in secrets if address and "@" in address]:
        domain = email_domain(email)
        if domain not in PUBLIC_EMAIL_DOMAINS:
            secrets.add(domain)  # the organization's own domain, as in its web address
    patterns = [re.escape(secret.strip()) for secret in secrets if secret and len(secret) > 2]
    for phone in {profile.get("contact_phone"), getattr(organization, "contact_phone", None)}:
        digits = re.sub(r"\D", "", phone or "")
        national = digits[3:] if digits.startswith("212") else digits.lstrip("0")
        if len(national) >= 8:
            separator = r"[\s.\-]*"
            prefix = rf"(?:(?:\+|00)?212{separator}(?:\(0\){separator})?|0)?"
            patterns.append(prefix + separator.join(national))
    if not patterns:
        return lambda text: text
    pattern = re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
    mark = _("[hidden: blind review]")
    return lambda text: pattern.sub(mark, text)


def _profile_facts(profile: dict, *, blind: bool, email: str) -> list[Fact]:
    facts = []
    for name in BLIND_PROFILE_FIELDS if blind else ORGANIZATION_FIELDS:
        value = profile.get(name)
        if value in (None, ""):
            continue
        if name in ENUM_OF:
            with contextlib.suppress(ValueError):
                value = ENUM_OF[name](value).label
        elif name == "founded_on":
            with contextlib.suppress(ValueError):
                value = date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        elif isinstance(value, int):
            value = number_format(value, force_grouping=True)
        label = str(Organization._meta.get_field(name).verbose_name)
        facts.append(Fact(label=label[:1].upper() + label[1:], value=str(value)))
    if not blind and email:
        facts.append(Fact(label=_("Applicant's e-mail"), value=email))
    return facts


def _submitted_profile(application: Application) -> dict:
    """The profile as submitted (the snapshot), else the organization's current one."""
    snapshot = (application.profile_snapshot or {}).get("profile") or {}
    if snapshot:
        return dict(snapshot)
    organization = application.organization
    if organization is None:
        return {}
    return {name: getattr(organization, name) for name in ORGANIZATION_FIELDS}


def submitted_attachment_ids(application_id: int) -> list[int]:
    """The files of the application's last submission: what jurors judge, not the working
    copy an applicant may be changing. Submissions name their files by id; older records
    name them by question and content, matched here."""
    entries = (
        Submission.objects.filter(application_id=application_id)
        .order_by("-number")
        .values_list("attachments", flat=True)
        .first()
    ) or []
    if all("id" in entry for entry in entries):
        return [entry["id"] for entry in entries]
    wanted = Counter((entry.get("question"), entry.get("sha256")) for entry in entries)
    chosen = []
    files = Attachment.objects.filter(application_id=application_id).order_by("pk")
    for pk, key in (
        (pk, (q, sha)) for pk, q, sha in files.values_list("pk", "question_id", "sha256")
    ):
        if wanted[key]:
            wanted[key] -= 1
            chosen.append(pk)
    return chosen


def ordered_attachments(application_id: int) -> QuerySet[Attachment]:
    """The submitted files in the form's order: the numbering jurors see."""
    return Attachment.objects.filter(
        application_id=application_id, pk__in=submitted_attachment_ids(application_id)
    ).order_by(
        "question__step__position",
        "question__step_id",
        "question__position",
        "question_id",
        "uploaded_at",
        "pk",
    )


def received_requests(application_id: int) -> QuerySet[DocumentRequest]:
    """Documents the organizers asked for after the submission and received, in the order
    they came: numbered after the submitted files."""
    return DocumentRequest.objects.filter(
        application_id=application_id, fulfilled_at__isnull=False
    ).order_by("fulfilled_at", "pk")


def _type_label(content_type: str) -> str:
    file_type = FILE_TYPE_OF.get(content_type)
    return str(file_type.label) if file_type else _("File")


def _documents(assignment: Assignment, *, blind: bool) -> list[Document]:
    documents = []
    attachments = ordered_attachments(assignment.application_id).select_related("question")
    for number, attachment in enumerate(attachments, 1):
        documents.append(
            Document(
                number=number,
                question_label=attachment.question.label,
                type_label=_type_label(attachment.content_type),
                size=attachment.size,
                url=reverse(
                    "jury:document", kwargs={"pk": assignment.pk, "attachment_pk": attachment.pk}
                ),
                name="" if blind else attachment.original_name,
            )
        )
    return documents


def _requested_documents(
    assignment: Assignment, *, after: int, blind: bool, hide
) -> list[Document]:
    """The received requested documents, numbered from `after` + 1; under blind review
    without their file names, and what was asked redacted (an organizer typed it)."""
    requests = received_requests(assignment.application_id).select_related("question")
    return [
        Document(
            number=number,
            question_label=hide(request.title),
            type_label=_type_label(request.content_type),
            size=request.size,
            url=reverse(
                "jury:requested_document", kwargs={"pk": assignment.pk, "request_pk": request.pk}
            ),
            name="" if blind else request.original_name,
            received_at=request.fulfilled_at,
        )
        for number, request in enumerate(requests, after + 1)
    ]


def _juror_letter(index: int) -> str:
    letter = ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)
    return _("Juror %(letter)s") % {"letter": letter}


def _peers(assignment: Assignment, criteria: list[Criterion]) -> list[PeerEvaluation]:
    """The other jurors' submitted evaluations of the application in this jury. Each is
    named by a letter, fixed by the order of the assignments, never by the juror's name."""
    order = list(
        Assignment.objects.filter(
            jury_id=assignment.jury_id, application_id=assignment.application_id
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    evaluations = (
        Evaluation.objects.filter(assignment_id__in=order, status=EvaluationStatus.SUBMITTED)
        .exclude(assignment_id=assignment.pk)
        .only("pk", "assignment_id")
        .prefetch_related("scores")
        .order_by("assignment_id")
    )
    peers = []
    for evaluation in evaluations:
        values = {score.criterion_id: score.value for score in evaluation.scores.all()}
        peers.append(
            PeerEvaluation(
                label=_juror_letter(order.index(evaluation.assignment_id)),
                values=[
                    (criterion, score_text(values.get(criterion.pk))) for criterion in criteria
                ],
            )
        )
    return peers


def juror_application(*, assignment: Assignment, now=None) -> JurorApplication:
    """The application as this juror may read it, with their evaluation and the grid."""
    application = assignment.application
    call, jury = assignment.jury.call, assignment.jury
    blind = call.blind_review
    profile = _submitted_profile(application)
    hide = _redactor(application, profile) if blind else (lambda text: text)
    answers = [
        Answer(label=question.label, text=hide(answer_display(value, question)))
        for question, value in answers_summary(application=application)
    ]
    criteria = list(Criterion.objects.filter(round_id=jury.round_id))
    own = Evaluation.objects.filter(assignment=assignment).prefetch_related("scores").first()
    state = EvaluationState.of(own)
    peers = None
    if state.is_submitted and jury.scores_visible_after_submit:
        peers = _peers(assignment, criteria)
    organization_name = ""
    if not blind:
        organization_name = profile.get("name") or getattr(application.organization, "name", "")
    documents = _documents(assignment, blind=blind)
    return JurorApplication(
        assignment_pk=assignment.pk,
        reference=application.reference,
        call_title=call.title,
        round_label=assignment.jury.round.get_kind_display(),
        blind=blind,
        organization_name=organization_name,
        profile=_profile_facts(profile, blind=blind, email=application.applicant.email),
        answers=answers,
        documents=documents,
        deadline=jury.deadline,
        deadline_passed=deadline_passed(jury, now),
        criteria=criteria,
        evaluation=state,
        peers=peers,
        requested_documents=_requested_documents(
            assignment, after=len(documents), blind=blind, hide=hide
        ),
    )


def stored_scores(*, evaluation: Evaluation) -> list[tuple[Criterion, Decimal | None, str]]:
    """What an evaluation holds now, criterion by criterion (shown to a stale tab)."""
    values = {score.criterion_id: score for score in Score.objects.filter(evaluation=evaluation)}
    round_id = Assignment.objects.filter(pk=evaluation.assignment_id).values("jury__round_id")
    return [
        (
            criterion,
            values[criterion.pk].value if criterion.pk in values else None,
            values[criterion.pk].comment if criterion.pk in values else "",
        )
        for criterion in Criterion.objects.filter(round_id__in=round_id)
    ]


@dataclass(frozen=True)
class DocumentFile:
    file: FieldFile
    content_type: str
    filename: str
    inline: bool


def _document_file(assignment: Assignment, number: int, stored) -> DocumentFile:
    """`stored` (an attachment or a received request) named "<reference>-document-<n>"."""
    file_type = FILE_TYPE_OF.get(stored.content_type)
    extension = EXTENSIONS.get(file_type, "")
    reference = assignment.application.reference or f"application-{assignment.application_id}"
    return DocumentFile(
        file=stored.file,
        content_type=stored.content_type,
        filename=f"{reference}-document-{number}{extension}",
        inline=file_type in SHOWN_INLINE,
    )


def juror_document(*, assignment: Assignment, attachment_pk: int) -> DocumentFile:
    """A document of the application, named neutrally: "<reference>-document-<n>.<ext>"."""
    order = list(ordered_attachments(assignment.application_id).values_list("pk", flat=True))
    if attachment_pk not in order:
        raise Http404
    number = order.index(attachment_pk) + 1
    return _document_file(assignment, number, Attachment.objects.get(pk=attachment_pk))


def juror_requested_document(*, assignment: Assignment, request_pk: int) -> DocumentFile:
    """A document received on a request of the organizers, named neutrally with its number
    after the submitted files; 404 for another application's, or one not received."""
    order = list(received_requests(assignment.application_id).values_list("pk", flat=True))
    if request_pk not in order:
        raise Http404
    submitted = ordered_attachments(assignment.application_id).count()
    number = submitted + order.index(request_pk) + 1
    return _document_file(assignment, number, DocumentRequest.objects.get(pk=request_pk))


# --- conflicts ------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredConflict:
    what: str
    call_title: str
    reason: str
    declared_at: object


def declared_conflicts(*, user) -> list[DeclaredConflict]:
    """The person's declarations: organizations by name (they named them), applications
    by reference (never by organization under blind review)."""
    declarations = ConflictDeclaration.objects.filter(juror=user).select_related(
        "organization", "application__call"
    )
    return [
        DeclaredConflict(
            what=(
                declaration.organization.name
                if declaration.organization_id
                else declaration.application.reference
            ),
            call_title=declaration.application.call.title if declaration.application_id else "",
            reason=declaration.reason,
            declared_at=declaration.declared_at,
        )
        for declaration in declarations.order_by("-declared_at", "-pk")
    ]


def organizations_open_to_juror(*, user) -> QuerySet[Organization]:
    """Organizations the person may name a link with: those that applied to a call without
    blind review whose jury they sit on. Organizations of blind calls are never offered,
    nor matched by a typed name."""
    return (
        Organization.objects.filter(
            applications__status__in=RECEIVED,
            applications__call__blind_review=False,
            applications__call__juries__members__user=user,
            applications__call__juries__members__is_active=True,
        )
        .exclude(conflicts__juror=user)
        .distinct()
        .order_by("name")
    )
