"""Bulk actions on the list: screening eligible or not eligible (with a reason, written to
each application's history), and a message to the applicants (one e-mail each, in their
language, through the outbox). A confirmation page first; nothing selected is an error;
"every application matching the filter" reaches hundreds; those that cannot move are
counted, not fatal."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import LegalForm, Region
from accounts.models import User
from notifications.models import Message
from submissions import services as submissions
from submissions.enums import EventKind
from submissions.models import Application, ApplicationEvent, BulkAction
from submissions.services_screening import (
    ScreeningError,
    applicants_message,
    applications_screen,
)
from submissions.tasks import bulk_action_perform
from tests.submissions.manage.conftest import S, bulk_applications, make_scene, screen, submit

pytestmark = pytest.mark.django_db

WHY = "Les statuts ne mentionnent pas l'activité agricole."


@pytest.fixture
def organizer(client, scene):
    client.force_login(scene.organizer)
    return scene.organizer


@pytest.fixture
def bulk(client, scene, django_capture_on_commit_callbacks):
    """Post to the bulk action; a confirmed action is carried out by the (eager) worker
    once its request's transaction commits."""

    def post(**data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(scene.url("bulk"), data)

    return post


def outcome(client, response) -> str:
    """The page a confirmed action leads to: what it did."""
    assert response.status_code == 302
    assert "/applications/bulk/" in response.url
    return client.get(response.url).text


def notes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def statuses(applications) -> list[str]:
    by_pk = dict(
        Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("pk", "status")
    )
    return [by_pk[a.pk] for a in applications]


# --- selection ------------------------------------------------------------------------


def test_nothing_selected_is_an_error_and_nothing_is_done(client, scene, organizer, bulk):
    applications = bulk_applications(scene.call, 3)
    response = bulk(action="screen-eligible", query="region=oriental")
    assert response.status_code == 302
    assert response.url == f"{scene.url('list')}?region=oriental"
    assert "No application is selected" in notes(response)[0]
    assert statuses(applications) == [S.SUBMITTED] * 3
    response = bulk(action="message", confirmed="1", subject_fr="Hi", body_fr="Hello")
    assert "No application is selected" in notes(response)[0]
    assert not Message.objects.exists()


def test_another_calls_applications_are_never_selected(client, scene, organizer, bulk):
    stranger = bulk_applications(make_scene().call, 1, start=500)[0]
    response = bulk(action="screen-eligible", application=stranger.pk)
    assert "No application is selected" in notes(response)[0]
    response = bulk(action="screen-eligible", application=stranger.pk, confirmed="1")
    stranger.refresh_from_db()
    assert stranger.status == S.SUBMITTED


def test_a_forged_selection_is_refused(client, scene, organizer, bulk):
    response = bulk(action="screen-eligible", application="deux")
    assert response.status_code == 302
    assert "This selection is not valid." in notes(response)[0]


# --- screening ------------------------------------------------------------------------


def test_screen_ticked_applications_eligible_after_a_confirmation(client, scene, organizer, bulk):
    first, second, third = bulk_applications(scene.call, 3)
    ticked = {"action": "screen-eligible", "application": [first.pk, third.pk]}
    response = bulk(**ticked)
    assert response.status_code == 200
    assert "2 applications selected." in response.text
    assert "2 will become “Eligible”." in response.text
    assert statuses([first, second, third]) == [S.SUBMITTED] * 3  # not yet

    response = bulk(**ticked, confirmed="1", query="sort=-score")
    page = outcome(client, response)
    assert "2 applications are now “Eligible”." in page
    assert f'href="{scene.url("list")}?sort=-score"' in page
    assert statuses([first, second, third]) == [S.ELIGIBLE, S.SUBMITTED, S.ELIGIBLE]
    event = ApplicationEvent.objects.get(application=first, kind=EventKind.STATUS_CHANGED)
    assert (event.actor, event.from_status, event.to_status) == (organizer, S.SUBMITTED, S.ELIGIBLE)


def test_screening_not_eligible_requires_a_reason_kept_in_each_history(
    client, scene, organizer, bulk
):
    applications = bulk_applications(scene.call, 2)
    ticked = {"action": "screen-ineligible", "application": [a.pk for a in applications]}
    response = bulk(**ticked, confirmed="1", reason="   ")
    assert response.status_code == 200
    assert "Say why: the reason is kept in each application&#x27;s history." in response.text
    assert statuses(applications) == [S.SUBMITTED] * 2

    response = bulk(**ticked, confirmed="1", reason=WHY)
    assert response.status_code == 302
    assert statuses(applications) == [S.INELIGIBLE] * 2
    events = ApplicationEvent.objects.filter(
        application__in=applications, kind=EventKind.STATUS_CHANGED
    )
    assert [(e.reason, e.actor, e.to_status) for e in events] == [
        (WHY, organizer, S.INELIGIBLE)
    ] * 2


def test_screening_eligible_against_the_automatic_result_requires_a_reason(
    client, scene, organizer, bulk
):
    applications = bulk_applications(scene.call, 2)
    Application.objects.filter(pk=applications[0].pk).update(eligible_at_submission=False)
    ticked = {"action": "screen-eligible", "application": [a.pk for a in applications]}
    response = bulk(**ticked)
    assert "For 1 of those that change, this goes against the automatic" in response.text
    response = bulk(**ticked, confirmed="1")
    assert response.status_code == 200
    assert statuses(applications) == [S.SUBMITTED] * 2
    response = bulk(**ticked, confirmed="1", reason="Vérifié avec l'ODCO.")
    assert statuses(applications) == [S.ELIGIBLE] * 2


def test_those_already_there_stay_and_those_that_cannot_move_are_reported(
    client, scene, organizer, bulk
):
    fresh, already, gone, won = bulk_applications(scene.call, 4)
    screen(already, S.ELIGIBLE)
    submissions.application_withdraw(application=gone, actor=gone.applicant)
    screen(won, S.ELIGIBLE, S.WINNER)
    before = ApplicationEvent.objects.count()
    ticked = {"action": "screen-ineligible", "application": [fresh.pk, already.pk, gone.pk, won.pk]}
    response = bulk(**ticked)
    assert "2 will become “Not eligible”." in response.text
    assert "2 cannot become “Not eligible” and will be left as they are:" in response.text
    assert "Withdrawn (1)" in response.text
    assert "Winner (1)" in response.text

    page = outcome(client, bulk(**ticked, confirmed="1", reason=WHY))
    assert "2 applications are now “Not eligible”." in page
    assert (
        "2 applications cannot be “Not eligible” and were left as they are "
        "(Withdrawn: 1, Winner: 1)." in page
    )
    assert statuses([fresh, already, gone, won]) == [
        S.INELIGIBLE,
        S.INELIGIBLE,
        S.WITHDRAWN,
        S.WINNER,
    ]
    assert ApplicationEvent.objects.count() == before + 2

    response = bulk(**ticked)
    assert "Nothing would change." in response.text
    page = outcome(client, bulk(**ticked, confirmed="1", reason=WHY))
    assert "No application changed." in page
    assert "2 were already “Not eligible” and stay so." in page
    assert ApplicationEvent.objects.count() == before + 2


def test_every_application_matching_the_filter_on_every_page(client, scene, organizer, bulk):
    """210 in the region, 20 elsewhere: the filter's selection, past the page's 25."""
    inside = bulk_applications(scene.call, 210, region=Region.ORIENTAL)
    outside = bulk_applications(scene.call, 20, start=300, region=Region.SOUSS_MASSA)
    gone = inside[0]
    submissions.application_withdraw(application=gone, actor=gone.applicant)
    selection = {
        "action": "screen-ineligible",
        "select_all": "on",
        "query": "region=oriental&sort=-score&page=3",
        "application": [outside[0].pk],  # ticked, but "every matching" wins
    }
    response = bulk(**selection)
    assert "210 applications selected." in response.text
    assert "209 will become “Not eligible”." in response.text
    assert 'name="query" value="region=oriental&amp;sort=-score&amp;page=3"' in response.text

    with CaptureQueriesContext(connection) as queries:
        response = bulk(**selection, confirmed="1", reason=WHY)
    assert statuses(inside[1:]) == [S.INELIGIBLE] * 209
    assert statuses(outside) == [S.SUBMITTED] * 20
    assert len(queries) <= 5 * 209 + 30  # a lock, an update and an event each, in batches
    page = outcome(client, response)
    assert "1 application cannot be “Not eligible”" in page
    assert f"{scene.url('list')}?region=oriental&amp;sort=-score&amp;page=3" in page


def test_the_service_screens_in_batches_with_a_constant_cost_each(scene):
    applications = bulk_applications(scene.call, 450)
    with CaptureQueriesContext(connection) as queries:
        report = applications_screen(
            call=scene.call,
            applications=Application.objects.filter(call=scene.call),
            to=S.ELIGIBLE,
            actor=scene.organizer,
        )
    assert (report.changed, report.unchanged, report.refused_count) == (450, 0, 0)
    assert statuses(applications) == [S.ELIGIBLE] * 450
    per_application = [
        q
        for q in queries.captured_queries
        if "FOR UPDATE" in q["sql"]
        or (q["sql"].startswith("UPDATE") or q["sql"].startswith("INSERT"))
    ]
    assert len(queries) <= 5 * 450 + 20
    assert len(per_application) <= 3 * 450 + 3


def test_the_screening_service_refuses_another_organizer(scene):
    applications = bulk_applications(scene.call, 1)
    with pytest.raises(ScreeningError):
        applications_screen(
            call=scene.call,
            applications=Application.objects.all(),
            to=S.ELIGIBLE,
            actor=make_scene().organizer,
        )
    assert statuses(applications) == [S.SUBMITTED]


# --- messages -------------------------------------------------------------------------


def test_a_message_to_the_applicants_one_email_each_in_their_language(
    client, scene, organizer, bulk
):
    french = submit(scene, name="Coopérative Amal", language="fr")
    arabic = submit(scene, name="تعاونية الأمل", language="ar")
    twice = bulk_applications(scene.call, 1, start=100)[0]
    again = Application.objects.create(
        call=scene.call,
        applicant=twice.applicant,
        status=S.SUBMITTED,
        reference="MAN-2026-0101",
        reference_number=101,
        submitted_at=twice.submitted_at,
        last_submitted_at=twice.submitted_at,
    )
    ticked = [french.pk, arabic.pk, twice.pk, again.pk]
    response = bulk(action="message", application=ticked)
    assert "4 applications selected." in response.text
    assert "One e-mail each will be written to their 3 applicants." in response.text
    assert not Message.objects.exists()

    body = "Bonjour,\nMerci d'envoyer l'attestation ODCO avant vendredi.\n<b>Important</b>"
    response = bulk(
        action="message",
        application=ticked,
        confirmed="1",
        subject_fr="Pièce manquante\r\nBcc: intrus@example.com",
        body_fr=body,
    )
    assert "Your message was written to 3 applicants" in outcome(client, response)
    messages = {m.to_email: m for m in Message.objects.all()}
    assert len(messages) == 3
    for message in messages.values():
        assert message.subject == "Pièce manquante Bcc: intrus@example.com"
        assert "\n" not in message.subject
        assert "\r" not in message.subject
        assert "Merci d'envoyer l'attestation ODCO avant vendredi." in message.body_text
        assert "<b>Important</b>" in message.body_text  # plain text: as written
        assert "&lt;b&gt;Important&lt;/b&gt;" in message.body_html  # HTML: shown, not run
    assert messages[french.applicant.email].language == "fr"
    assert french.reference in messages[french.applicant.email].body_text
    ar = messages[arabic.applicant.email]
    assert ar.language == "ar"
    assert "Merci d'envoyer" in ar.body_text  # the organizer's words, untranslated
    assert 'dir="rtl"' in ar.body_html
    both = messages[twice.applicant.email].body_text
    assert twice.reference in both
    assert again.reference in both


def test_a_name_with_line_breaks_never_reaches_a_header(scene):
    application = bulk_applications(scene.call, 1)[0]
    User.objects.filter(pk=application.applicant_id).update(
        full_name="Fatima\r\nBcc: intrus@example.com"
    )
    applicants_message(
        call=scene.call,
        applications=Application.objects.filter(pk=application.pk),
        actor=scene.organizer,
        texts={"fr": {"subject": "Rappel", "body": "Texte."}},
        writer="fr",
    )
    message = Message.objects.get()
    assert message.to_email == application.applicant.email
    assert message.subject == "Rappel"


def test_a_message_needs_a_subject_and_a_text(client, scene, organizer, bulk):
    application = bulk_applications(scene.call, 1)[0]
    response = bulk(
        action="message",
        application=application.pk,
        confirmed="1",
        subject_fr=" \n ",
        body_fr="",
    )
    assert response.status_code == 200
    assert "Write the message&#x27;s subject and text in at least one language." in response.text
    assert not Message.objects.exists()


def test_messages_to_every_application_matching_the_filter(client, scene, organizer, bulk):
    bulk_applications(scene.call, 40, legal_form=LegalForm.ASSOCIATION)
    bulk_applications(scene.call, 5, start=100)
    response = bulk(
        action="message",
        select_all="on",
        query="legal_form=association",
        confirmed="1",
        subject_fr="Information",
        body_fr="Une réunion d'information aura lieu le 12 mai.",
    )
    assert response.status_code == 302
    assert Message.objects.count() == 40


# --- in the background ------------------------------------------------------------------


def test_confirming_twice_carries_the_action_out_once(client, scene, organizer, bulk):
    applications = bulk_applications(scene.call, 3)
    confirmation = {
        "action": "message",
        "application": [a.pk for a in applications],
        "token": str(uuid.uuid4()),
        "confirmed": "1",
        "subject_fr": "Réunion",
        "body_fr": "Une réunion d'information aura lieu le 12 mai.",
    }
    first = bulk(**confirmation)
    second = bulk(**confirmation)  # a double click, or the same page in another tab
    assert first.url == second.url
    assert BulkAction.objects.count() == 1
    assert Message.objects.count() == 3
    events = ApplicationEvent.objects.filter(kind=EventKind.MESSAGE_SENT)
    assert sorted(e.application_id for e in events) == sorted(a.pk for a in applications)
    assert {(e.actor, e.data["subject"]) for e in events} == {(organizer, "Réunion")}
    page = client.get(scene.url("detail", applications[0].pk)).text
    assert str(EventKind.MESSAGE_SENT.label) in page
    assert _("Subject: %(subject)s") % {"subject": "Réunion"} in page


def test_a_token_of_another_organizer_is_refused(client, scene, organizer, bulk):
    applications = bulk_applications(scene.call, 1)
    other = make_scene()
    taken = BulkAction.objects.create(
        token=uuid.uuid4(), call=other.call, actor=other.organizer, kind="message"
    )
    response = bulk(
        action="message",
        application=applications[0].pk,
        token=str(taken.token),
        confirmed="1",
        subject_fr="Réunion",
        body_fr="Texte.",
    )
    assert response.status_code == 200
    assert "This confirmation was already used." in response.text
    assert not Message.objects.exists()


def test_the_confirming_request_only_queues_the_work_whatever_the_selection(
    client, scene, organizer, django_capture_on_commit_callbacks
):
    bulk_applications(scene.call, 5000)
    selection = {"action": "screen-ineligible", "select_all": "on", "query": ""}
    confirmation = {**selection, "confirmed": "1", "reason": WHY}
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as queued,
    ):
        response = client.post(scene.url("bulk"), confirmation)
    assert response.status_code == 302
    assert len(queries) <= 15
    assert len(queued) == 1
    action = BulkAction.objects.get()
    assert (action.status, action.total, len(action.application_ids)) == ("queued", 5000, 5000)
    assert Application.objects.filter(status=S.SUBMITTED).count() == 5000  # not yet

    page = client.get(response.url)
    assert "0 of 5000" in page.text.replace("\u202f", "").replace(",", "")
    assert 'hx-trigger="every 2s"' in page.text

    queued[0]()  # the worker
    action.refresh_from_db()
    assert (action.status, action.done, action.report["changed"]) == ("done", 5000, 5000)
    assert Application.objects.filter(status=S.INELIGIBLE).count() == 5000
    polled = client.get(response.url, headers={"HX-Request": "true"})
    assert polled.status_code == 286  # the page stops asking
    assert "5000 applications are now" in polled.text.replace("\u202f", "").replace(",", "")


def test_a_broker_that_cannot_be_reached_fails_the_action_and_nothing_is_done(
    client, scene, organizer, bulk, monkeypatch
):
    applications = bulk_applications(scene.call, 2)

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(bulk_action_perform, "delay", unreachable)
    response = bulk(
        action="screen-ineligible",
        application=[a.pk for a in applications],
        confirmed="1",
        reason=WHY,
    )
    page = outcome(client, response)
    assert "The action could not be started: nothing was done." in page
    assert BulkAction.objects.get().status == "failed"
    assert statuses(applications) == [S.SUBMITTED] * 2


def test_an_action_lost_by_its_worker_stops_being_waited_for(client, scene, organizer):
    action = BulkAction.objects.create(
        token=uuid.uuid4(),
        call=scene.call,
        actor=organizer,
        kind="screening",
        params={"to": S.ELIGIBLE},
        status="running",
        total=10,
        done=4,
        created_at=timezone.now() - timedelta(hours=2),
    )
    page = client.get(scene.url("bulk_progress", action.token))
    assert "has probably stopped" in page.text
    assert "hx-trigger" not in page.text


def test_another_calls_action_is_a_404(client, scene, organizer):
    other = make_scene()
    action = BulkAction.objects.create(
        token=uuid.uuid4(), call=other.call, actor=other.organizer, kind="message"
    )
    assert client.get(scene.url("bulk_progress", action.token)).status_code == 404
    client.force_login(other.organizer)
    assert client.get(scene.url("bulk_progress", action.token)).status_code == 404
