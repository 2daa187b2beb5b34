import datetime
import logging
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation

from notifications import services
from notifications.enums import MessageStatus
from notifications.models import Message
from notifications.tasks import deliver_pending_messages

pytestmark = pytest.mark.django_db

CONFIRMATION = "account/email/email_confirmation"
CONTEXT = {"activate_url": "https://portal.example.org/ar/accounts/confirm-email/KEY/"}


def enqueue(language="ar", to="khadija@al-amal.ma"):
    return services.email_enqueue(to=to, template=CONFIRMATION, context=CONTEXT, language=language)


def deliver_while_smtp_is_down(message):
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")),
        pytest.raises(OSError, match="down"),
    ):
        services.message_deliver(message_id=message.pk)


def test_an_email_is_rendered_in_the_recipients_language_with_text_and_html():
    message = enqueue(language="ar")

    with translation.override("ar"):
        assert message.subject == translation.gettext("Confirm your e-mail address")
    assert CONTEXT["activate_url"] in message.body_text
    assert CONTEXT["activate_url"] in message.body_html
    assert '<html lang="ar" dir="rtl">' in message.body_html


def test_a_message_is_delivered_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["khadija@al-amal.ma"]
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert sent.alternatives[0].mimetype == "text/html"


def test_delivering_again_never_sends_twice():
    message = enqueue()

    first = services.message_deliver(message_id=message.pk)
    second = services.message_deliver(message_id=message.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_message_and_queues_nothing(
    django_capture_on_commit_callbacks,
):
    def failing_change():
        with transaction.atomic():
            enqueue()
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        failing_change()

    assert not Message.objects.exists()
    assert callbacks == []


def test_a_failed_send_is_kept_for_a_retry_with_backoff():
    message = enqueue()
    before = timezone.now()

    deliver_while_smtp_is_down(message)

    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert message.last_error == "OSError: down"
    assert message.next_attempt_at >= before + datetime.timedelta(seconds=30)
    assert services.message_deliver(message_id=message.pk) is True
    assert len(mail.outbox) == 1


def test_a_message_failing_every_attempt_ends_failed():
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(attempts=services.MAX_ATTEMPTS - 1)

    deliver_while_smtp_is_down(message)

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert services.message_deliver(message_id=message.pk) is False


def test_a_broken_broker_does_not_break_the_request_and_the_sweep_sends_later(
    django_capture_on_commit_callbacks, caplog
):
    broken = mock.patch(
        "notifications.tasks.deliver_message.delay", side_effect=ConnectionError("no redis")
    )
    with broken, caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        message = enqueue()

    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert "not queued" in caplog.text

    deliver_pending_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_reclaims_a_message_stuck_while_sending():
    message = enqueue()
    stuck_since = timezone.now() - services.STALE_SENDING_AFTER - datetime.timedelta(minutes=1)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=stuck_since
    )

    deliver_pending_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_the_sweep_leaves_messages_not_yet_due():
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5)
    )

    deliver_pending_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert mail.outbox == []


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 30), (2, 60), (5, 480), (20, 7200)])
def test_retry_delay_doubles_up_to_two_hours(attempts, seconds):
    assert services.retry_delay(attempts).total_seconds() == seconds
