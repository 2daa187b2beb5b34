"""Automatic assignment (preview, apply, re-run) and manual changes, through the services."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts.enums import Region, Sector
from calls.enums import RoundKind
from juries.assignment import Shortfall
from juries.enums import AssignmentSource, EvaluationStatus
from juries.models import Assignment, ConflictDeclaration, Evaluation, JuryMember
from juries.services.assignment import (
    AssignmentError,
    Removal,
    assignment_add,
    assignment_apply,
    assignment_preview,
    assignment_remove,
)
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import ApplicationEvent
from tests.factories import OrganizerFactory
from tests.juries.factories_assignment import add_application, add_member, build_scene, evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are read in English (the catalogues translate them)."""
    with translation.override("en"):
        yield


def pairs_of(jury):
    return set(Assignment.objects.filter(jury=jury).values_list("member_id", "application_id"))


def loads_of(jury):
    return Counter(Assignment.objects.filter(jury=jury).values_list("member_id", flat=True))


def apply(scene, plan=None):
    return assignment_apply(jury=scene.jury, actor=scene.organizer, plan=plan)


def test_preview_plans_k_balanced_jurors_per_application_and_writes_nothing():
    scene = build_scene(applications=6, jurors=4, k=2)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert Assignment.objects.count() == 0
    assert len(plan.additions) == 12
    assert plan.removals == []
    assert plan.short == []
    assert plan.problems == []
    per_application = Counter(pair.application_id for pair in plan.additions)
    assert set(per_application.values()) == {2}
    assert sorted(load.after for load in plan.loads) == [3, 3, 3, 3]
    assert (plan.assignments, plan.applications, plan.jurors) == (12, 6, 4)


def test_apply_writes_automatic_assignments_and_the_history_of_each_application():
    scene = build_scene(applications=3, jurors=3, k=2)

    plan = apply(scene)

    rows = Assignment.objects.filter(jury=scene.jury)
    assert rows.count() == 6
    assert set(rows.values_list("source", "created_by")) == {
        (AssignmentSource.AUTOMATIC, scene.organizer.pk)
    }
    events = ApplicationEvent.objects.filter(kind=EventKind.ASSIGNED)
    assert events.count() == 3
    for event in events:
        given = set(rows.filter(application=event.application).values_list("member", flat=True))
        assert set(event.data["members"]) == given
        assert event.data["source"] == AssignmentSource.AUTOMATIC
        assert event.actor == scene.organizer
    assert plan.has_changes


def test_applying_again_changes_nothing():
    scene = build_scene(applications=5, jurors=3, k=2)
    apply(scene)
    before = set(Assignment.objects.values_list("pk", "member_id", "application_id"))

    again = apply(scene)

    assert not again.has_changes
    assert set(Assignment.objects.values_list("pk", "member_id", "application_id")) == before
    assert ApplicationEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 5


def test_a_juror_removed_mid_round_keeps_started_evaluations_and_only_their_others_move():
    scene = build_scene(applications=6, jurors=3, k=2)
    leaver = scene.members[2]
    apply(scene)
    theirs = list(Assignment.objects.filter(member=leaver).order_by("pk"))
    assert len(theirs) == 4
    draft, submitted, *todo = theirs
    evaluate(draft)
    evaluate(submitted, submitted=True)
    # Everyone else's assignments: all to do, so the solver could move them.
    others_before = {pair for pair in pairs_of(scene.jury) if pair[0] != leaver.pk}
    JuryMember.objects.filter(pk=leaver.pk).update(is_active=False)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert {(r.assignment_id, r.why) for r in plan.removals} == {
        (a.pk, Removal.INACTIVE) for a in todo
    }
    # The two to do and the draft's application get another juror (a draft of a juror
    # who left does not count); the submitted evaluation counts: no one added for it.
    given = Counter(pair.application_id for pair in plan.additions)
    assert given == Counter({a.application_id: 1 for a in todo} | {draft.application_id: 1})
    assert submitted.application_id not in given
    assert all(pair.member_id != leaver.pk for pair in plan.additions)

    apply(scene, plan)

    after = pairs_of(scene.jury)
    assert others_before <= after  # nobody else's assignment moved
    assert set(Assignment.objects.filter(member=leaver).values_list("pk", flat=True)) == {
        draft.pk,
        submitted.pk,
    }
    assert Evaluation.objects.count() == 2
    unassigned = ApplicationEvent.objects.filter(kind=EventKind.UNASSIGNED)
    assert sorted(event.application_id for event in unassigned) == sorted(
        a.application_id for a in todo
    )
    assert {tuple(event.data["why"]) for event in unassigned} == {(Removal.INACTIVE,)}


def test_changing_caps_moves_only_what_no_longer_fits():
    scene = build_scene(applications=6, jurors=3, k=1, cap=3)
    apply(scene)
    assert sorted(loads_of(scene.jury).values()) == [2, 2, 2]
    before = pairs_of(scene.jury)
    first = scene.members[0]

    JuryMember.objects.filter(pk=first.pk).update(max_assignments=6)
    assert not apply(scene).has_changes  # more room is no reason to move anything

    JuryMember.objects.filter(pk=first.pk).update(max_assignments=1)
    plan = apply(scene)

    assert [(r.member_id, r.why) for r in plan.removals] == [(first.pk, Removal.MOVED)]
    assert len(plan.additions) == 1
    assert plan.additions[0].member_id != first.pk
    assert len(before - pairs_of(scene.jury)) == 1
    assert loads_of(scene.jury)[first.pk] == 1


def test_a_jury_without_active_members_is_explained():
    scene = build_scene(applications=2, jurors=1, k=1)
    JuryMember.objects.filter(pk=scene.members[0].pk).update(is_active=False)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert plan.additions == []
    assert "The jury has no active member" in plan.problems[0]
    assert [item.reason for item in plan.short] == [Shortfall.TOO_FEW_JURORS] * 2


def test_an_empty_pool_plans_nothing():
    scene = build_scene(applications=0, jurors=2, k=2)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert not plan.has_changes
    assert plan.problems == []
    assert [load.after for load in plan.loads] == [0, 0]


def test_caps_too_small_for_k_are_explained():
    scene = build_scene(applications=4, jurors=3, k=2, cap=2)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert (plan.capacity, plan.needed) == (6, 8)
    assert any("leave 6 places, fewer than the 8 assignments needed" in p for p in plan.problems)
    assert sum(item.missing for item in plan.short) == 2
    assert {item.reason for item in plan.short} == {Shortfall.JURORS_FULL}
    assert all("reached their maximum" in item.message for item in plan.short)
    assert len(plan.additions) == 6
    # What fits is still applied.
    apply(scene, plan)
    assert Assignment.objects.count() == 6


def test_k_larger_than_the_jury_is_explained():
    scene = build_scene(applications=2, jurors=2, k=3)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert any("only 2 active members" in problem for problem in plan.problems)
    assert [item.reason for item in plan.short] == [Shortfall.TOO_FEW_JURORS] * 2
    assert "fewer than the 3 jurors" in plan.short[0].message
    assert len(plan.additions) == 4


def test_declared_conflicts_are_never_assigned_and_shortages_say_why():
    scene = build_scene(applications=2, jurors=3, k=2)
    blocked = scene.applications[0]
    for member in scene.members[:2]:
        ConflictDeclaration.objects.create(juror=member.user, application=blocked)
    ConflictDeclaration.objects.create(
        juror=scene.members[2].user, organization=scene.applications[1].organization
    )

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    planned = {(pair.member_id, pair.application_id) for pair in plan.additions}
    assert planned == {
        (scene.members[2].pk, blocked.pk),
        (scene.members[0].pk, scene.applications[1].pk),
        (scene.members[1].pk, scene.applications[1].pk),
    }
    assert [(item.application_id, item.reason) for item in plan.short] == [
        (blocked.pk, Shortfall.CONFLICTS)
    ]
    assert "Only 1 juror has no conflict of interest" in plan.short[0].message


def test_a_conflict_declared_after_assignment_moves_the_assignment_not_started():
    scene = build_scene(applications=2, jurors=3, k=2)
    apply(scene)
    assignment = Assignment.objects.filter(member=scene.members[0]).first()
    ConflictDeclaration.objects.create(
        juror=scene.members[0].user, application=assignment.application
    )

    plan = apply(scene)

    assert [(r.assignment_id, r.why) for r in plan.removals] == [(assignment.pk, Removal.CONFLICT)]
    assert (scene.members[0].pk, assignment.application_id) not in pairs_of(scene.jury)
    assert Assignment.objects.filter(application=assignment.application).count() == 2


def test_expertise_region_and_language_matches_are_preferred():
    scene = build_scene(k=1)
    argan = add_application(scene, sector=Sector.ARGAN, region=Region.SOUSS_MASSA)
    honey = add_application(scene, sector=Sector.HONEY, region=Region.ORIENTAL, language="ar")
    honey_expert = add_member(scene, sectors=[Sector.HONEY], languages=["ar"])
    argan_expert = add_member(scene, sectors=[Sector.ARGAN], regions=[Region.SOUSS_MASSA])

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    assert {(pair.member_id, pair.application_id) for pair in plan.additions} == {
        (argan_expert.pk, argan.pk),
        (honey_expert.pk, honey.pk),
    }
    assert plan.expertise_share == 1.0
    assert plan.region_share == 0.5
    assert plan.language_share == 0.5


def test_a_manual_assignment_stays_when_the_automatic_one_runs():
    scene = build_scene(applications=3, jurors=3, k=1)
    chosen = assignment_add(
        jury=scene.jury,
        member=scene.members[0],
        application=scene.applications[0],
        actor=scene.organizer,
    )

    plan = apply(scene)

    assert plan.removals == []
    assert Assignment.objects.get(application=scene.applications[0]) == chosen
    assert sorted(loads_of(scene.jury).values()) == [1, 1, 1]


def test_applying_a_stale_preview_is_refused_and_writes_nothing():
    scene = build_scene(applications=2, jurors=3, k=2)
    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)
    ConflictDeclaration.objects.create(
        juror=scene.members[0].user, application=scene.applications[0]
    )

    with pytest.raises(AssignmentError, match="changed since this preview"):
        apply(scene, plan)

    assert Assignment.objects.count() == 0


def test_only_the_calls_organizers_may_assign():
    scene = build_scene(applications=1, jurors=1, k=1)
    stranger = OrganizerFactory(password=None)

    with pytest.raises(PermissionDenied):
        assignment_preview(jury=scene.jury, actor=stranger)
    with pytest.raises(PermissionDenied):
        assignment_apply(jury=scene.jury, actor=stranger)
    with pytest.raises(PermissionDenied):
        assignment_add(
            jury=scene.jury,
            member=scene.members[0],
            application=scene.applications[0],
            actor=stranger,
        )


@pytest.mark.parametrize(
    ("round_kind", "pool"),
    [
        (RoundKind.SCREENING, {ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE}),
        (RoundKind.SHORTLIST, {ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED}),
        (RoundKind.FINAL, {ApplicationStatus.SHORTLISTED, ApplicationStatus.FINALIST}),
    ],
)
def test_the_pool_depends_on_the_round(round_kind, pool):
    scene = build_scene(jurors=1, k=1, round_kind=round_kind)
    for status in ApplicationStatus:
        if status != ApplicationStatus.DRAFT:
            add_application(scene, status=status)

    plan = assignment_preview(jury=scene.jury, actor=scene.organizer)

    given = {pair.application_id for pair in plan.additions}
    assert {a.status for a in scene.applications if a.pk in given} == pool
    assert len(given) == len(pool)


# --- manual changes ----------------------------------------------------------------------


def test_manual_add_writes_a_manual_assignment_and_its_history():
    scene = build_scene(applications=1, jurors=1, k=1)

    assignment = assignment_add(
        jury=scene.jury,
        member=scene.members[0],
        application=scene.applications[0],
        actor=scene.organizer,
    )

    assert assignment.source == AssignmentSource.MANUAL
    event = ApplicationEvent.objects.get(kind=EventKind.ASSIGNED)
    assert event.data["members"] == [scene.members[0].pk]
    assert event.data["source"] == AssignmentSource.MANUAL


def test_manual_add_is_refused_on_a_conflict_of_interest():
    scene = build_scene(applications=1, jurors=1, k=1)
    member, application = scene.members[0], scene.applications[0]
    ConflictDeclaration.objects.create(juror=member.user, organization=application.organization)

    with pytest.raises(AssignmentError, match="conflict of interest") as refused:
        assignment_add(
            jury=scene.jury, member=member, application=application, actor=scene.organizer
        )

    assert "Declared link with the organization" in str(refused.value)
    assert Assignment.objects.count() == 0


def test_manual_add_is_refused_for_a_shared_private_email_domain():
    scene = build_scene(jurors=0, k=1)
    application = add_application(scene)
    domain = "tafoukt-coop.ma"
    owner = application.applicant
    owner.email = f"presidente@{domain}"
    owner.save(update_fields=["email"])
    member = add_member(scene)
    member.user.email = f"conseil@{domain}"
    member.user.save(update_fields=["email"])

    with pytest.raises(AssignmentError, match="Same e-mail domain"):
        assignment_add(
            jury=scene.jury, member=member, application=application, actor=scene.organizer
        )


def test_manual_add_is_refused_for_an_inactive_member():
    scene = build_scene(applications=1, jurors=1, k=1)
    JuryMember.objects.filter(pk=scene.members[0].pk).update(is_active=False)

    with pytest.raises(AssignmentError, match="no longer sits on this jury"):
        assignment_add(
            jury=scene.jury,
            member=scene.members[0],
            application=scene.applications[0],
            actor=scene.organizer,
        )


@pytest.mark.parametrize("status", [ApplicationStatus.INELIGIBLE, ApplicationStatus.WITHDRAWN])
def test_manual_add_is_refused_outside_the_pool(status):
    scene = build_scene(jurors=1, k=1)
    application = add_application(scene, status=status)

    with pytest.raises(AssignmentError, match="not among the applications this round evaluates"):
        assignment_add(
            jury=scene.jury, member=scene.members[0], application=application, actor=scene.organizer
        )


def test_manual_add_is_refused_for_another_calls_application():
    scene = build_scene(jurors=1, k=1)
    elsewhere = build_scene(applications=1, prefix="OTH")

    with pytest.raises(AssignmentError, match="not among the applications"):
        assignment_add(
            jury=scene.jury,
            member=scene.members[0],
            application=elsewhere.applications[0],
            actor=scene.organizer,
        )


def test_manual_add_is_refused_twice_and_at_the_cap():
    scene = build_scene(applications=2, jurors=1, k=1, cap=1)
    member = scene.members[0]
    first, second = scene.applications
    assignment_add(jury=scene.jury, member=member, application=first, actor=scene.organizer)

    with pytest.raises(AssignmentError, match="already has"):
        assignment_add(jury=scene.jury, member=member, application=first, actor=scene.organizer)
    with pytest.raises(AssignmentError, match="their maximum"):
        assignment_add(jury=scene.jury, member=member, application=second, actor=scene.organizer)
    assert Assignment.objects.count() == 1


def test_manual_remove_takes_back_a_draft_but_never_a_submitted_evaluation():
    scene = build_scene(applications=3, jurors=1, k=1)
    apply(scene)
    todo, drafted, submitted = Assignment.objects.order_by("application_id")
    evaluate(drafted)
    evaluate(submitted, submitted=True)

    assignment_remove(assignment=todo, actor=scene.organizer)
    assignment_remove(assignment=drafted, actor=scene.organizer)
    with pytest.raises(AssignmentError, match="submitted their evaluation"):
        assignment_remove(assignment=submitted, actor=scene.organizer)

    assert list(Assignment.objects.all()) == [submitted]
    assert list(Evaluation.objects.values_list("status", flat=True)) == [EvaluationStatus.SUBMITTED]
    events = ApplicationEvent.objects.filter(kind=EventKind.UNASSIGNED).order_by("pk")
    assert [event.data["draft_discarded"] for event in events] == [False, True]


# --- query counts ------------------------------------------------------------------------


def scene_of_size(applications, jurors):
    scene = build_scene(applications=applications, jurors=jurors, k=2)
    apply(scene)
    first = Assignment.objects.order_by("pk").first()
    evaluate(first)
    ConflictDeclaration.objects.create(
        juror=scene.members[-1].user, application=scene.applications[-1]
    )
    ConflictDeclaration.objects.create(
        juror=scene.members[0].user, organization=scene.applications[0].organization
    )
    JuryMember.objects.filter(pk=scene.members[1].pk).update(is_active=False)
    scene.jury.refresh_from_db()
    return scene


@pytest.mark.parametrize(("applications", "jurors"), [(3, 3), (14, 7)])
def test_loading_the_plan_takes_the_same_queries_whatever_the_size(
    applications, jurors, assert_num_queries
):
    scene = scene_of_size(applications, jurors)
    organizer = type(scene.organizer).objects.get(pk=scene.organizer.pk)

    # The permission check (the call, its organizers), the round, the members with
    # their profiles, the pool, the assignments with their evaluations, and the four
    # queries of the bulk conflict check.
    with assert_num_queries(10):
        plan = assignment_preview(jury=scene.jury, actor=organizer)

    assert plan.applications == applications
    assert plan.jurors == jurors - 1
