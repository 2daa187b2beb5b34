"""The demo juries of the two prize editions (`seed_demo`, portal.demo.juries)."""

import datetime
import re
from collections import Counter, defaultdict
from statistics import mean

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calls.enums import RoundKind
from juries.conflicts import conflicted_pairs
from juries.enums import EvaluationStatus, MemberRole
from juries.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Evaluation,
    Jury,
    JuryInvitation,
    JuryMember,
    Score,
)
from juries.services.assignment import assignment_preview, pool_statuses
from juries.services.panel import grid_is_frozen, grid_is_valid
from notifications.models import Message
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import Application, ApplicationEvent
from tests.portal.demo import seed_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_run")]
S = ApplicationStatus

LALLA_2025, LALLA_2026 = "lalla-al-moutaaouina-2025", "lalla-al-moutaaouina-2026"
EDITIONS = [LALLA_2025, LALLA_2026]
JURORS = [f"jury{n}@demo.ma" for n in range(1, 9)]
ARABIC_JURORS = {"jury3@demo.ma", "jury4@demo.ma", "jury8@demo.ma"}
ARABIC_LETTERS = set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
SUMMARY = re.compile(
    r"^2 juries \((\d+) created\), 8 jurors, (\d+) assignments \((\d+) submitted, "
    r"(\d+) in progress, (\d+) to do\), 1 declared conflict of interest\.$"
)


def jury_of(slug):
    return Jury.objects.select_related("call", "round").get(call__slug=slug)


DECIDED = (S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED)


def pool(jury):
    """The applications the jury scores: its round's pool, and those decided since (the
    2025 edition's, after its deliberation)."""
    return Application.objects.filter(
        call=jury.call, status__in=(*pool_statuses(jury.round.kind), *DECIDED)
    ).order_by("pk")


def assignments(jury):
    return Assignment.objects.filter(jury=jury).select_related(
        "member__user", "application", "evaluation"
    )


def progress(assignment):
    evaluation = getattr(assignment, "evaluation", None)
    return "todo" if evaluation is None else evaluation.status


def is_arabic(text):
    return bool(set(text) & ARABIC_LETTERS)


def rows():
    """Every row the demo juries touch, timestamps included."""
    return {
        "juries": list(Jury.objects.order_by("pk").values()),
        "members": list(JuryMember.objects.order_by("pk").values()),
        "invitations": list(JuryInvitation.objects.order_by("pk").values()),
        "criteria": list(Criterion.objects.order_by("pk").values()),
        "assignments": list(Assignment.objects.order_by("pk").values()),
        "evaluations": list(Evaluation.objects.order_by("pk").values()),
        "scores": list(Score.objects.order_by("pk").values()),
        "conflicts": list(ConflictDeclaration.objects.order_by("pk").values()),
        "events": list(ApplicationEvent.objects.order_by("pk").values()),
        "outbox": list(Message.objects.order_by("pk").values_list("pk", "to_email", "template")),
    }


# The command's summary and idempotence.


def test_the_summary_counts_the_juries_jurors_assignments_and_the_conflict(first_run):
    line = first_run.splitlines()[2]
    match = SUMMARY.match(line)
    assert match, line
    created, total, submitted, drafts, todo = map(int, match.groups())
    statuses = Counter(
        progress(assignment) for slug in EDITIONS for assignment in assignments(jury_of(slug))
    )
    assert created == 2
    assert total == 3 * sum(pool(jury_of(slug)).count() for slug in EDITIONS)
    assert (submitted, drafts, todo) == (
        statuses[EvaluationStatus.SUBMITTED],
        statuses[EvaluationStatus.DRAFT],
        statuses["todo"],
    )


def test_a_second_run_changes_nothing():
    first = rows()

    output = seed_demo()

    assert rows() == first
    match = SUMMARY.match(output.splitlines()[2])
    assert match
    assert match.group(1) == "0"


def test_loading_the_demo_sends_no_jury_email_and_leaves_no_invitation_pending():
    assert not Message.objects.filter(template__startswith="juries/").exists()
    assert not JuryInvitation.objects.filter(accepted_at__isnull=True).exists()


def test_loaded_again_months_later_the_2026_deadline_moves_ahead_then_stays_put():
    later = datetime.datetime(2027, 6, 1, 10, tzinfo=datetime.UTC)
    before = Assignment.objects.count(), Evaluation.objects.count()
    with time_machine.travel(later, tick=False):
        seed_demo()
        first = jury_of(LALLA_2026)
        call = first.call
    with time_machine.travel(later + datetime.timedelta(days=3), tick=False):
        seed_demo()
        again = jury_of(LALLA_2026)

    assert later + datetime.timedelta(days=7) <= first.deadline < call.results_at
    assert again.deadline == first.deadline
    assert (Assignment.objects.count(), Evaluation.objects.count()) == before
    assert jury_of(LALLA_2025).deadline.date() == datetime.date(2025, 6, 25)


# Grids and juries.


@pytest.mark.parametrize("slug", EDITIONS)
def test_each_edition_scores_on_six_weighted_criteria_in_three_languages(slug):
    jury = jury_of(slug)
    criteria = list(Criterion.objects.filter(round=jury.round).order_by("position"))

    assert jury.round.kind == RoundKind.SCREENING
    assert len(criteria) == 6
    assert sum(criterion.weight for criterion in criteria) == 100
    assert grid_is_valid(jury.round)
    assert len({criterion.label_fr for criterion in criteria}) == 6
    for criterion in criteria:
        assert (criterion.min_score, criterion.max_score) == (0, 5)
        assert criterion.label == criterion.label_fr
        for language in ("fr", "ar", "en"):
            label = getattr(criterion, f"label_{language}")
            guidance = getattr(criterion, f"guidance_{language}")
            assert label
            assert guidance
            assert is_arabic(label + guidance) == (language == "ar")
            assert [line[:1] for line in guidance.splitlines()] == ["1", "3", "5"]


def test_the_grids_follow_each_editions_theme():
    weights = {
        slug: {
            criterion.label_en: criterion.weight
            for criterion in Criterion.objects.filter(round=jury_of(slug).round)
        }
        for slug in EDITIONS
    }

    assert weights[LALLA_2025]["Social impact on the members"] == 25
    assert weights[LALLA_2025]["Innovation and added value"] == 15
    assert weights[LALLA_2026]["Climate resilience and resource management"] == 20


@pytest.mark.parametrize("slug", EDITIONS)
def test_jury1_chairs_a_jury_of_the_eight_demo_jurors_who_accepted_an_invitation(slug):
    jury = jury_of(slug)
    members = list(jury.members.select_related("user", "invitation"))

    assert sorted(member.user.email for member in members) == JURORS
    assert all(member.is_active for member in members)
    assert [m.user.email for m in members if m.role == MemberRole.CHAIR] == ["jury1@demo.ma"]
    assert all(12 <= member.max_assignments <= 15 for member in members)
    assert jury.jurors_per_application == 3
    first_assignment = min(a.created_at for a in assignments(jury))
    for member in members:
        invitation = member.invitation
        assert invitation.email == member.user.email
        assert invitation.max_assignments == member.max_assignments
        assert invitation.created_at < invitation.accepted_at == member.joined_at
        assert member.joined_at < first_assignment


def test_the_2025_deadline_has_passed_and_the_2026_one_is_ahead():
    now = timezone.now()
    jury_2025, jury_2026 = jury_of(LALLA_2025), jury_of(LALLA_2026)

    assert jury_2025.call.closes_at < jury_2025.deadline < jury_2025.call.results_at
    assert jury_2025.deadline < now
    assert now + datetime.timedelta(days=7) <= jury_2026.deadline < jury_2026.call.results_at


@pytest.mark.parametrize("slug", EDITIONS)
def test_every_application_of_the_pool_has_exactly_three_jurors(slug):
    jury = jury_of(slug)
    per_application = Counter(assignments(jury).values_list("application_id", flat=True))
    screened = pool(jury).exclude(status=S.SUBMITTED)

    assert screened.count() >= 17
    assert set(per_application) == set(pool(jury).values_list("pk", flat=True))
    assert set(per_application.values()) == {3}
    loads = Counter(assignments(jury).values_list("member__user__email", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 2


@pytest.mark.parametrize("slug", EDITIONS)
def test_the_automatic_assignment_would_change_nothing(slug):
    jury = jury_of(slug)
    organizer = User.objects.get(email="organizer@demo.ma")

    plan = assignment_preview(jury=jury, actor=organizer)

    assert not plan.has_changes
    assert plan.is_complete


# The 2025 edition: fully scored.


def test_every_2025_evaluation_is_submitted_within_the_jury_period():
    jury = jury_of(LALLA_2025)
    criteria = set(Criterion.objects.filter(round=jury.round).values_list("pk", flat=True))

    for assignment in assignments(jury):
        evaluation = assignment.evaluation
        assert evaluation.status == EvaluationStatus.SUBMITTED
        assert jury.call.closes_at < assignment.created_at <= evaluation.started_at
        assert evaluation.started_at < evaluation.submitted_at <= jury.deadline
        assert evaluation.overall_comment
        scores = {score.criterion_id: score.value for score in evaluation.scores.all()}
        assert set(scores) == criteria
        assert all(0 <= value <= 5 for value in scores.values())
    assert grid_is_frozen(jury.round)
    submitted = ApplicationEvent.objects.filter(
        kind=EventKind.EVALUATION_SUBMITTED, data__jury=jury.pk
    )
    assert submitted.count() == assignments(jury).count()


def test_jurors_score_with_different_severity_over_the_whole_scale():
    jury = jury_of(LALLA_2025)
    values = defaultdict(list)
    for email, value in Score.objects.filter(evaluation__assignment__jury=jury).values_list(
        "evaluation__assignment__member__user__email", "value"
    ):
        values[email].append(float(value))

    means = {email: mean(scores) for email, scores in values.items()}
    assert max(means.values()) - min(means.values()) >= 1
    everything = [value for scores in values.values() for value in scores]
    assert min(everything) <= 1
    assert max(everything) == 5
    assert any(value % 1 for value in everything)  # some jurors give half points
    assert len(Counter(everything)) >= 8


def test_comments_are_in_french_or_in_arabic_in_the_jurors_language():
    evaluations = Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED).select_related(
        "assignment__member__user"
    )
    remarks = Score.objects.exclude(comment="").select_related(
        "evaluation__assignment__member__user"
    )

    assert evaluations.count() > 50
    assert remarks.count() > 20
    for evaluation in evaluations:
        email = evaluation.assignment.member.user.email
        assert is_arabic(evaluation.overall_comment) == (email in ARABIC_JURORS)
    for score in remarks:
        email = score.evaluation.assignment.member.user.email
        assert is_arabic(score.comment) == (email in ARABIC_JURORS)


# The 2026 edition: scoring under way, one conflict.


def test_2026_evaluations_are_submitted_in_progress_or_not_started():
    jury = jury_of(LALLA_2026)
    rows = list(assignments(jury))
    statuses = Counter(progress(assignment) for assignment in rows)
    criteria = Criterion.objects.filter(round=jury.round).count()
    now = timezone.now()

    assert 0.4 <= statuses[EvaluationStatus.SUBMITTED] / len(rows) <= 0.6
    assert statuses[EvaluationStatus.DRAFT] >= 5
    assert statuses["todo"] >= 10
    for assignment in rows:
        evaluation = getattr(assignment, "evaluation", None)
        if evaluation is None:
            continue
        assert assignment.created_at <= evaluation.started_at <= evaluation.updated_at < now
        scored = evaluation.scores.exclude(value=None).count()
        if evaluation.status == EvaluationStatus.DRAFT:
            assert 1 <= scored < criteria
            assert evaluation.submitted_at is None
        else:
            assert scored == criteria
            assert evaluation.submitted_at < now
    by_juror = defaultdict(Counter)
    for assignment in rows:
        by_juror[assignment.member.user.email][progress(assignment)] += 1
    submitted_share = {
        email: counts[EvaluationStatus.SUBMITTED] / sum(counts.values())
        for email, counts in by_juror.items()
    }
    assert max(submitted_share.values()) - min(submitted_share.values()) >= 0.4


def test_one_juror_declared_a_conflict_before_scoring_and_the_application_was_reassigned():
    jury = jury_of(LALLA_2026)
    declaration = ConflictDeclaration.objects.select_related("juror", "application").get()
    application = declaration.application
    juror = declaration.juror

    assert application.call == jury.call
    assert declaration.organization is None
    assert declaration.reason
    jurors = set(
        assignments(jury)
        .filter(application=application)
        .values_list("member__user__email", flat=True)
    )
    assert len(jurors) == 3
    assert juror.email not in jurors
    assert not Evaluation.objects.filter(
        assignment__member__user=juror, assignment__application=application
    ).exists()

    history = list(
        ApplicationEvent.objects.filter(
            application=application,
            kind__in=[EventKind.ASSIGNED, EventKind.UNASSIGNED, EventKind.CONFLICT_DECLARED],
        ).order_by("created_at", "pk")
    )
    assert [event.kind for event in history] == [
        EventKind.ASSIGNED,
        EventKind.CONFLICT_DECLARED,
        EventKind.UNASSIGNED,
        EventKind.ASSIGNED,
    ]
    assert history[1].created_at == declaration.declared_at
    assert history[2].data["why"] == ["conflict"]
    assert history[2].data["jurors"] == [juror.pk]
    first_scored = (
        Evaluation.objects.filter(assignment__jury=jury).order_by("started_at").first().started_at
    )
    assert declaration.declared_at < history[3].created_at < first_scored


def test_no_juror_is_assigned_an_application_they_conflict_with():
    for slug in EDITIONS:
        jury = jury_of(slug)
        pairs = conflicted_pairs(
            juror_ids=jury.members.values_list("user_id", flat=True),
            application_ids=pool(jury).values_list("pk", flat=True),
        )
        assigned = set(assignments(jury).values_list("member__user_id", "application_id"))
        assert not assigned & set(pairs)
    assert ConflictDeclaration.objects.count() == 1


# What jurors and organizers see.


def test_a_juror_finds_both_editions_in_the_workspace(client):
    client.force_login(User.objects.get(email="jury1@demo.ma"))

    content = client.get(reverse("jury:workspace")).content.decode()

    for slug in EDITIONS:
        reference = assignments(jury_of(slug)).filter(member__user__email="jury1@demo.ma")
        assert reference.first().application.reference in content


def test_the_organizer_sees_the_progress_of_the_2026_jury(client):
    jury = jury_of(LALLA_2026)
    client.force_login(User.objects.get(email="organizer@demo.ma"))

    response = client.get(
        reverse("jury_manage:progress", kwargs={"slug": jury.call.slug, "round_pk": jury.round_id})
    )

    assert response.status_code == 200
    assert "Nadia Berrada" in response.content.decode()
