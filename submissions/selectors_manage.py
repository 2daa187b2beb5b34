"""Reads of a call's applications for its organizers: the back-office list (with the jury's
scores and the flags, computed by the database) and one application's page.

Dependencies go calls ← submissions ← juries ← awards: nothing here imports juries or awards.
The jury's work is reached through Application's reverse relations (`assignments`, their
`evaluation`, its `scores`, their `criterion`; `conflicts`) and the models are taken from
those relations when a query is built; the call's ranking policy is read through
`call__ranking_policy`. Statuses of the juries app are compared by value.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from calls.eligibility import Profile, Verdict, evaluate
from calls.enums import QuestionKind
from calls.models import Call, Question
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import (
    Application,
    ApplicationEvent,
    Attachment,
    DocumentRequest,
    Submission,
)

# juries.enums.EvaluationStatus.SUBMITTED: only submitted evaluations count.
EVALUATION_SUBMITTED = "submitted"
# Points (out of 100) between the highest and the lowest juror's total above which an
# application is flagged, when the call has no ranking policy saying otherwise.
DISAGREEMENT_POINTS = 25

CONFLICT, DISAGREEMENT, MISSING_DOCUMENTS = "conflict", "disagreement", "missing-documents"
FLAGS = (CONFLICT, DISAGREEMENT, MISSING_DOCUMENTS)


def _reached(model, *path):
    """The model at the end of `path`, relation names followed from `model`."""
    for name in path:
        model = model._meta.get_field(name).related_model
    return model


def jury_models():
    """Assignment, Evaluation, Score, Criterion, ConflictDeclaration, JuryMember, Jury —
    from Application's relations, without importing the juries app."""
    assignment = _reached(Application, "assignments")
    evaluation = _reached(assignment, "evaluation")
    score = _reached(evaluation, "scores")
    return {
        "Assignment": assignment,
        "Evaluation": evaluation,
        "Score": score,
        "Criterion": _reached(score, "criterion"),
        "ConflictDeclaration": _reached(Application, "conflicts"),
        "JuryMember": _reached(assignment, "member"),
        "Jury": _reached(assignment, "jury"),
    }


class JSONText(Func):
    """A JSON value as text: a string without its quotes and escapes (what was typed), any
    other value as its JSON. SQLite stores JSON with non-ASCII letters escaped (\\u00e9),
    so searching the raw column would miss "é"."""

    output_field = TextField()
    template = "CAST(%(expressions)s AS TEXT)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="JSON_EXTRACT(%(expressions)s, '$')", **extra_context
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s #>> '{}')", **extra_context
        )


# --- the jury's totals, in SQL ----------------------------------------------------------


def evaluations_with_total(evaluations: QuerySet | None = None) -> QuerySet:
    """Evaluations annotated with `total`: the weighted total out of 100 of
    `awards.statistics.evaluation_total`, computed by the database — each criterion of the
    evaluation's round gives weight × (score − min)/(max − min), the sum divided by the sum
    of the weights, × 100; NULL when a criterion of the round has no score."""
    models = jury_models()
    if evaluations is None:
        evaluations = models["Evaluation"].objects.all()
    round_id = OuterRef("assignment__jury__round_id")
    scores = (
        models["Score"]
        .objects.filter(
            evaluation_id=OuterRef("pk"), criterion__round_id=round_id, value__isnull=False
        )
        .order_by()
        .values("evaluation_id")
    )
    points = ExpressionWrapper(
        (Cast("value", FloatField()) - F("criterion__min_score"))
        * F("criterion__weight")
        / (F("criterion__max_score") - F("criterion__min_score")),
        output_field=FloatField(),
    )
    grid = models["Criterion"].objects.filter(round_id=round_id).order_by().values("round_id")
    return evaluations.annotate(
        _points=Subquery(scores.annotate(v=Sum(points)).values("v"), output_field=FloatField()),
        _scored=Subquery(scores.annotate(v=Count("pk")).values("v")),
        _criteria=Subquery(grid.annotate(v=Count("pk")).values("v")),
        _weights=Subquery(grid.annotate(v=Sum("weight")).values("v")),
    ).annotate(
        total=Case(
            When(
                Q(_criteria__gt=0, _scored=F("_criteria"), _weights__gt=0),
                then=ExpressionWrapper(
                    F("_points") * Value(100.0) / F("_weights"), output_field=FloatField()
                ),
            ),
            default=None,
            output_field=FloatField(),
        )
    )


def _score_round() -> Subquery:
    """The latest round (by position) in which the application has a submitted evaluation:
    the round its mean score is read from (rounds have their own grids and jurors)."""
    evaluation = jury_models()["Evaluation"]
    return Subquery(
        evaluation.objects.filter(
            assignment__application_id=OuterRef("pk"), status=EVALUATION_SUBMITTED
        )
        .order_by("-assignment__jury__round__position", "-assignment__jury__round_id")
        .values("assignment__jury__round_id")[:1]
    )


def _of_score_round(evaluations: QuerySet, aggregate) -> Subquery:
    """`aggregate` over `evaluations` (of the Evaluation model) among the application's
    submitted evaluations in its score round."""
    evaluations = evaluations.filter(
        assignment__application_id=OuterRef("pk"),
        assignment__jury__round_id=OuterRef("score_round"),
        status=EVALUATION_SUBMITTED,
    )
    return Subquery(
        evaluations.order_by()
        .values("assignment__application_id")
        .annotate(v=aggregate)
        .values("v")
    )


def _conflict_declared() -> Q:
    """A juror declared a conflict with the application, or a juror of one of the call's
    juries with its organization."""
    declarations = jury_models()["ConflictDeclaration"].objects.all()
    return Q(Exists(declarations.filter(application_id=OuterRef("pk")))) | Q(
        Exists(
            declarations.filter(
                organization_id=OuterRef("organization_id"),
                juror__jury_memberships__jury__call_id=OuterRef("call_id"),
            )
        )
    )


def _submitted_files_of(question_ref, application_ref, submitted_ref) -> QuerySet:
    """Attachments of the last submission: a file uploaded before it and still there was
    part of it (a submission deletes the files removed before it)."""
    return Attachment.objects.filter(
        application_id=application_ref, question_id=question_ref, uploaded_at__lte=submitted_ref
    )


def _missing_documents(*, now: datetime.datetime | None = None) -> Q:
    """A document is missing when a required file question of the call has no file in the
    last submission and no document received since on a request naming it, or while a
    document request is open (not received, not cancelled, its window not passed at `now`:
    `DocumentRequest.Status.OPEN`). An optional question left empty misses nothing."""
    now = now or timezone.now()
    files = _submitted_files_of(
        OuterRef("pk"), OuterRef(OuterRef("pk")), OuterRef(OuterRef("last_submitted_at"))
    )
    received_since = DocumentRequest.objects.filter(
        application_id=OuterRef(OuterRef("pk")),
        question_id=OuterRef("pk"),
        fulfilled_at__isnull=False,
    )
    required_without_file = Question.objects.filter(
        step__call_id=OuterRef("call_id"), kind=QuestionKind.FILE, required=True
    ).filter(~Exists(files), ~Exists(received_since))
    open_request = DocumentRequest.objects.filter(
        application_id=OuterRef("pk"),
        fulfilled_at__isnull=True,
        cancelled_at__isnull=True,
        due_at__gt=now,
    )
    return Q(Exists(required_without_file)) | Q(Exists(open_request))


def received_applications(*, call: Call) -> QuerySet[Application]:
    """The call's applications its organizers have received: every one submitted at least
    once (withdrawn ones included). Drafts are their applicant's: never listed."""
    return Application.objects.filter(call=call, submitted_at__isnull=False)


def application_list(*, call: Call) -> QuerySet[Application]:
    """The received applications with what the list shows and filters on, in one query:
    the snapshot's organization fields, the jury's mean score (out of 100) and number of
    submitted evaluations in the score round, the spread of their totals, the
    disagreement threshold and the conflict and missing-documents flags."""
    # Built once: resolving the totals' subqueries is most of the cost of building this
    # query; the count needs no total.
    totals = evaluations_with_total()
    return (
        received_applications(call=call)
        .select_related("applicant")
        .defer("form_data", "applicant__password")
        .annotate(
            organization_name=KT("profile_snapshot__profile__name"),
            region=KT("profile_snapshot__profile__region"),
            legal_form=KT("profile_snapshot__profile__legal_form"),
            sector=KT("profile_snapshot__profile__sector"),
            score_round=_score_round(),
            disagreement_threshold=Cast(
                Coalesce(
                    F("call__ranking_policy__disagreement_threshold"), Value(DISAGREEMENT_POINTS)
                ),
                FloatField(),
            ),
        )
        .annotate(
            mean_score=_of_score_round(totals, Avg("total")),
            evaluation_count=Coalesce(
                _of_score_round(jury_models()["Evaluation"].objects.all(), Count("pk")), Value(0)
            ),
            score_spread=_of_score_round(totals, Max("total") - Min("total")),
            has_conflict=_conflict_declared(),
            has_missing_documents=_missing_documents(),
        )
    )


def flag_condition(flag: str) -> Q:
    """The flag as a condition on `application_list`."""
    if flag == CONFLICT:
        return Q(has_conflict=True)
    if flag == DISAGREEMENT:
        return Q(score_spread__gt=F("disagreement_threshold"))
    return Q(has_missing_documents=True)


def application_counts(*, call: Call) -> dict[str, int]:
    """How many applications were received and how many drafts are in progress: one query."""
    return Application.objects.filter(call=call).aggregate(
        received=Count("pk", filter=Q(submitted_at__isnull=False)),
        drafts=Count("pk", filter=Q(status=ApplicationStatus.DRAFT)),
    )


def call_jurors(*, call: Call) -> QuerySet[User]:
    """The people seated on one of the call's juries (removed ones too: they may have
    evaluated)."""
    return User.objects.filter(jury_memberships__jury__call=call).distinct().order_by("full_name")


def flags_of(application) -> list[str]:
    """The flags of an application of `application_list`, in order."""
    spread = application.score_spread
    present = {
        CONFLICT: application.has_conflict,
        DISAGREEMENT: spread is not None and spread > application.disagreement_threshold,
        MISSING_DOCUMENTS: application.has_missing_documents,
    }
    return [flag for flag in FLAGS if present[flag]]


# --- one application --------------------------------------------------------------------


def application_for_organizer(*, call: Call, pk) -> Application:
    """A received application of the call; 404 for a draft and for another call's."""
    application = get_object_or_404(
        received_applications(call=call).select_related("applicant", "organization"), pk=pk
    )
    application.call = call
    return application


def submitted_attachment_for_organizer(*, call: Call, application_pk, pk) -> Attachment:
    """A file of a received application of the call, sent with its last submission; 404
    otherwise (another call's, or uploaded since and not submitted yet)."""
    application = application_for_organizer(call=call, pk=application_pk)
    files = application.attachments.filter(uploaded_at__lte=application.last_submitted_at)
    return get_object_or_404(files, pk=pk)


@dataclass
class DocumentRow:
    question: Question
    files: list[Attachment]


def submitted_documents(*, application: Application) -> list[DocumentRow]:
    """Every file question of the call, in the form's order, with the files of the last
    submission (two queries)."""
    questions = Question.objects.filter(
        step__call_id=application.call_id, kind=QuestionKind.FILE
    ).order_by("step__position", "step_id", "position", "pk")
    files = defaultdict(list)
    attachments = application.attachments.filter(uploaded_at__lte=application.last_submitted_at)
    for attachment in attachments.order_by("uploaded_at", "pk"):
        files[attachment.question_id].append(attachment)
    return [DocumentRow(question, files.get(question.pk, [])) for question in questions]


def submissions_of(*, application: Application) -> list[Submission]:
    return list(application.submissions.select_related("submitted_by").order_by("-number"))


@dataclass
class Screening:
    """The automatic eligibility result: the one recorded at submission, and each rule read
    again on the submitted profile (the rules as they are now, on the day of the last
    submission)."""

    recorded: bool | None
    verdict: Verdict
    on: datetime.date | None

    @property
    def differs(self) -> bool:
        """The rules changed since: reading them again gives another result."""
        return self.recorded is not None and self.verdict.eligible != self.recorded


def screening_of(*, application: Application) -> Screening:
    snapshot = application.profile_snapshot or {}
    declarations = {}
    for key, value in (snapshot.get("declarations") or {}).items():
        try:
            declarations[int(key)] = value
        except (TypeError, ValueError):
            continue
    on = (
        timezone.localdate(application.last_submitted_at) if application.last_submitted_at else None
    )
    verdict = evaluate(
        application.call.eligibility_rules.all(),
        Profile.of(application.submitted_profile),
        declarations,
        today=on,
    )
    return Screening(recorded=application.eligible_at_submission, verdict=verdict, on=on)


@dataclass
class JurorRow:
    round_label: str
    juror: User
    active: bool
    status: str  # "todo", "draft" or "submitted"
    total: float | None
    submitted_at: datetime.datetime | None


@dataclass
class RoundSummary:
    round_label: str
    position: int
    assigned: int = 0
    submitted: int = 0
    totals: list[float] = field(default_factory=list)
    jurors: list[JurorRow] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        return sum(self.totals) / len(self.totals) if self.totals else None

    @property
    def spread(self) -> float | None:
        return max(self.totals) - min(self.totals) if self.totals else None


def jury_summary(*, application: Application) -> list[RoundSummary]:
    """The application's assignments round by round, each juror's evaluation status and
    total, the round's mean: organizers see the jurors' names (one query)."""
    models = jury_models()
    assignments = (
        models["Assignment"]
        .objects.filter(application=application)
        .select_related("member__user", "jury__round")
        .annotate(
            evaluation_status=F("evaluation__status"),
            evaluation_submitted_at=F("evaluation__submitted_at"),
            evaluation_total=Subquery(
                evaluations_with_total().filter(assignment_id=OuterRef("pk")).values("total"),
                output_field=FloatField(),
            ),
        )
        .order_by("jury__round__position", "jury__round_id", "member__user__full_name", "pk")
    )
    rounds: dict[int, RoundSummary] = {}
    for assignment in assignments:
        round_ = assignment.jury.round
        summary = rounds.setdefault(
            round_.pk, RoundSummary(round_label=str(round_), position=round_.position)
        )
        submitted = assignment.evaluation_status == EVALUATION_SUBMITTED
        if assignment.member.is_active or submitted:
            summary.assigned += 1
        if submitted:
            summary.submitted += 1
            if assignment.evaluation_total is not None:
                summary.totals.append(assignment.evaluation_total)
        summary.jurors.append(
            JurorRow(
                round_label=str(round_),
                juror=assignment.member.user,
                active=assignment.member.is_active,
                status=assignment.evaluation_status or "todo",
                total=assignment.evaluation_total if submitted else None,
                submitted_at=assignment.evaluation_submitted_at if submitted else None,
            )
        )
    return list(rounds.values())


def conflicts_of(*, application: Application) -> list:
    """Conflicts of interest declared with the application, or with its organization by a
    juror of the call (one query)."""
    declarations = jury_models()["ConflictDeclaration"].objects.select_related("juror")
    concerned = Q(application=application)
    if application.organization_id:
        concerned |= Q(
            organization_id=application.organization_id,
            juror__jury_memberships__jury__call_id=application.call_id,
        )
    return list(declarations.filter(concerned).distinct().order_by("declared_at", "pk"))


@dataclass
class HistoryEntry:
    event: ApplicationEvent
    kind_label: str
    actor: User | None
    from_label: str
    to_label: str
    details: list[str]


def _status_label(value: str) -> str:
    try:
        return str(ApplicationStatus(value).label)
    except ValueError:
        return value


EVALUATION_KINDS = {EventKind.EVALUATION_SUBMITTED, EventKind.EVALUATION_REOPENED}


def history_of(*, application: Application) -> list[HistoryEntry]:
    """Every event of the application, newest first, from every app that writes them,
    with the names of the people and rounds they mention (four queries)."""
    events = list(application.events.select_related("actor").order_by("-created_at", "-pk"))
    models = jury_models()
    user_ids, member_ids, jury_ids = set(), set(), set()
    for event in events:
        data = event.data or {}
        user_ids.update(i for i in data.get("jurors") or [] if isinstance(i, int))
        if isinstance(data.get("member"), int):
            member_ids.add(data["member"])
        if isinstance(data.get("jury"), int):
            jury_ids.add(data["jury"])
    members = (
        {
            m.pk: m.user
            for m in models["JuryMember"].objects.filter(pk__in=member_ids).select_related("user")
        }
        if member_ids
        else {}
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    juries = (
        {
            j.pk: j.round
            for j in models["Jury"].objects.filter(pk__in=jury_ids).select_related("round")
        }
        if jury_ids
        else {}
    )
    return [_history_entry(event, users, members, juries) for event in events]


def _history_entry(event, users, members, juries) -> HistoryEntry:
    data = event.data or {}
    try:
        kind_label = str(EventKind(event.kind).label)
    except ValueError:
        kind_label = event.kind
    details = []
    if event.kind == EventKind.RESUBMITTED and data.get("revision"):
        details.append(_("Revision %(number)s") % {"number": data["revision"]})
    if isinstance(data.get("document"), str) and data["document"]:
        details.append(_("Document: %(name)s") % {"name": data["document"]})
    if event.kind == EventKind.MESSAGE_SENT and isinstance(data.get("subject"), str):
        details.append(_("Subject: %(subject)s") % {"subject": data["subject"]})
    if isinstance(data.get("name"), str) and data["name"]:
        details.append(_("File: %(name)s") % {"name": data["name"]})
    if data.get("jury") in juries:
        details.append(_("Round: %(round)s") % {"round": juries[data["jury"]]})
    named = [str(users[i]) for i in data.get("jurors") or [] if i in users]
    if named:
        details.append(_("Jurors: %(names)s") % {"names": ", ".join(named)})
    if data.get("member") in members:
        details.append(_("Juror: %(name)s") % {"name": members[data["member"]]})
    if event.kind == EventKind.CONFLICT_DECLARED:
        if data.get("target") == "organization":
            details.append(_("With the organization"))
        elif data.get("target") == "application":
            details.append(_("With this application"))
    evaluation = event.kind in EVALUATION_KINDS
    return HistoryEntry(
        event=event,
        kind_label=kind_label,
        actor=event.actor,
        # An evaluation's statuses are not the application's: its kind says it all.
        from_label="" if evaluation else _status_label(event.from_status),
        to_label="" if evaluation else _status_label(event.to_status),
        details=details,
    )
