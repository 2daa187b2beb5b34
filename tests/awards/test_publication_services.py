"""Publishing a call's results and telling every applicant once: publication only after the
lock, now or at a set time; nothing leaks before; result notices drafted per application
in its applicant's language, released once through the outbox, and a release that stops
midway finishing on retry without a notice written twice."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from awards.enums import Outcome
from awards.models import ResultNotice, ResultsPublication
from awards.services import publication as publication_services
from awards.services.publication import (
    PublicationError,
    notices_prepare,
    notices_progress,
    notices_release,
    notices_write,
    publication_of,
    publication_save,
    publish_due,
    results_publish,
    results_schedule,
)
from awards.tasks import (
    publish_scheduled_results,
    release_result_notices,
    release_unfinished_notices,
)
from calls.models import Call
from notifications.enums import MessageStatus
from notifications.models import Message
from submissions.enums import EventKind
from submissions.models import Application, ApplicationEvent
from tests.awards.conftest import locked_scene

pytestmark = pytest.mark.django_db

RESULT = "awards/email/result"
HOUR = datetime.timedelta(hours=1)


def results_page(call):
    return f"/fr/calls/{call.slug}/results/"


def result_messages():
    return Message.objects.filter(template=RESULT)


@pytest.fixture
def published(locked):
    results_publish(call=locked.call, actor=locked.organizer)
    return locked


@pytest.fixture
def prepared(published):
    notices_prepare(call=published.call, actor=published.organizer)
    return published


def release(scene, django_capture_on_commit_callbacks):
    """Release as the button does; the worker writes and delivers after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        return notices_release(call=scene.call, actor=scene.organizer)


# --- publication ----------------------------------------------------------------------------------


def test_results_are_not_published_before_the_deliberation_is_locked(scene):
    later = timezone.now() + HOUR

    with pytest.raises(PublicationError):
        results_publish(call=scene.call, actor=scene.organizer)
    with pytest.raises(PublicationError):
        results_schedule(call=scene.call, actor=scene.organizer, at=later)
    with pytest.raises(PublicationError):
        notices_prepare(call=scene.call, actor=scene.organizer)

    scene.call.refresh_from_db()
    assert scene.call.results_published_at is None
    assert not ResultNotice.objects.exists()


def test_publishing_opens_the_results_page_once(client, locked):
    now = timezone.now()
    assert client.get(results_page(locked.call)).status_code == 404

    publication = results_publish(call=locked.call, actor=locked.organizer, now=now)

    assert publication.published_at == now
    assert publication.published_by == locked.organizer
    locked.call.refresh_from_db()
    assert locked.call.results_published_at == now
    assert client.get(results_page(locked.call)).status_code == 200
    with pytest.raises(PublicationError):
        results_publish(call=locked.call, actor=locked.organizer)
    assert ResultsPublication.objects.get().published_at == now


def test_nothing_leaks_before_publication(client, locked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notices_prepare(call=locked.call, actor=locked.organizer)
        with pytest.raises(PublicationError):
            notices_release(call=locked.call, actor=locked.organizer)

    assert client.get(results_page(locked.call)).status_code == 404
    assert not result_messages().exists()
    assert mail.outbox == []
    assert ResultNotice.objects.filter(message__isnull=False).count() == 0


def test_a_publication_is_scheduled_in_the_future_only(locked):
    now = timezone.now()

    for moment in (now - HOUR, now):
        with pytest.raises(PublicationError):
            results_schedule(call=locked.call, actor=locked.organizer, at=moment, now=now)
    assert publication_of(locked.call).scheduled_at is None

    results_schedule(call=locked.call, actor=locked.organizer, at=now + HOUR, now=now)
    assert publication_of(locked.call).scheduled_at == now + HOUR

    results_schedule(call=locked.call, actor=locked.organizer, at=None, now=now)
    assert publication_of(locked.call).scheduled_at is None


def test_only_the_publications_that_are_due_are_published(locked):
    other = locked_scene()
    now = timezone.now()
    results_schedule(call=locked.call, actor=locked.organizer, at=now + HOUR, now=now)
    results_schedule(call=other.call, actor=other.organizer, at=now + 3 * HOUR, now=now)

    assert publish_due(now=now + HOUR - datetime.timedelta(seconds=1)) == []
    assert publish_due(now=now + 2 * HOUR) == [locked.call.pk]

    published = publication_of(locked.call)
    assert published.published_at == now + 2 * HOUR
    assert published.scheduled_at is None
    assert publication_of(other.call).published_at is None
    assert Call.objects.get(pk=other.call.pk).results_published_at is None
    assert publish_due(now=now + 2 * HOUR) == []  # already published: not again


def test_the_beat_task_publishes_when_the_time_comes(client, locked):
    now = timezone.now()
    results_schedule(call=locked.call, actor=locked.organizer, at=now + HOUR, now=now)

    with time_machine.travel(now + 30 * datetime.timedelta(minutes=1), tick=False):
        publish_scheduled_results()
        assert client.get(results_page(locked.call)).status_code == 404
    with time_machine.travel(now + 61 * datetime.timedelta(minutes=1), tick=False):
        publish_scheduled_results()
        assert client.get(results_page(locked.call)).status_code == 200

    assert publication_of(locked.call).published_at == now + 61 * datetime.timedelta(minutes=1)


# --- result notices -------------------------------------------------------------------------------


def test_notices_are_prepared_for_every_received_application_in_its_language(locked):
    a, b, c, d = locked.applications[:4]

    count = notices_prepare(call=locked.call, actor=locked.organizer)

    notices = {n.application_id: n for n in ResultNotice.objects.all()}
    assert count == len(notices) == 5
    assert set(notices) == {app.pk for app in locked.received}
    assert locked.draft.pk not in notices
    assert locked.withdrawn.pk not in notices
    assert {pk: n.outcome for pk, n in notices.items()} == {
        a.pk: Outcome.PRIZE,
        b.pk: Outcome.SPECIAL_MENTION,
        c.pk: Outcome.NOT_SELECTED,
        d.pk: Outcome.NOT_SELECTED,
        locked.ineligible.pk: Outcome.NOT_SELECTED,
    }
    assert {pk: n.language for pk, n in notices.items()} == {
        a.pk: "ar",
        b.pk: "en",
        c.pk: "fr",
        d.pk: "fr",
        locked.ineligible.pk: "fr",
    }
    assert all(n.message is None and n.released_at is None for n in notices.values())
    assert all(n.feedback == "" for n in notices.values())
    assert not result_messages().exists()
    assert publication_of(locked.call).notices_prepared_at is not None


def test_preparing_again_rewrites_the_drafts(locked):
    notices_prepare(call=locked.call, actor=locked.organizer)
    publication_save(
        call=locked.call,
        actor=locked.organizer,
        announcement={"fr": "Bravo.", "ar": "", "en": ""},
        include_feedback=True,
    )

    notices_prepare(call=locked.call, actor=locked.organizer)

    assert ResultNotice.objects.count() == 5
    a = locked.applications[0]
    feedback = ResultNotice.objects.get(application=a).feedback
    assert feedback == "Solide.\n\nSolide."  # both jurors' comments, without their names
    assert all(m.user.full_name not in feedback for m in locked.members)


def test_notices_are_released_after_publication_and_preparation_only(
    locked, django_capture_on_commit_callbacks
):
    with pytest.raises(PublicationError):
        release(locked, django_capture_on_commit_callbacks)  # neither published nor prepared
    results_publish(call=locked.call, actor=locked.organizer)
    with pytest.raises(PublicationError):
        release(locked, django_capture_on_commit_callbacks)  # not prepared

    assert publication_of(locked.call).notices_released_at is None
    assert not result_messages().exists()


def test_releasing_writes_one_outbox_message_per_notice_and_sends_it_once(
    prepared, django_capture_on_commit_callbacks
):
    assert release(prepared, django_capture_on_commit_callbacks) is True

    notices = list(ResultNotice.objects.select_related("message", "application__applicant"))
    assert len(notices) == result_messages().count() == 5
    assert len({n.message_id for n in notices}) == 5
    for notice in notices:
        assert notice.released_at is not None
        assert notice.message.to_email == notice.application.applicant.email
        assert notice.message.language == notice.language
        assert notice.message.status == MessageStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        n.application.applicant.email for n in notices
    )
    assert ApplicationEvent.objects.filter(kind=EventKind.RESULT_NOTIFIED).count() == 5
    publication = publication_of(prepared.call)
    assert publication.notices_released_by == prepared.organizer
    with pytest.raises(PublicationError):
        notices_prepare(call=prepared.call, actor=prepared.organizer)


def test_a_second_release_writes_nothing_more(prepared, django_capture_on_commit_callbacks):
    release(prepared, django_capture_on_commit_callbacks)

    assert release(prepared, django_capture_on_commit_callbacks) is False

    assert result_messages().count() == 5
    assert len(mail.outbox) == 5
    notices_write(publication_id=publication_of(prepared.call).pk)  # the worker run again
    assert result_messages().count() == 5


@pytest.fixture
def failing_outbox(monkeypatch):
    """`failing_outbox(fail_at=n)`: the outbox refuses its n-th message, once (the mail
    service hiccups), then works again."""

    def install(fail_at):
        original = publication_services.email_enqueue
        calls = []

        def enqueue(**kwargs):
            calls.append(kwargs["to"])
            if len(calls) == fail_at:
                raise ConnectionError("outbox unavailable")
            return original(**kwargs)

        monkeypatch.setattr(publication_services, "email_enqueue", enqueue)
        return calls

    return install


def test_a_release_that_fails_midway_and_is_retried_writes_every_notice_once(
    prepared, failing_outbox
):
    publication = publication_of(prepared.call)
    publication.notices_released_at = timezone.now()
    publication.save()
    failing_outbox(fail_at=4)

    with pytest.raises(ConnectionError):
        notices_write(publication_id=publication.pk, batch=2)

    # The first batch (two notices) stands; the one that failed was rolled back whole.
    assert result_messages().count() == 2
    assert ResultNotice.objects.filter(message__isnull=False).count() == 2

    written = notices_write(publication_id=publication.pk, batch=2)

    assert written == 3
    notices = list(ResultNotice.objects.all())
    assert result_messages().count() == len(notices) == 5
    assert len({n.message_id for n in notices}) == 5
    assert len(set(result_messages().values_list("to_email", flat=True))) == 5
    assert ApplicationEvent.objects.filter(kind=EventKind.RESULT_NOTIFIED).count() == 5


def test_the_release_task_retries_after_a_failure_without_writing_twice(
    prepared, failing_outbox, django_capture_on_commit_callbacks
):
    failing_outbox(fail_at=3)

    assert release(prepared, django_capture_on_commit_callbacks) is True

    notices = list(ResultNotice.objects.all())
    assert result_messages().count() == len(notices) == 5
    assert all(n.message_id for n in notices)
    assert len(mail.outbox) == 5
    assert len({m.to[0] for m in mail.outbox}) == 5


def test_each_notice_is_written_in_its_applicants_language(
    prepared, django_capture_on_commit_callbacks
):
    release(prepared, django_capture_on_commit_callbacks)
    a, b, c = prepared.applications[:3]
    call = prepared.call

    messages = {n.application_id: n.message for n in ResultNotice.objects.select_related("message")}
    with translation.override("ar"):
        prize = gettext("Congratulations: your application wins a prize")
    with translation.override("en"):
        mention = gettext("Congratulations: your application receives a special mention")
    with translation.override("fr"):
        results = gettext("The results of the call")
    assert messages[a.pk].subject == f"{prize} — {call.title_ar}"
    assert messages[b.pk].subject == f"{mention} — {call.title_en}"
    assert messages[c.pk].subject == f"{results} — {call.title_fr}"
    assert f"/ar/calls/{call.slug}/results/" in messages[a.pk].body_text
    assert f"/fr/calls/{call.slug}/results/" in messages[c.pk].body_text
    assert a.reference in messages[a.pk].body_text
    first_prize = prepared.prizes[0]
    assert first_prize.label_ar in messages[a.pk].body_text
    assert first_prize.label_fr not in messages[c.pk].body_text


def test_a_newline_in_a_title_or_a_name_never_reaches_the_subject(
    prepared, django_capture_on_commit_callbacks
):
    Call.objects.filter(pk=prepared.call.pk).update(
        title_fr="Prix\nBcc: intrus@example.ma",
        title_ar="جائزة\r\nBcc: intrus@example.ma",
        title_en="Prize\nBcc: intrus@example.ma",
    )
    a = prepared.applications[0]
    snapshot = a.profile_snapshot
    snapshot["profile"]["name"] = "Coopérative\nBcc: intrus@example.ma"
    Application.objects.filter(pk=a.pk).update(profile_snapshot=snapshot)

    release(prepared, django_capture_on_commit_callbacks)

    subjects = list(result_messages().values_list("subject", flat=True))
    assert len(subjects) == 5
    assert not [s for s in subjects if "\n" in s or "\r" in s]
    assert all("Prix Bcc" in s or "Prize Bcc" in s or "جائزة Bcc" in s for s in subjects)
    assert len(mail.outbox) == 5
    assert not [m for m in mail.outbox if "\n" in m.subject or "Bcc" in m.extra_headers]


def test_progress_counts_prepared_written_sent_and_failed(
    prepared, django_capture_on_commit_callbacks
):
    publication = publication_of(prepared.call)
    assert notices_progress(publication) == {"prepared": 5, "written": 0, "sent": 0, "failed": 0}

    with django_capture_on_commit_callbacks(execute=False):
        notices_release(call=prepared.call, actor=prepared.organizer)
    assert notices_progress(publication) == {"prepared": 5, "written": 0, "sent": 0, "failed": 0}

    notices_write(publication_id=publication.pk)
    assert notices_progress(publication) == {"prepared": 5, "written": 5, "sent": 0, "failed": 0}

    first, *others = result_messages().order_by("pk")
    Message.objects.filter(pk=first.pk).update(status=MessageStatus.FAILED)
    Message.objects.filter(pk__in=[m.pk for m in others]).update(status=MessageStatus.SENT)
    assert notices_progress(publication) == {"prepared": 5, "written": 5, "sent": 4, "failed": 1}


def test_a_release_the_broker_could_not_take_is_finished_by_the_sweep(
    prepared, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args):
        raise ConnectionError("broker unavailable")

    monkeypatch.setattr(release_result_notices, "delay", broker_down)
    assert release(prepared, django_capture_on_commit_callbacks) is True
    assert result_messages().count() == 0
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        release_unfinished_notices()

    assert result_messages().count() == ResultNotice.objects.count() == 5
    with django_capture_on_commit_callbacks(execute=True):
        assert release_unfinished_notices() == []
    assert result_messages().count() == 5
