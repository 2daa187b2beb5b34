"""The organizers' jury pages (/<lang>/manage/calls/<slug>/jury/…): who may open them, what
they show, what posting them changes, and how many queries the progress page runs."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from juries.enums import EvaluationStatus, MemberRole
from juries.models import Assignment, Criterion, Jury, JuryInvitation, JuryMember, Reminder
from juries.services import evaluation as evaluation_services
from juries.services import panel as services
from notifications.models import Message
from submissions.models import ApplicationEvent
from tests.factories import (
    OrganizationFactory,
    OrganizerFactory,
    SiteAdminFactory,
)
from tests.juries.panel_fixtures import (
    add_juror,
    add_round,
    assign,
    assign_all,
    build_panel,
    evaluate,
)

pytestmark = pytest.mark.django_db

MOROCCO = ZoneInfo("Africa/Casablanca")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"jury_manage:{name}", args=args)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def furnished():
    """A jury with one of everything an organizer opens."""
    panel = build_panel(applications=2, jurors=2)
    invitation = services.invitation_send(
        jury=panel.jury, actor=panel.organizer, email="pending@univ.ma"
    )
    first, second = assign_all(panel)[:2]
    # A draft: the grid stays open for its pages (a frozen one is tested below).
    evaluation = evaluate(panel, first, submit=False)
    return panel, invitation, second, evaluation


def page_urls(panel, invitation, assignment, evaluation):
    slug, r = panel.call.slug, panel.round.pk
    member, criterion, application = panel.members[0], panel.criteria[0], panel.applications[0]
    return [
        url("home", slug),
        url("settings", slug, r),
        url("members", slug, r),
        url("member_edit", slug, r, member.pk),
        url("member_deactivate", slug, r, member.pk),
        url("invitation_cancel", slug, r, invitation.pk),
        url("grid", slug, r),
        url("criterion_add", slug, r),
        url("criterion_edit", slug, r, criterion.pk),
        url("criterion_delete", slug, r, criterion.pk),
        url("assignment", slug, r),
        url("assignment_preview", slug, r),
        url("assign_application", slug, r, application.pk),
        url("assign_member", slug, r, member.pk),
        url("progress", slug, r),
        url("evaluation_reopen", slug, r, evaluation.pk),
    ]


def post_only_urls(panel, invitation, assignment, evaluation):
    slug, r = panel.call.slug, panel.round.pk
    return [
        url("invite", slug, r),
        url("invitation_resend", slug, r, invitation.pk),
        url("member_reactivate", slug, r, panel.members[0].pk),
        url("criterion_move", slug, r, panel.criteria[0].pk),
        url("assignment_remove", slug, r, assignment.pk),
        url("remind", slug, r),
    ]


# --- who may open what ----------------------------------------------------------------


def test_visitors_are_sent_to_the_login_page(client, furnished):
    for page in page_urls(*furnished) + post_only_urls(*furnished):
        response = client.get(page)

        assert response.status_code == 302, page
        assert response.url.startswith(reverse("account_login")), page


def test_applicants_and_jurors_are_refused_the_back_office(client, furnished):
    panel = furnished[0]
    for person in (OrganizationFactory().owner, panel.members[0].user):
        client.force_login(person)
        for page in page_urls(*furnished) + post_only_urls(*furnished):
            assert client.get(page).status_code == 403, page
            assert client.post(page, {}).status_code == 403, page


def test_an_organizer_of_another_call_gets_404_on_every_page_and_changes_nothing(client, furnished):
    panel = furnished[0]
    client.force_login(OrganizerFactory())

    for page in page_urls(*furnished) + post_only_urls(*furnished):
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"reason": "x", "direction": "up"}).status_code == 404, page
    assert JuryMember.objects.filter(jury=panel.jury, is_active=True).count() == 2
    assert Reminder.objects.count() == 0
    assert Criterion.objects.filter(round=panel.round).count() == 2


def test_pages_of_an_other_calls_round_are_404_for_this_calls_organizer(client, furnished):
    panel = furnished[0]
    other = build_panel(applications=1, jurors=1)
    client.force_login(panel.organizer)

    slug = panel.call.slug
    for page in [
        url("settings", slug, other.round.pk),
        url("grid", slug, other.round.pk),
        url("members", slug, other.round.pk),
        url("criterion_edit", slug, panel.round.pk, other.criteria[0].pk),
        url("member_edit", slug, panel.round.pk, other.members[0].pk),
        url("assign_application", slug, panel.round.pk, other.applications[0].pk),
    ]:
        assert client.get(page).status_code == 404, page


@pytest.mark.parametrize("person", ["organizer", "site admin"])
def test_the_calls_organizers_and_site_admins_open_every_page(client, furnished, person):
    panel = furnished[0]
    client.force_login(panel.organizer if person == "organizer" else SiteAdminFactory())

    for page in page_urls(*furnished):
        assert client.get(page).status_code == 200, page


def test_the_calls_navigation_leads_to_its_juries(client, furnished):
    panel = furnished[0]
    client.force_login(panel.organizer)

    with translation.override("en"):
        overview = client.get(reverse("manage:call", args=[panel.call.slug]))

    assert f'href="{url("home", panel.call.slug)}"' in overview.content.decode()


# --- the jury of a round --------------------------------------------------------------


def test_an_organizer_sets_up_the_jury_of_a_round_with_a_deadline_in_morocco_time(client):
    organizer = OrganizerFactory()
    panel = build_panel(applications=0, jurors=0, organizer=organizer)
    final = add_round(panel.call, organizer, kind="final", position=1)
    client.force_login(organizer)

    response = client.post(
        url("settings", panel.call.slug, final.pk),
        {
            "deadline": "2027-06-15T18:00",
            "jurors_per_application": "3",
            "scores_visible_after_submit": "on",
        },
    )

    jury = Jury.objects.get(round=final)
    assert response.status_code == 302
    assert response.url == url("members", panel.call.slug, final.pk)
    assert jury.deadline == datetime.datetime(2027, 6, 15, 18, 0, tzinfo=MOROCCO)
    assert (jury.call, jury.jurors_per_application, jury.scores_visible_after_submit) == (
        panel.call,
        3,
        True,
    )


def test_the_home_page_lists_each_round_with_its_jury_or_an_invitation_to_set_it_up(client):
    panel = build_panel(applications=0, jurors=1)
    add_round(panel.call, panel.organizer, kind="final", position=1)
    client.force_login(panel.organizer)

    page = client.get(url("home", panel.call.slug)).content.decode()

    assert "Set up the jury" in page
    assert "2 criteria, weights add up to 100 %" in page


@pytest.mark.parametrize("k", ["0", "11", "x"])
def test_jurors_per_application_is_between_1_and_10(client, k):
    panel = build_panel(applications=0, jurors=0)
    client.force_login(panel.organizer)

    response = client.post(
        url("settings", panel.call.slug, panel.round.pk), {"jurors_per_application": k}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["jurors_per_application"]


# --- members --------------------------------------------------------------------------


def test_inviting_from_the_members_page_mails_the_invitation_in_the_pages_language(client):
    panel = build_panel(applications=0, jurors=0)
    client.force_login(panel.organizer)

    response = client.post(
        url("invite", panel.call.slug, panel.round.pk, language="ar"),
        {"email": "Expert@Univ.ma", "role": "member", "max_assignments": "12"},
    )

    assert response.status_code == 302
    invitation = JuryInvitation.objects.get()
    assert (invitation.email, invitation.max_assignments) == ("expert@univ.ma", 12)
    message = Message.objects.get(template="juries/email/invitation")
    assert message.language == "ar"
    assert f"/ar/jury/invitations/{invitation.token}/" in message.body_text
    members = client.get(url("members", panel.call.slug, panel.round.pk)).content.decode()
    assert "expert@univ.ma" in members


def test_an_invalid_invitation_shows_why_and_sends_nothing(client):
    panel = build_panel(applications=0, jurors=1)
    client.force_login(panel.organizer)

    response = client.post(
        url("invite", panel.call.slug, panel.round.pk),
        {"email": panel.members[0].user.email, "role": "member", "max_assignments": "0"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["max_assignments"]
    page = response.content.decode()
    assert "The invitation was not sent." in page
    # Only the invitation the member accepted earlier.
    assert (
        Message.objects.filter(
            template="juries/email/invitation", to_email=panel.members[0].user.email
        ).count()
        == 1
    )


def test_making_a_member_chair_through_the_page_keeps_one_chair(client):
    panel = build_panel(applications=0, jurors=0)
    chair = add_juror(panel, role=MemberRole.CHAIR)
    member = add_juror(panel)
    client.force_login(panel.organizer)

    response = client.post(
        url("member_edit", panel.call.slug, panel.round.pk, member.pk),
        {"role": "chair", "max_assignments": "7"},
    )

    assert response.status_code == 302
    assert list(
        JuryMember.objects.filter(jury=panel.jury, role=MemberRole.CHAIR).values_list(
            "pk", "max_assignments"
        )
    ) == [(member.pk, 7)]
    chair.refresh_from_db()
    assert chair.role == MemberRole.MEMBER


def test_removing_a_juror_with_unfinished_work_leads_to_the_assignment_page(client):
    panel = build_panel(applications=2, jurors=1)
    member = panel.members[0]
    for application in panel.applications:
        assign(panel, member, application)
    client.force_login(panel.organizer)

    response = client.post(url("member_deactivate", panel.call.slug, panel.round.pk, member.pk))

    assert response.status_code == 302
    assert response.url == url("assignment", panel.call.slug, panel.round.pk)
    member.refresh_from_db()
    assert not member.is_active
    page = client.get(response.url)
    assert "2 evaluations were not finished" in " ".join(messages_of(page))
    assert "2 to reassign" in page.content.decode()


# --- the scoring grid -----------------------------------------------------------------


def test_the_grid_page_says_clearly_when_weights_do_not_add_up_to_100(client):
    panel = build_panel(applications=0, jurors=0)
    client.force_login(panel.organizer)

    response = client.post(
        url("criterion_add", panel.call.slug, panel.round.pk),
        {
            "label_fr": "Part des femmes",
            "label_en": "Share of women",
            "weight": "20",
            "min_score": "0",
            "max_score": "5",
        },
    )
    page = client.get(url("grid", panel.call.slug, panel.round.pk)).content.decode()

    assert response.status_code == 302
    assert Criterion.objects.filter(round=panel.round).count() == 3
    assert "The grid cannot be used yet." in page
    assert "The weights add up to 120 %; they must add up to exactly 100 %." in page


def test_assignment_does_not_open_with_an_invalid_grid(client):
    panel = build_panel(applications=1, jurors=1)
    services.criterion_delete(criterion=panel.criteria[1], actor=panel.organizer)
    client.force_login(panel.organizer)

    preview = client.get(url("assignment_preview", panel.call.slug, panel.round.pk))
    added = client.post(
        url("assign_application", panel.call.slug, panel.round.pk, panel.applications[0].pk),
        {"picked": [panel.members[0].pk]},
    )

    assert preview.status_code == 302
    assert not Assignment.objects.exists()
    assert added.status_code == 200
    assert "The scoring grid cannot be used yet" in added.content.decode()


def test_a_scale_whose_highest_is_not_above_its_lowest_is_refused(client):
    panel = build_panel(applications=0, jurors=0)
    client.force_login(panel.organizer)

    response = client.post(
        url("criterion_edit", panel.call.slug, panel.round.pk, panel.criteria[0].pk),
        {"label_fr": "Impact", "weight": "60", "min_score": "5", "max_score": "5"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["max_score"] == [
        "The highest score must be greater than the lowest."
    ]


def test_a_frozen_grid_refuses_every_change_from_the_pages(client):
    panel = build_panel(applications=1, jurors=1)
    evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))
    criterion = panel.criteria[0]
    slug, r = panel.call.slug, panel.round.pk
    client.force_login(panel.organizer)

    edited = client.post(
        url("criterion_edit", slug, r, criterion.pk, language="fr"),
        {"label_fr": "Autre", "weight": "10", "min_score": "0", "max_score": "5"},
    )
    deleted = client.post(url("criterion_delete", slug, r, criterion.pk))
    moved = client.post(url("criterion_move", slug, r, criterion.pk), {"direction": "down"})
    grid = client.get(url("grid", slug, r))

    assert edited.status_code == deleted.status_code == moved.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.label_fr, criterion.weight, criterion.position) == ("Impact social", 60, 0)
    assert Criterion.objects.filter(round=panel.round).count() == 2
    assert "The grid is frozen." in grid.content.decode()
    assert url("criterion_edit", slug, r, criterion.pk) not in grid.content.decode()


# --- assignment -----------------------------------------------------------------------


def test_an_organizer_picks_jurors_for_an_application_and_a_conflicted_one_is_not_offered(
    client,
):
    panel = build_panel(applications=1, jurors=0)
    application = panel.applications[0]
    free = add_juror(panel)
    conflicted = add_juror(panel)
    evaluation_services.conflict_declare(
        actor=conflicted.user, organization=application.organization, reason="Ma cousine"
    )
    client.force_login(panel.organizer)
    page_url = url("assign_application", panel.call.slug, panel.round.pk, application.pk)

    page = client.get(page_url)
    posted = client.post(page_url, {"picked": [free.pk, conflicted.pk]})

    candidates = {c.item.pk: c for c in page.context["candidates"]}
    assert candidates[free.pk].available
    assert not candidates[conflicted.pk].available
    assert "Conflict of interest" in page.content.decode()
    assert posted.status_code == 200
    assert posted.context["form"].errors["picked"]
    assert not Assignment.objects.exists()

    client.post(page_url, {"picked": [free.pk]})
    assert list(Assignment.objects.values_list("member", "application")) == [
        (free.pk, application.pk)
    ]


def test_an_organizer_picks_applications_for_a_juror_and_removes_one(client):
    panel = build_panel(applications=3, jurors=1)
    member = panel.members[0]
    client.force_login(panel.organizer)
    page_url = url("assign_member", panel.call.slug, panel.round.pk, member.pk)

    client.post(page_url, {"picked": [a.pk for a in panel.applications[:2]]})
    assignment = Assignment.objects.get(application=panel.applications[0])
    removed = client.post(
        url("assignment_remove", panel.call.slug, panel.round.pk, assignment.pk),
        {"back": "member"},
    )

    assert removed.url == page_url
    assert list(Assignment.objects.values_list("application", flat=True)) == [
        panel.applications[1].pk
    ]


def test_the_automatic_assignment_is_previewed_then_confirmed(client):
    panel = build_panel(applications=3, jurors=3, k=2)
    client.force_login(panel.organizer)
    preview_url = url("assignment_preview", panel.call.slug, panel.round.pk)

    preview = client.get(preview_url)
    assert not Assignment.objects.exists()
    plan = preview.context["plan"]
    page = preview.content.decode()
    assert "Load per juror" in page
    assert "go to a juror who knows the sector" in page
    assert {load.after for load in plan.loads} == {2}

    confirmed = client.post(preview_url, {"fingerprint": plan.fingerprint})

    assert confirmed.status_code == 302
    assert Assignment.objects.count() == 6
    assert ApplicationEvent.objects.filter(kind="assigned").count() == 3


def test_applications_left_short_are_explained_in_the_preview(client):
    panel = build_panel(applications=2, jurors=1, k=2)
    client.force_login(panel.organizer)

    preview = client.get(url("assignment_preview", panel.call.slug, panel.round.pk))

    page = preview.content.decode()
    assert "2 applications left short" in page
    assert "fewer than the 2 jurors each application needs" in page


def test_a_stale_preview_is_not_applied(client):
    panel = build_panel(applications=2, jurors=2, k=1)
    client.force_login(panel.organizer)
    preview_url = url("assignment_preview", panel.call.slug, panel.round.pk)

    response = client.post(preview_url, {"fingerprint": "an-older-preview"})

    assert response.status_code == 302
    assert response.url == preview_url
    assert not Assignment.objects.exists()


# --- progress, reminders, reopening ---------------------------------------------------


def progress_scene(size):
    """`size` jurors and `size` applications, every application with two jurors, the
    first of each evaluated and submitted, some drafts."""
    panel = build_panel(applications=size, jurors=size, k=2)
    for index, application in enumerate(panel.applications):
        first = assign(panel, panel.members[index], application)
        second = assign(panel, panel.members[(index + 1) % size], application)
        evaluate(panel, first)
        if index % 2:
            evaluate(panel, second, submit=False)
    return panel


@pytest.mark.parametrize("size", [2, 6])
def test_the_progress_page_runs_the_same_queries_whatever_the_size(
    client, assert_num_queries, size
):
    panel = progress_scene(size)
    client.force_login(panel.organizer)
    page_url = url("progress", panel.call.slug, panel.round.pk)
    client.get(page_url)

    # Session, user, the header's role checks (3), call, jury, members with their counts,
    # applications with their counts.
    with assert_num_queries(9):
        response = client.get(page_url)

    progress = response.context["progress"]
    assert len(progress.jurors) == len(progress.applications) == size
    assert progress.assigned == 2 * size
    assert progress.submitted == size
    assert [row.received for row in progress.applications] == [1] * size


def test_progress_counts_per_juror_and_per_application():
    panel = build_panel(applications=3, jurors=2, k=2)
    first, second = panel.members
    a, b, c = panel.applications
    evaluate(panel, assign(panel, first, a))
    evaluate(panel, assign(panel, first, b), submit=False)
    assign(panel, first, c)
    evaluate(panel, assign(panel, second, a))

    from juries.selectors.manage import jury_progress

    progress = jury_progress(jury=panel.jury)

    rows = {row.member.pk: row for row in progress.jurors}
    assert (rows[first.pk].assigned, rows[first.pk].todo) == (3, 1)
    assert (rows[first.pk].in_progress, rows[first.pk].submitted) == (1, 1)
    assert (rows[second.pk].assigned, rows[second.pk].submitted) == (1, 1)
    by_application = {row.application.pk: row for row in progress.applications}
    assert (by_application[a.pk].received, by_application[a.pk].assigned) == (2, 2)
    assert (by_application[b.pk].received, by_application[b.pk].is_short) == (0, True)


def test_late_jurors_are_highlighted_within_48_hours_of_the_deadline(client):
    panel = build_panel(applications=2, jurors=2, k=1)
    slow, quick = panel.members
    assign(panel, slow, panel.applications[0])
    evaluate(panel, assign(panel, quick, panel.applications[1]))
    client.force_login(panel.organizer)
    page_url = url("progress", panel.call.slug, panel.round.pk)

    early = client.get(page_url).context["progress"]
    services.jury_save(
        round=panel.round,
        actor=panel.organizer,
        deadline=timezone.now() + datetime.timedelta(hours=47),
        jurors_per_application=1,
        scores_visible_after_submit=False,
    )
    response = client.get(page_url)

    assert not any(row.is_late for row in early.jurors)
    late = {row.member.pk: row.is_late for row in response.context["progress"].jurors}
    assert late == {slow.pk: True, quick.pk: False}
    page = response.content.decode()
    assert page.count('class="row--late"') == 2  # the juror and their application
    assert "The deadline is past or less than 48 hours away" in page


def test_remind_late_jurors_mails_each_unfinished_juror_once_a_day(client):
    panel = build_panel(applications=2, jurors=3, k=1)
    slow, drafting, done = panel.members
    assign(panel, slow, panel.applications[0])
    evaluate(panel, assign(panel, drafting, panel.applications[1]), submit=False)
    client.force_login(panel.organizer)
    remind_url = url("remind", panel.call.slug, panel.round.pk)

    first = client.post(remind_url, follow=True)
    second = client.post(remind_url, follow=True)

    reminders = Message.objects.filter(template="juries/email/reminder")
    assert sorted(reminders.values_list("to_email", flat=True)) == sorted(
        [slow.user.email, drafting.user.email]
    )
    assert "A reminder is sent to 2 jurors." in messages_of(first)
    assert any("No reminder sent" in message for message in messages_of(second))
    occasion = f"manual-{timezone.localdate().isoformat()}"
    assert set(Reminder.objects.values_list("occasion", flat=True)) == {occasion}
    assert Reminder.objects.get(member=slow).sent_by == panel.organizer


def test_an_organizer_reopens_a_submitted_evaluation_with_a_reason(client):
    panel = build_panel(applications=1, jurors=1)
    evaluation = evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))
    client.force_login(panel.organizer)
    reopen_url = url("evaluation_reopen", panel.call.slug, panel.round.pk, evaluation.pk)

    without_reason = client.post(reopen_url, {"reason": ""})
    reopened = client.post(reopen_url, {"reason": "Le commentaire général manque."})

    assert without_reason.status_code == 200
    assert without_reason.context["form"].errors["reason"]
    assert reopened.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    event = ApplicationEvent.objects.get(kind="evaluation-reopened")
    assert (event.actor, event.reason) == (panel.organizer, "Le commentaire général manque.")
    application_page = client.get(reopened.url).content.decode()
    assert reopen_url not in application_page


def test_the_application_page_offers_reopen_for_submitted_evaluations_only(client):
    panel = build_panel(applications=1, jurors=2)
    submitted = evaluate(panel, assign(panel, panel.members[0], panel.applications[0]))
    draft = evaluate(panel, assign(panel, panel.members[1], panel.applications[0]), submit=False)
    client.force_login(panel.organizer)

    page = client.get(
        url("assign_application", panel.call.slug, panel.round.pk, panel.applications[0].pk)
    ).content.decode()

    assert url("evaluation_reopen", panel.call.slug, panel.round.pk, submitted.pk) in page
    assert url("evaluation_reopen", panel.call.slug, panel.round.pk, draft.pk) not in page


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_jury_pages_speak_the_language_of_their_address(client, furnished, language):
    panel = furnished[0]
    client.force_login(panel.organizer)

    for name in ("home", "progress"):
        args = (panel.call.slug,) if name == "home" else (panel.call.slug, panel.round.pk)
        page = client.get(url(name, *args, language=language)).content.decode()
        assert f'lang="{language}"' in page
        assert 'dir="rtl"' in page if language == "ar" else 'dir="ltr"' in page


def test_a_person_who_is_not_an_organizer_anymore_is_refused(client, furnished):
    panel = furnished[0]
    panel.organizer.is_organizer = False
    panel.organizer.save(update_fields=["is_organizer"])
    client.force_login(panel.organizer)

    assert client.get(url("home", panel.call.slug)).status_code == 403


@pytest.mark.parametrize(
    ("name", "queries"), [("home", 7), ("members", 9), ("assignment", 12), ("grid", 11)]
)
@pytest.mark.parametrize("size", [2, 6])
def test_the_jury_pages_run_the_same_queries_whatever_the_size(
    client, assert_num_queries, size, name, queries
):
    panel = progress_scene(size)
    services.invitation_send(jury=panel.jury, actor=panel.organizer, email="late@univ.ma")
    client.force_login(panel.organizer)
    args = (panel.call.slug,) if name == "home" else (panel.call.slug, panel.round.pk)
    client.get(url(name, *args))

    with assert_num_queries(queries):
        client.get(url(name, *args))
