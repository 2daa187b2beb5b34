"""The organizers' ranking rules, results and result notices pages
(/<lang>/manage/calls/<slug>/ranking-rules/ and …/results/…): who reaches them, the
publish, schedule, prepare and release buttons, the notice preview and the progress
fragment htmx polls."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from awards.enums import RankBy, TieBreak
from awards.models import RankingPolicy, ResultNotice, ResultsPublication
from awards.services.policy import policy_of
from awards.services.publication import notices_prepare, publication_of, results_publish
from notifications.models import Message
from tests.awards.conftest import locked_scene
from tests.factories import CallFactory, OrganizerFactory, SiteAdminFactory

pytestmark = pytest.mark.django_db

RESULT = "awards/email/result"


def manage(name, call, *args):
    return reverse(f"awards_manage:{name}", args=[call.slug, *args])


def text(response) -> str:
    return unescape(response.content.decode())


def pages(call):
    return [
        manage("ranking_rules", call),
        manage("results", call),
        manage("notices", call),
    ]


def posts(call):
    return [
        manage("ranking_rules", call),
        manage("results", call),
        manage("publish", call),
        manage("schedule", call),
        manage("notices_prepare", call),
        manage("notices_release", call),
    ]


@pytest.fixture
def prepared(locked):
    notices_prepare(call=locked.call, actor=locked.organizer)
    return locked


def nothing_published(scene):
    publication = ResultsPublication.objects.filter(call=scene.call).first()
    assert publication is None or publication.published_at is None
    assert not Message.objects.filter(template=RESULT).exists()


# --- who reaches the pages ------------------------------------------------------------------------


def test_the_organizer_of_the_call_opens_every_results_page(client, prepared):
    call = prepared.call
    notice = ResultNotice.objects.get(application=prepared.applications[2])
    client.force_login(prepared.organizer)

    assert manage("results", call) == f"/fr/manage/calls/{call.slug}/results/"
    for page in [*pages(call), manage("notice_preview", call, notice.pk)]:
        assert client.get(page).status_code == 200, page


def test_a_site_admin_opens_the_results_and_the_deliberation_of_any_call(client, prepared):
    client.force_login(SiteAdminFactory(password=None))

    for page in [*pages(prepared.call), manage("deliberation", prepared.call)]:
        assert client.get(page).status_code == 200, page


def test_another_organizer_gets_404_and_changes_nothing(client, prepared):
    notice = ResultNotice.objects.first()
    client.force_login(OrganizerFactory(password=None))

    for page in [*pages(prepared.call), manage("notice_preview", prepared.call, notice.pk)]:
        assert client.get(page).status_code == 404, page
    for page in posts(prepared.call):
        assert client.post(page, {"at": "2031-01-01T10:00"}).status_code == 404, page
    nothing_published(prepared)


def test_applicants_and_jurors_even_the_chair_get_404_and_change_nothing(client, prepared):
    notice = ResultNotice.objects.first()
    people = [
        prepared.applications[0].applicant,
        prepared.juror.user,
        prepared.chair.user,
    ]
    for person in people:
        client.force_login(person)
        for page in [*pages(prepared.call), manage("notice_preview", prepared.call, notice.pk)]:
            assert client.get(page).status_code == 404, (person, page)
        for page in posts(prepared.call):
            assert client.post(page, {"at": "2031-01-01T10:00"}).status_code == 404, (person, page)
    nothing_published(prepared)


def test_the_chair_has_no_results_pages_at_the_jury_address(client, prepared):
    client.force_login(prepared.chair.user)
    jury_address = manage("results", prepared.call).replace("/manage/", "/jury/")

    assert client.get(jury_address).status_code == 404


def test_visitors_are_sent_to_the_login_page(client, prepared):
    login = reverse("account_login")
    for page in pages(prepared.call):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(login), page
    for page in posts(prepared.call):
        response = client.post(page)
        assert response.status_code == 302, page
        assert response.url.startswith(login), page
    nothing_published(prepared)


# --- publishing -----------------------------------------------------------------------------------


def test_the_publish_button_publishes(client, locked):
    client.force_login(locked.organizer)
    results_page = reverse("results:call", args=[locked.call.slug])
    assert client.get(results_page).status_code == 404
    page = client.get(manage("results", locked.call))
    assert manage("publish", locked.call) in text(page)

    response = client.post(manage("publish", locked.call))

    assert response.status_code == 302
    assert response.url == manage("results", locked.call)
    publication = publication_of(locked.call)
    assert publication.published_at is not None
    assert publication.published_by == locked.organizer
    assert client.get(results_page).status_code == 200
    page = client.get(manage("results", locked.call))
    assert manage("publish", locked.call) not in text(page)

    client.post(manage("publish", locked.call))  # a second click
    assert publication_of(locked.call).published_at == publication.published_at


def test_publishing_before_the_lock_is_refused(client, scene):
    client.force_login(scene.organizer)

    response = client.post(manage("publish", scene.call), follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert publication_of(scene.call).published_at is None
    scene.call.refresh_from_db()
    assert scene.call.results_published_at is None


def test_the_schedule_button_sets_the_moment_in_moroccos_time(client, locked):
    client.force_login(locked.organizer)
    moment = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    typed = moment.strftime("%Y-%m-%dT%H:%M")

    response = client.post(manage("schedule", locked.call), {"at": typed})

    assert response.status_code == 302
    scheduled = publication_of(locked.call).scheduled_at
    assert timezone.localtime(scheduled).strftime("%Y-%m-%dT%H:%M") == typed
    assert str(timezone.localtime(scheduled).tzinfo) == "Africa/Casablanca"
    assert publication_of(locked.call).published_at is None

    past = timezone.localtime(timezone.now() - datetime.timedelta(days=1))
    client.post(manage("schedule", locked.call), {"at": past.strftime("%Y-%m-%dT%H:%M")})
    assert publication_of(locked.call).scheduled_at == scheduled


def test_the_announcement_is_saved_in_each_language(client, locked):
    client.force_login(locked.organizer)
    announcement = {
        "announcement_fr": "Félicitations aux lauréates.",
        "announcement_ar": "تهانينا للفائزات.",
        "announcement_en": "Congratulations to the laureates.",
        "include_feedback": "on",
    }

    response = client.post(manage("results", locked.call), announcement)

    assert response.status_code == 302
    publication = ResultsPublication.objects.get(call=locked.call)
    assert publication.announcement_ar == "تهانينا للفائزات."
    assert publication.include_feedback is True


# --- result notices -------------------------------------------------------------------------------


def test_prepare_then_release_once_with_the_buttons(
    client, locked, django_capture_on_commit_callbacks
):
    client.force_login(locked.organizer)

    response = client.post(manage("notices_prepare", locked.call))
    assert response.url == manage("notices", locked.call)
    assert ResultNotice.objects.count() == len(locked.received)
    page = client.get(manage("notices", locked.call))
    for application in locked.received:
        assert application.reference in text(page)
    assert manage("notices_release", locked.call) not in text(page)  # not published yet

    client.post(manage("publish", locked.call))
    page = client.get(manage("notices", locked.call))
    assert manage("notices_release", locked.call) in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage("notices_release", locked.call))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage("notices_release", locked.call))  # a double click

    assert response.url == manage("notices", locked.call)
    assert Message.objects.filter(template=RESULT).count() == len(locked.received)
    assert len(mail.outbox) == len(locked.received)
    assert ResultNotice.objects.filter(message__isnull=True).count() == 0
    page = client.get(manage("notices", locked.call))
    assert manage("notices_release", locked.call) not in text(page)
    assert manage("notices_prepare", locked.call) not in text(page)


def test_releasing_before_publication_is_refused(client, prepared):
    client.force_login(prepared.organizer)

    response = client.post(manage("notices_release", prepared.call), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert publication_of(prepared.call).notices_released_at is None
    assert not Message.objects.filter(template=RESULT).exists()


def test_the_htmx_request_gets_the_progress_only(
    client, prepared, django_capture_on_commit_callbacks
):
    results_publish(call=prepared.call, actor=prepared.organizer)
    client.force_login(prepared.organizer)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(manage("notices_release", prepared.call))  # written later by the worker

    response = client.get(manage("notices", prepared.call), HTTP_HX_REQUEST="true")

    content = text(response)
    assert [t.name for t in response.templates] == ["awards/manage/includes/notices_progress.html"]
    assert content.strip().startswith('<div id="notices-progress"')
    assert "<html" not in content
    assert prepared.applications[0].reference not in content  # no list of notices
    assert 'hx-trigger="every 2s"' in content  # keeps polling until every notice is sent
    assert response.context["progress"] == {"prepared": 5, "written": 0, "sent": 0, "failed": 0}
    full = client.get(manage("notices", prepared.call))
    assert prepared.applications[0].reference in text(full)


def test_the_progress_stops_polling_once_every_notice_is_sent(
    client, prepared, django_capture_on_commit_callbacks
):
    results_publish(call=prepared.call, actor=prepared.organizer)
    client.force_login(prepared.organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage("notices_release", prepared.call))

    response = client.get(manage("notices", prepared.call), HTTP_HX_REQUEST="true")

    assert response.context["progress"] == {"prepared": 5, "written": 5, "sent": 5, "failed": 0}
    assert "hx-trigger" not in text(response)


def test_a_notice_preview_reads_as_its_applicant_will(client, prepared):
    a = prepared.applications[0]  # an Arabic reader, with the first prize
    notice = ResultNotice.objects.get(application=a)
    client.force_login(prepared.organizer)

    response = client.get(manage("notice_preview", prepared.call, notice.pk))

    with translation.override("ar"):
        subject = gettext("Congratulations: your application wins a prize")
    assert response.context["subject"] == f"{subject} — {prepared.call.title_ar}"
    assert a.reference in response.context["body_text"]
    assert 'lang="ar" dir="rtl"' in text(response)
    assert not Message.objects.filter(template=RESULT).exists()  # a preview sends nothing


def test_another_calls_notice_has_no_preview_here(client, prepared):
    other = locked_scene(prefix="OTH")
    notices_prepare(call=other.call, actor=other.organizer)
    elsewhere = ResultNotice.objects.filter(publication__call=other.call).first()
    client.force_login(prepared.organizer)

    assert client.get(manage("notice_preview", prepared.call, elsewhere.pk)).status_code == 404


# --- ranking rules --------------------------------------------------------------------------------


def policy_form(**values):
    data = {
        "rank_by": RankBy.NORMALIZED,
        "disagreement_threshold": "20",
        "max_winners_per_region": "2",
        "min_women_led_share": "50",
        "min_youth_led_share": "",
        "one_prize_per_organization": "on",
        "tie_break_0": TieBreak.MEDIAN,
        "tie_break_1": TieBreak.HEAVIEST_CRITERION,
    }
    data.update(values)
    return data


@pytest.fixture
def upcoming_call():
    organizer = OrganizerFactory(password=None)
    soon = timezone.now() + datetime.timedelta(days=7)
    call = CallFactory(
        organizers=[organizer], opens_at=soon, closes_at=soon + datetime.timedelta(days=30)
    )
    return call, organizer


def test_the_ranking_rules_are_saved_before_the_call_opens(client, upcoming_call):
    call, organizer = upcoming_call
    client.force_login(organizer)

    response = client.post(manage("ranking_rules", call), policy_form())

    assert response.status_code == 302
    policy = RankingPolicy.objects.get(call=call)
    assert policy.rank_by == RankBy.NORMALIZED
    assert policy.tie_breaks == [TieBreak.MEDIAN, TieBreak.HEAVIEST_CRITERION]
    assert policy.disagreement_threshold == 20
    assert (policy.max_winners_per_region, policy.min_women_led_share) == (2, 50)
    assert policy.min_youth_led_share is None


def test_a_tie_break_chosen_twice_is_refused_on_the_form(client, upcoming_call):
    call, organizer = upcoming_call
    client.force_login(organizer)

    response = client.post(manage("ranking_rules", call), policy_form(tie_break_2=TieBreak.MEDIAN))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert policy_of(call).rank_by == RankBy.RAW


def test_the_ranking_rules_cannot_change_once_the_call_has_opened(client, scene):
    client.force_login(scene.organizer)

    page = client.get(manage("ranking_rules", scene.call))
    response = client.post(manage("ranking_rules", scene.call), policy_form())

    assert page.context["editable"] is False
    assert all(field.disabled for field in page.context["form"].fields.values())
    assert response.status_code == 200
    assert policy_of(scene.call).rank_by == RankBy.RAW
    assert policy_of(scene.call).tie_breaks == [
        TieBreak.NORMALIZED_MEAN,
        TieBreak.HEAVIEST_CRITERION,
        TieBreak.JURORS_PREFERRING,
    ]
