"""Evaluations through their services: start, autosave, two tabs, submit, the deadline,
reopening by an organizer (audited), and declaring conflicts of interest."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from juries.enums import EvaluationStatus
from juries.models import ConflictDeclaration, Criterion, Evaluation
from juries.services.evaluation import (
    EvaluationError,
    IncompleteEvaluation,
    ScoreInput,
    StaleEvaluation,
    conflict_declare,
    evaluation_reopen,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
)
from notifications.models import Message
from submissions.enums import EventKind
from tests.factories import OrganizerFactory, SiteAdminFactory
from tests.juries.workspace_fixtures import (  # noqa: F401 (the fixtures)
    ORGANIZATION_NAME,
    _english,
    add_juror,
    assign,
    scene_fixture,
    submit_application,
)


def scores(scene, *values, comment=""):
    """ScoreInputs for the scene's criteria, in order (None: left empty)."""
    return {
        criterion.pk: ScoreInput(
            value=None if value is None else Decimal(str(value)), comment=comment
        )
        for criterion, value in zip(scene.criteria, values, strict=False)
    }


def save(scene, evaluation, *values, version=None, overall="", **kwargs):
    return evaluation_save(
        evaluation=evaluation,
        actor=scene.juror,
        version=evaluation.version if version is None else version,
        scores=scores(scene, *values),
        overall_comment=overall,
        **kwargs,
    )


@pytest.fixture
def draft(scene):
    return evaluation_start(assignment=scene.assignment, actor=scene.juror)


def events(application, kind):
    return list(application.events.filter(kind=kind))


def test_starting_twice_gives_the_same_draft(scene):
    first = evaluation_start(assignment=scene.assignment, actor=scene.juror)
    second = evaluation_start(assignment=scene.assignment, actor=scene.juror)

    assert first.pk == second.pk
    assert (first.status, first.version) == (EvaluationStatus.DRAFT, 0)


def test_saving_keeps_the_scores_given_so_far_and_raises_the_version(scene, draft):
    saved = save(scene, draft, 4, None, 2.5, overall="Solide.")

    assert saved.version == 1
    stored = dict(saved.scores.values_list("criterion_id", "value"))
    assert stored == {scene.criteria[0].pk: Decimal("4"), scene.criteria[2].pk: Decimal("2.5")}
    assert saved.overall_comment == "Solide."


def test_saving_the_same_content_again_changes_nothing(scene, draft):
    saved = save(scene, draft, 4, 3, 2)

    again = save(scene, saved, 4, 3, 2)

    assert again.version == saved.version == 1


def test_criteria_left_out_and_an_overall_comment_of_none_stay_as_stored(scene, draft):
    saved = save(scene, draft, 4, 3, overall="Solide.")
    first, second, _third = scene.criteria

    again = evaluation_save(
        evaluation=saved,
        actor=scene.juror,
        version=saved.version,
        scores={first.pk: ScoreInput(Decimal(5))},
        overall_comment=None,
    )

    assert dict(again.scores.values_list("criterion_id", "value")) == {
        first.pk: Decimal(5),
        second.pk: Decimal(3),
    }
    assert again.overall_comment == "Solide."
    assert again.version == 2


def test_a_score_out_of_range_is_refused_and_nothing_is_saved(scene, draft):
    with pytest.raises(EvaluationError, match="give a score from 0 to 5"):
        save(scene, draft, 4, 7)

    draft.refresh_from_db()
    assert draft.version == 0
    assert not draft.scores.exists()


def test_a_stale_tab_is_refused_and_never_overwrites_the_newer_save(scene, draft):
    tab_a = Evaluation.objects.get(pk=draft.pk)
    tab_b = Evaluation.objects.get(pk=draft.pk)
    save(scene, tab_a, 4, 4, 4, overall="Tab A")

    with pytest.raises(StaleEvaluation, match="changed in another tab") as refused:
        save(scene, tab_b, 1, 1, 1, overall="Tab B", version=0)

    assert refused.value.evaluation.overall_comment == "Tab A"
    draft.refresh_from_db()
    assert draft.overall_comment == "Tab A"
    assert set(draft.scores.values_list("value", flat=True)) == {Decimal("4")}


def test_a_stale_tab_sending_what_is_already_stored_is_accepted(scene, draft):
    """Nothing would be overwritten: an autosave still on its way when "submit" is pressed
    must not make the submission fail."""
    save(scene, draft, 4, 4, 4)

    same = save(scene, Evaluation.objects.get(pk=draft.pk), 4, 4, 4, version=0)

    assert same.version == 1


def test_submitting_with_a_criterion_missing_names_it_and_keeps_the_draft(scene, draft):
    saved = save(scene, draft, 4, None, 3)

    with pytest.raises(IncompleteEvaluation) as refused:
        evaluation_submit(evaluation=saved, actor=scene.juror, version=saved.version)

    assert refused.value.missing == [scene.criteria[1]]
    assert "Criterion 2" in str(refused.value)
    saved.refresh_from_db()
    assert saved.status == EvaluationStatus.DRAFT
    assert not events(scene.application, EventKind.EVALUATION_SUBMITTED)


def test_submitting_locks_the_evaluation_and_writes_the_history(scene, draft):
    saved = save(scene, draft, 4, 3, 5)

    submitted = evaluation_submit(evaluation=saved, actor=scene.juror, version=saved.version)

    assert submitted.status == EvaluationStatus.SUBMITTED
    assert submitted.submitted_at is not None
    (event,) = events(scene.application, EventKind.EVALUATION_SUBMITTED)
    assert event.actor == scene.juror
    assert (event.from_status, event.to_status) == ("draft", "submitted")
    assert event.data["evaluation"] == submitted.pk
    with pytest.raises(EvaluationError, match="submitted and locked"):
        save(scene, submitted, 1, 1, 1)


def test_submitting_twice_records_one_submission(scene, draft):
    saved = save(scene, draft, 4, 3, 5)
    evaluation_submit(evaluation=saved, actor=scene.juror, version=saved.version)

    evaluation_submit(evaluation=saved, actor=scene.juror, version=saved.version)

    assert len(events(scene.application, EventKind.EVALUATION_SUBMITTED)) == 1


def test_scoring_after_the_deadline_is_refused_until_the_organizer_extends_it(scene, draft):
    scene.jury.deadline = timezone.now() - datetime.timedelta(hours=1)
    scene.jury.save(update_fields=["deadline"])

    with pytest.raises(EvaluationError, match="deadline passed"):
        save(scene, draft, 4, 3, 5)

    scene.jury.deadline = timezone.now() + datetime.timedelta(days=2)  # the extension
    scene.jury.save(update_fields=["deadline"])
    assert save(scene, draft, 4, 3, 5).version == 1


def test_no_evaluation_is_started_after_the_deadline(scene):
    later = scene.jury.deadline + datetime.timedelta(minutes=1)

    with pytest.raises(EvaluationError, match="deadline passed"):
        evaluation_start(assignment=scene.assignment, actor=scene.juror, now=later)
    assert not Evaluation.objects.exists()


def test_a_juror_removed_from_the_jury_can_no_longer_save(scene, draft):
    scene.member.is_active = False
    scene.member.save(update_fields=["is_active"])

    with pytest.raises(EvaluationError, match="not assigned to you"):
        save(scene, draft, 4, 3, 5)


def test_another_juror_cannot_save_someone_elses_evaluation(scene, draft):
    other = add_juror(scene).user

    with pytest.raises(EvaluationError, match="not assigned to you"):
        evaluation_save(
            evaluation=draft, actor=other, version=0, scores=scores(scene, 1), overall_comment=""
        )


@pytest.fixture
def submitted(scene, draft):
    saved = save(scene, draft, 4, 3, 5)
    return evaluation_submit(evaluation=saved, actor=scene.juror, version=saved.version)


def test_an_organizer_reopens_with_a_reason_audited_and_the_juror_told(scene, submitted):
    evaluation_reopen(
        evaluation=submitted, actor=scene.organizer, reason="  Le critère 2 est mal noté.  "
    )

    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.DRAFT
    assert submitted.submitted_at is None
    (event,) = events(scene.application, EventKind.EVALUATION_REOPENED)
    assert event.actor == scene.organizer
    assert event.reason == "Le critère 2 est mal noté."
    assert (event.from_status, event.to_status) == ("submitted", "draft")
    (message,) = Message.objects.filter(template="juries/email/evaluation_reopened")
    assert message.to_email == scene.juror.email
    assert scene.application.reference in message.subject
    assert "Le critère 2 est mal noté." in message.body_text
    assert ORGANIZATION_NAME not in message.body_text + message.subject
    # The juror can change it again, then submit it again.
    changed = save(scene, submitted, 4, 4, 5)
    evaluation_submit(evaluation=changed, actor=scene.juror, version=changed.version)


def test_reopening_needs_a_reason(scene, submitted):
    with pytest.raises(EvaluationError, match="Say why"):
        evaluation_reopen(evaluation=submitted, actor=scene.organizer, reason="   ")

    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["juror", "organizer of another call"])
def test_only_the_calls_organizers_reopen(scene, submitted, who):
    actor = scene.juror if who == "juror" else OrganizerFactory()

    with pytest.raises(EvaluationError, match="Only the organizers"):
        evaluation_reopen(evaluation=submitted, actor=actor, reason="Pourquoi pas")

    assert not events(scene.application, EventKind.EVALUATION_REOPENED)


def test_a_site_admin_may_reopen(scene, submitted):
    evaluation_reopen(evaluation=submitted, actor=SiteAdminFactory(), reason="Erreur de saisie")

    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.DRAFT


def test_reopening_a_draft_changes_nothing(scene, draft):
    evaluation_reopen(evaluation=draft, actor=scene.organizer, reason="Rien")

    assert not events(scene.application, EventKind.EVALUATION_REOPENED)
    assert not Message.objects.filter(template="juries/email/evaluation_reopened").exists()


def test_declaring_a_conflict_with_an_application_ends_access_and_keeps_the_draft(scene, draft):
    save(scene, draft, 4)

    conflict_declare(actor=scene.juror, application=scene.application, reason="Ma cousine")

    assert not scene.juror.has_perm("juries.evaluate_application", scene.application)
    (event,) = events(scene.application, EventKind.CONFLICT_DECLARED)
    assert (event.actor, event.reason, event.data["target"]) == (
        scene.juror,
        "Ma cousine",
        "application",
    )
    assert Evaluation.objects.filter(pk=draft.pk, scores__isnull=False).exists()
    with pytest.raises(EvaluationError, match="not assigned to you"):
        save(scene, draft, 5)


def test_declaring_the_same_conflict_twice_records_it_once(scene):
    conflict_declare(actor=scene.juror, application=scene.application)
    conflict_declare(actor=scene.juror, application=scene.application, reason="encore")

    assert ConflictDeclaration.objects.count() == 1
    assert len(events(scene.application, EventKind.CONFLICT_DECLARED)) == 1


def test_a_conflict_with_an_organization_is_recorded_on_each_of_its_assigned_applications(
    scene,
):
    other_application = submit_application(scene)
    assign(scene, scene.member, other_application)

    conflict_declare(actor=scene.juror, organization=scene.application.organization)

    assert len(events(scene.application, EventKind.CONFLICT_DECLARED)) == 1
    assert not events(other_application, EventKind.CONFLICT_DECLARED)
    assert scene.juror.has_perm("juries.evaluate_application", other_application)
    assert not scene.juror.has_perm("juries.evaluate_application", scene.application)


def test_a_conflict_cannot_be_declared_on_an_application_not_assigned(scene):
    other = add_juror(scene).user

    with pytest.raises(EvaluationError, match="not assigned to you"):
        conflict_declare(actor=other, application=scene.application)
    assert not ConflictDeclaration.objects.exists()


def test_scores_wait_for_a_grid_whose_weights_add_up_to_100(scene, draft):
    Criterion.objects.filter(pk=scene.criteria[0].pk).update(weight=1)

    with pytest.raises(EvaluationError, match="grid of this round is not ready"):
        save(scene, draft, 4, 4, 4)

    draft.refresh_from_db()
    assert draft.version == 0
    assert not draft.scores.exists()
