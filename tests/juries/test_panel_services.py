"""The organizers' jury services (`juries.services.panel`): the jury of a round, invitations
and members, the scoring grid (weights adding up to 100, frozen once an evaluation is
submitted)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from juries.enums import EvaluationStatus, MemberRole
from juries.models import Criterion, JurorProfile, JuryInvitation, JuryMember, Score
from juries.services import evaluation as evaluation_services
from juries.services import panel as services
from notifications.models import Message
from tests.factories import JurorFactory, OrganizerFactory, SiteAdminFactory, UserFactory
from tests.juries.panel_fixtures import (
    add_criterion,
    add_juror,
    assign,
    build_panel,
    evaluate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Refusals are read in English; e-mails follow each recipient's language."""
    with translation.override("en"):
        yield


def invitations_to(email):
    return Message.objects.filter(to_email=email, template="juries/email/invitation")


# --- the jury of a round --------------------------------------------------------------


def test_the_jury_of_a_round_is_created_then_changed_in_place():
    panel = build_panel(applications=0, jurors=0)
    later = timezone.now() + datetime.timedelta(days=30)

    jury = services.jury_save(
        round=panel.round,
        actor=panel.organizer,
        deadline=later,
        jurors_per_application=4,
        scores_visible_after_submit=True,
    )

    assert jury.pk == panel.jury.pk
    jury.refresh_from_db()
    assert (jury.deadline, jury.jurors_per_application, jury.scores_visible_after_submit) == (
        later,
        4,
        True,
    )


def test_another_organizer_may_not_set_up_or_change_a_jury():
    panel = build_panel(applications=0, jurors=0)
    stranger = OrganizerFactory()

    with pytest.raises(PermissionDenied):
        services.jury_save(
            round=panel.round,
            actor=stranger,
            deadline=None,
            jurors_per_application=2,
            scores_visible_after_submit=False,
        )
    with pytest.raises(PermissionDenied):
        services.invitation_send(jury=panel.jury, actor=stranger, email="x@example.ma")
    with pytest.raises(PermissionDenied):
        add_criterion(
            panel.__class__(**{**panel.__dict__, "organizer": stranger}), label="X", weight=10
        )


def test_a_site_admin_manages_any_jury():
    panel = build_panel(applications=0, jurors=0)

    invitation = services.invitation_send(
        jury=panel.jury, actor=SiteAdminFactory(), email="expert@univ.ma"
    )

    assert invitation.email == "expert@univ.ma"


# --- invitations ----------------------------------------------------------------------


def test_an_invitation_is_written_in_the_invitees_own_language_when_they_have_an_account():
    panel = build_panel(applications=0, jurors=0)
    UserFactory(email="amina@univ.ma", language="ar")

    services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=" Amina@Univ.ma ", language="en"
    )

    message = invitations_to("amina@univ.ma").get()
    assert message.language == "ar"
    assert "/ar/jury/invitations/" in message.body_text
    with translation.override("ar"):
        title = panel.call.title
    assert title in message.subject


def test_an_invitation_to_a_new_address_is_written_in_the_organizers_page_language():
    panel = build_panel(applications=0, jurors=0)

    invitation = services.invitation_send(
        jury=panel.jury,
        actor=panel.organizer,
        email="new.expert@univ.ma",
        role=MemberRole.CHAIR,
        max_assignments=12,
        language="en",
    )

    message = invitations_to("new.expert@univ.ma").get()
    assert message.language == "en"
    assert f"/en/jury/invitations/{invitation.token}/" in message.body_text
    assert "Create your account with new.expert@univ.ma" in message.body_text
    assert "at most 12 applications" in message.body_text
    assert message.subject.startswith("Invitation to the jury of")


def test_sending_a_pending_invitation_again_keeps_its_link_and_mails_it_again():
    panel = build_panel(applications=0, jurors=0)
    first = services.invitation_send(jury=panel.jury, actor=panel.organizer, email="a@univ.ma")

    again = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email="a@univ.ma", max_assignments=5
    )

    assert again.pk == first.pk
    assert again.token == first.token
    assert again.max_assignments == 5
    assert invitations_to("a@univ.ma").count() == 2


def test_inviting_again_after_a_refusal_makes_a_new_link():
    panel = build_panel(applications=0, jurors=0)
    first = services.invitation_send(jury=panel.jury, actor=panel.organizer, email="a@univ.ma")
    services.invitation_decline(invitation=first)

    again = services.invitation_send(jury=panel.jury, actor=panel.organizer, email="a@univ.ma")

    assert again.token != first.token
    assert again.declined_at is None


def test_a_member_is_not_invited_again():
    panel = build_panel(applications=0, jurors=1)

    with pytest.raises(ValidationError) as refused:
        services.invitation_send(
            jury=panel.jury, actor=panel.organizer, email=panel.members[0].user.email
        )

    assert refused.value.messages == ["This person is already a member of this jury."]


def test_a_jury_has_one_chair_even_among_pending_invitations():
    panel = build_panel(applications=0, jurors=0)
    services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email="chair@univ.ma", role=MemberRole.CHAIR
    )

    with pytest.raises(ValidationError) as refused:
        services.invitation_send(
            jury=panel.jury, actor=panel.organizer, email="other@univ.ma", role=MemberRole.CHAIR
        )

    assert refused.value.error_dict["role"][0].code == "chair_taken"


def test_accepting_makes_a_member_with_the_invitations_role_cap_and_a_juror_profile():
    panel = build_panel(applications=0, jurors=0)
    person = UserFactory(email="expert@univ.ma")
    invitation = services.invitation_send(
        jury=panel.jury,
        actor=panel.organizer,
        email=person.email,
        role=MemberRole.CHAIR,
        max_assignments=15,
    )

    member = services.invitation_accept(
        invitation=invitation,
        user=person,
        profile={
            "expertise_sectors": ["saffron", "argan"],
            "regions": ["souss-massa"],
            "languages": ["ar", "fr"],
        },
    )

    assert (member.jury, member.user, member.role, member.max_assignments, member.is_active) == (
        panel.jury,
        person,
        MemberRole.CHAIR,
        15,
        True,
    )
    profile = JurorProfile.objects.get(user=person)
    assert profile.expertise_sectors == ["argan", "saffron"]
    assert profile.regions == ["souss-massa"]
    assert profile.languages == ["fr", "ar"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.member == member


def test_a_new_juror_must_say_which_languages_they_read():
    panel = build_panel(applications=0, jurors=0)
    person = UserFactory()
    invitation = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=person.email
    )

    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(invitation=invitation, user=person, profile={"languages": []})

    assert "languages" in refused.value.error_dict
    assert not JuryMember.objects.exists()
    assert not JurorProfile.objects.filter(user=person).exists()


def test_an_invitation_works_once():
    panel = build_panel(applications=0, jurors=0)
    person = JurorFactory()
    invitation = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=person.email
    )
    services.invitation_accept(invitation=invitation, user=person)

    with pytest.raises(ValidationError) as accepted_twice:
        services.invitation_accept(invitation=invitation, user=person)
    with pytest.raises(ValidationError) as declined_after:
        services.invitation_decline(invitation=invitation, user=person)

    assert accepted_twice.value.code == declined_after.value.code == "used"
    assert JuryMember.objects.filter(jury=panel.jury).count() == 1


def test_an_invitation_is_refused_to_an_account_with_another_address():
    panel = build_panel(applications=0, jurors=0)
    invitation = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email="invited@univ.ma"
    )
    intruder = JurorFactory(email="someone.else@univ.ma")

    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(invitation=invitation, user=intruder)

    assert refused.value.code == "other_email"
    assert "invited@univ.ma" in refused.value.messages[0]
    assert "someone.else@univ.ma" in refused.value.messages[0]
    assert not JuryMember.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_chair_found_meanwhile_makes_the_next_invited_chair_a_member():
    panel = build_panel(applications=0, jurors=0)
    person = JurorFactory()
    invitation = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email=person.email, role=MemberRole.CHAIR
    )
    add_juror(panel)
    services.member_update(
        member=panel.members[0], actor=panel.organizer, role=MemberRole.CHAIR, max_assignments=20
    )

    member = services.invitation_accept(invitation=invitation, user=person)

    assert member.role == MemberRole.MEMBER


def test_a_withdrawn_invitation_no_longer_exists():
    panel = build_panel(applications=0, jurors=0)
    invitation = services.invitation_send(jury=panel.jury, actor=panel.organizer, email="a@b.ma")

    services.invitation_cancel(invitation=invitation, actor=panel.organizer)

    assert not JuryInvitation.objects.exists()


# --- members --------------------------------------------------------------------------


def test_choosing_a_new_chair_makes_the_former_one_a_member():
    panel = build_panel(applications=0, jurors=0)
    chair = add_juror(panel, role=MemberRole.CHAIR)
    other = add_juror(panel)

    services.member_update(
        member=other, actor=panel.organizer, role=MemberRole.CHAIR, max_assignments=8
    )

    chair.refresh_from_db()
    other.refresh_from_db()
    assert (chair.role, other.role, other.max_assignments) == (
        MemberRole.MEMBER,
        MemberRole.CHAIR,
        8,
    )


def test_removing_a_juror_keeps_their_work_and_counts_what_must_be_reassigned():
    panel = build_panel(applications=3, jurors=1)
    member = panel.members[0]
    services.member_update(
        member=member, actor=panel.organizer, role=MemberRole.CHAIR, max_assignments=20
    )
    done = assign(panel, member, panel.applications[0])
    evaluate(panel, done)
    started = assign(panel, member, panel.applications[1])
    evaluate(panel, started, submit=False)
    assign(panel, member, panel.applications[2])

    unfinished = services.member_deactivate(member=member, actor=panel.organizer)

    member.refresh_from_db()
    assert unfinished == 2
    assert (member.is_active, member.role) == (False, MemberRole.MEMBER)
    assert member.assignments.count() == 3


def test_a_removed_juror_comes_back_as_a_member():
    panel = build_panel(applications=0, jurors=1)
    member = panel.members[0]
    services.member_deactivate(member=member, actor=panel.organizer)

    services.member_reactivate(member=member, actor=panel.organizer)

    member.refresh_from_db()
    assert member.is_active


# --- the scoring grid -----------------------------------------------------------------


def test_weights_that_do_not_add_up_to_100_make_the_grid_unusable():
    panel = build_panel(applications=0, jurors=0, grid=False)
    add_criterion(panel, label="Impact", weight=50)
    add_criterion(panel, label="Viabilité", weight=30)

    state = services.grid_state(panel.round)

    assert services.grid_is_valid(panel.round) is False
    assert state.weight_total == 80
    assert state.problems == ["The weights add up to 80 %; they must add up to exactly 100 %."]


def test_a_grid_without_criteria_is_not_usable_and_one_adding_up_to_100_is():
    panel = build_panel(applications=0, jurors=0, grid=False)
    assert services.grid_is_valid(panel.round) is False
    assert services.grid_state(panel.round).problems == ["The grid has no criterion yet."]

    add_criterion(panel, label="Impact", weight=70)
    add_criterion(panel, label="Viabilité", weight=30)

    assert services.grid_is_valid(panel.round) is True


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"min_score": 5, "max_score": 5}, "max_score"),
        ({"min_score": 6, "max_score": 2}, "max_score"),
        ({"weight": 0}, "weight"),
        ({"weight": 101}, "weight"),
        ({"label_fr": "  "}, "label_fr"),
    ],
)
def test_a_criterion_needs_a_french_label_a_weight_and_an_ordered_scale(values, field):
    panel = build_panel(applications=0, jurors=0, grid=False)
    fields = {
        "label_fr": "Impact",
        "label_ar": "",
        "label_en": "",
        "guidance_fr": "",
        "guidance_ar": "",
        "guidance_en": "",
        "weight": 50,
        "min_score": 0,
        "max_score": 5,
        **values,
    }

    with pytest.raises(ValidationError) as refused:
        services.criterion_save(round=panel.round, actor=panel.organizer, **fields)

    assert field in refused.value.error_dict
    assert not Criterion.objects.exists()


def test_a_criterion_reads_in_the_pages_language():
    panel = build_panel(applications=0, jurors=0, grid=False)
    criterion = add_criterion(
        panel, label="Impact social", weight=100, label_ar="الأثر الاجتماعي", label_en="Impact"
    )

    criterion = Criterion.objects.get(pk=criterion.pk)
    with translation.override("ar"):
        assert criterion.label == "الأثر الاجتماعي"
    with translation.override("fr"):
        assert criterion.label == "Impact social"


def test_criteria_move_up_and_down():
    panel = build_panel(applications=0, jurors=0)
    first, second = panel.criteria

    assert services.criterion_move(criterion=second, actor=panel.organizer, direction="up")
    assert not services.criterion_move(criterion=second, actor=panel.organizer, direction="up")

    assert list(Criterion.objects.filter(round=panel.round)) == [second, first]


def test_deleting_a_criterion_before_any_submission_takes_its_draft_scores_along():
    panel = build_panel(applications=1, jurors=1)
    evaluation = evaluate(
        panel, assign(panel, panel.members[0], panel.applications[0]), submit=False
    )
    first, second = panel.criteria

    services.criterion_delete(criterion=first, actor=panel.organizer)

    assert list(
        Score.objects.filter(evaluation=evaluation).values_list("criterion", flat=True)
    ) == [second.pk]


def test_the_grid_freezes_once_the_first_evaluation_of_the_round_is_submitted():
    panel = build_panel(applications=1, jurors=1)
    assert services.grid_is_frozen(panel.round) is False
    evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))
    first, second = panel.criteria

    refusals = []
    for change in (
        lambda: add_criterion(panel, label="Nouveau", weight=10),
        lambda: services.criterion_save(
            round=panel.round, actor=panel.organizer, criterion=first, weight=50
        ),
        lambda: services.criterion_delete(criterion=second, actor=panel.organizer),
        lambda: services.criterion_move(criterion=second, actor=panel.organizer, direction="up"),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        refusals.append(refused.value)

    assert services.grid_is_frozen(panel.round) is True
    assert {refusal.code for refusal in refusals} == {"grid_frozen"}
    assert (
        refusals[0]
        .messages[0]
        .startswith("Evaluations of this round have been submitted: its scoring grid is frozen")
    )
    assert list(Criterion.objects.filter(round=panel.round).values_list("weight", flat=True)) == [
        60,
        40,
    ]


def test_the_frozen_message_is_translated():
    panel = build_panel(applications=1, jurors=1)
    evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        add_criterion(panel, label="Nouveau", weight=10)

    with translation.override("fr"):
        expected = translation.gettext(
            "Evaluations of this round have been submitted: its scoring grid is frozen and "
            "can no longer change, so that every application is scored against the same grid."
        )
    assert refused.value.messages == [expected]


def test_the_grid_stays_frozen_when_the_only_submitted_evaluation_is_reopened():
    panel = build_panel(applications=1, jurors=1)
    evaluation = evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))

    evaluation_services.evaluation_reopen(
        evaluation=evaluation, actor=panel.organizer, reason="Commentaire manquant"
    )

    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    assert services.grid_is_frozen(panel.round) is True


def test_draft_evaluations_do_not_freeze_the_grid():
    panel = build_panel(applications=1, jurors=1)
    evaluate(panel, assign(panel, panel.members[0], panel.applications[0]), submit=False)

    assert services.grid_is_frozen(panel.round) is False
    add_criterion(panel, label="Nouveau", weight=10)
