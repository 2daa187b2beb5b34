"""A round's scoreboard: every submitted evaluation read once, turned into totals, means,
normalized means, agreement and the ranking the call's policy gives.

Only submitted evaluations count, those of a juror who has since left the jury too (as
the assignment counts them); a draft is work in progress. Query count does not grow
with applications, jurors or criteria (five queries)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.text import Truncator

from awards.models import RankingPolicy
from awards.ranking import Candidate, RankedRow, rank, tie_break_explanation
from awards.statistics import (
    GridCriterion,
    Summary,
    agreement_reading,
    disagreement_flag,
    evaluation_total,
    krippendorff_alpha_interval,
    normalize_by_juror,
    summarize,
)
from calls.models import Round
from juries.enums import EvaluationStatus
from juries.models import Assignment, Criterion, Jury, JuryMember, Score
from juries.selectors.manage import round_applications
from submissions.models import Application


@dataclass
class JurorEvaluation:
    """One juror's submitted evaluation of an application."""

    member: JuryMember
    total: float | None
    normalized: float | None
    scores: dict[int, Decimal | None]
    comments: dict[int, str]
    overall_comment: str
    values: list[Decimal | None] = field(default_factory=list)  # in the grid's order


@dataclass
class Entry:
    application: Application
    row: RankedRow | None
    summary: Summary
    normalized_mean: float | None
    heaviest_mean: float | None
    criterion_means: dict[int, float | None]
    evaluations: list[JurorEvaluation]
    assigned: int
    flagged: bool

    @property
    def missing(self) -> int:
        """Evaluations still expected from the jurors it was given to."""
        return max(self.assigned - self.summary.count, 0)

    @property
    def position(self) -> int | None:
        return self.row.position if self.row else None

    @property
    def decided_by_label(self) -> str:
        """The tie-break that separated it from the application ranked just above."""
        return (
            tie_break_explanation(self.row.decided_by) if self.row and self.row.decided_by else ""
        )


@dataclass
class Agreement:
    alpha: float | None
    reading: str


# Characters of a criterion's label heading a column of the jurors' scores.
SHORT_LABEL_LENGTH = 18


@dataclass(frozen=True)
class CriterionHeading:
    label: str
    short_label: str
    weight: int


@dataclass
class Scoreboard:
    round: Round
    jury: Jury | None
    policy: RankingPolicy
    criteria: list[Criterion]
    entries: list[Entry]
    agreement: Agreement
    agreement_by_criterion: dict[int, Agreement] = field(default_factory=dict)

    @property
    def tie_break_labels(self) -> list[str]:
        return [tie_break_explanation(rule) for rule in [*self.policy.tie_breaks, "chair"]]

    @property
    def flagged(self) -> int:
        return sum(1 for entry in self.entries if entry.flagged)

    @property
    def without_evaluation(self) -> int:
        return sum(1 for entry in self.entries if entry.summary.count == 0)

    @property
    def missing(self) -> int:
        return sum(entry.missing for entry in self.entries)

    @cached_property
    def criterion_headings(self) -> list[CriterionHeading]:
        """The grid's columns in the active language, for the scores table of every entry
        (worked out once, not once per application)."""
        return [
            CriterionHeading(
                label=criterion.label,
                short_label=Truncator(criterion.label).chars(SHORT_LABEL_LENGTH),
                weight=criterion.weight,
            )
            for criterion in self.criteria
        ]

    @property
    def criterion_agreements(self) -> list[tuple[Criterion, Agreement]]:
        return [(c, self.agreement_by_criterion[c.pk]) for c in self.criteria]

    def entry_of(self, application_id: int) -> Entry | None:
        return next((e for e in self.entries if e.application.pk == application_id), None)


def _agreement(units) -> Agreement:
    alpha = krippendorff_alpha_interval(units)
    return Agreement(alpha=alpha, reading=agreement_reading(alpha))


def _grid(criteria: list[Criterion]) -> list[GridCriterion]:
    return [
        GridCriterion(
            id=criterion.pk,
            weight=criterion.weight,
            min_score=Decimal(criterion.min_score),
            max_score=Decimal(criterion.max_score),
        )
        for criterion in criteria
    ]


def _mean(values) -> float | None:
    values = [float(value) for value in values if value is not None]
    return sum(values) / len(values) if values else None


def scoreboard(*, round_: Round, policy: RankingPolicy, chair_order=()) -> Scoreboard:
    """The round's applications (its pool and any assigned in it) with their jurors'
    submitted evaluations, ranked by the policy's mean and tie-breaks."""
    jury = Jury.objects.filter(round=round_).select_related("round").first()
    criteria = list(Criterion.objects.filter(round=round_).order_by("position", "pk"))
    grid = _grid(criteria)
    # The wizard's working copy of the answers is the largest column, and not read here.
    applications = list(round_applications(jury=jury).defer("form_data")) if jury else []
    assigned = defaultdict(int)
    evaluations: dict[tuple[int, int], JurorEvaluation] = {}
    if jury:
        assignments = (
            Assignment.objects.filter(jury=jury)
            .select_related("member__user", "evaluation")
            .order_by("member__user__full_name", "pk")
        )
        for assignment in assignments:
            evaluation = getattr(assignment, "evaluation", None)
            submitted = evaluation is not None and evaluation.status == EvaluationStatus.SUBMITTED
            if not (submitted or assignment.member.is_active):
                continue  # a juror who left keeps what they submitted, nothing else is expected
            assigned[assignment.application_id] += 1
            if submitted:
                evaluations[(assignment.member_id, assignment.application_id)] = JurorEvaluation(
                    member=assignment.member,
                    total=None,
                    normalized=None,
                    scores={},
                    comments={},
                    overall_comment=evaluation.overall_comment,
                )
        scores = Score.objects.filter(
            evaluation__assignment__jury=jury,
            evaluation__status=EvaluationStatus.SUBMITTED,
        ).values_list(
            "evaluation__assignment__member_id",
            "evaluation__assignment__application_id",
            "criterion_id",
            "value",
            "comment",
        )
        for member_id, application_id, criterion_id, value, comment in scores:
            evaluation = evaluations.get((member_id, application_id))
            if evaluation:
                evaluation.scores[criterion_id] = value
                evaluation.comments[criterion_id] = comment
    for evaluation in evaluations.values():
        evaluation.total = evaluation_total(evaluation.scores, grid)
        evaluation.values = [evaluation.scores.get(c.pk) for c in criteria]
    totals = {key: e.total for key, e in evaluations.items() if e.total is not None}
    for key, value in normalize_by_juror(totals).items():
        evaluations[key].normalized = value

    by_application = defaultdict(list)
    for (_member_id, application_id), evaluation in evaluations.items():
        by_application[application_id].append(evaluation)
    heaviest = max(criteria, key=lambda c: (c.weight, -c.position, -c.pk), default=None)
    threshold = float(policy.disagreement_threshold)
    entries = []
    for application in applications:
        mine = [e for e in by_application.get(application.pk, []) if e.total is not None]
        summary = summarize([e.total for e in mine])
        entries.append(
            Entry(
                application=application,
                row=None,
                summary=summary,
                normalized_mean=_mean(e.normalized for e in mine),
                heaviest_mean=_mean(e.scores.get(heaviest.pk) for e in mine) if heaviest else None,
                criterion_means={c.pk: _mean(e.scores.get(c.pk) for e in mine) for c in criteria},
                evaluations=mine,
                assigned=assigned[application.pk],
                flagged=disagreement_flag(summary, threshold),
            )
        )
    rows = rank(
        [_candidate(entry) for entry in entries],
        rank_by=policy.rank_by,
        tie_breaks=policy.tie_breaks,
        chair_order=chair_order,
    )
    by_id = {entry.application.pk: entry for entry in entries}
    ordered = []
    for row in rows:
        entry = by_id[row.candidate.application_id]
        entry.row = row
        ordered.append(entry)
    return Scoreboard(
        round=round_,
        jury=jury,
        policy=policy,
        criteria=criteria,
        entries=ordered,
        agreement=_agreement([e.total for e in entry.evaluations] for entry in ordered),
        agreement_by_criterion={
            criterion.pk: _agreement(
                [
                    e.scores[criterion.pk]
                    for e in entry.evaluations
                    if e.scores.get(criterion.pk) is not None
                ]
                for entry in ordered
            )
            for criterion in criteria
        },
    )


def _candidate(entry: Entry) -> Candidate:
    return Candidate(
        application_id=entry.application.pk,
        reference=entry.application.reference,
        raw_mean=entry.summary.mean,
        normalized_mean=entry.normalized_mean,
        median=entry.summary.median,
        heaviest_mean=entry.heaviest_mean,
        juror_totals={e.member.pk: e.total for e in entry.evaluations},
    )
