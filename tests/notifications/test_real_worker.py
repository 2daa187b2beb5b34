"""The outbox against a real Celery worker and a real Redis broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.enums import MessageStatus
from notifications.models import Message
from notifications.tasks import deliver_message
from portal.celery import app as celery_app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_until_sent(message, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status == MessageStatus.SENT:
            return
        time.sleep(0.1)
    pytest.fail(f"message {message.pk} still {message.status} after {timeout} s")


def enqueue(to):
    with transaction.atomic():
        return services.email_enqueue(
            to=to,
            template="account/email/email_confirmation",
            context={"activate_url": "https://portal.example.org/fr/accounts/confirm-email/K/"},
            language="fr",
        )


def test_a_real_worker_delivers_an_outbox_email_exactly_once():
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        first = enqueue("aicha@nour-tissage.ma")
        wait_until_sent(first)
        # The same delivery queued again (a broker redelivery, a double click on
        # "resend"): a second message queued after it shows when the worker got past it.
        deliver_message.delay(first.pk)
        second = enqueue("khadija@al-amal.ma")
        wait_until_sent(second)

    assert sorted(email.to[0] for email in mail.outbox) == [
        "aicha@nour-tissage.ma",
        "khadija@al-amal.ma",
    ]
    assert Message.objects.get(pk=first.pk).attempts == 1
