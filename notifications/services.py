"""The outbox: e-mails are written with the change that causes them, then delivered once."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.enums import MessageStatus
from notifications.models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
STALE_SENDING_AFTER = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min … capped at 2 hours."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 7200))


def absolute_url(view_name: str, *, language: str, **kwargs) -> str:
    """A link for an e-mail: the portal's address and the page in the reader's language."""
    with translation.override(language):
        return settings.SITE_URL + reverse(view_name, kwargs=kwargs)


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html` in a language."""
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language, "LANGUAGE_BIDI": language == "ar"}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body_text = render_to_string(f"{template}_message.txt", context).strip() + "\n"
        try:
            body_html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return subject, body_text, body_html


def email_enqueue(*, to: str, template: str, context: dict, language: str) -> Message:
    """Write a rendered e-mail to the outbox; it is handed to the worker after commit."""
    subject, body_text, body_html = render_email(
        template=template, context=context, language=language
    )
    message = Message.objects.create(
        template=template,
        to_email=to,
        language=language,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
    )
    transaction.on_commit(lambda: dispatch(message_id=message.pk))
    return message


def dispatch(*, message_id: int) -> None:
    """Queue delivery. A broker that is down is not the user's problem: the sweep retries."""
    from notifications.tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception:
        logger.warning("Outbox message %s not queued; the sweep will send it.", message_id)


def message_deliver(*, message_id: int) -> bool:
    """Send one outbox message. Returns True when this call sent it.

    The row is claimed with a conditional update, so of concurrent or repeated
    deliveries exactly one sends; a sent message is never sent again.
    """
    now = timezone.now()
    claimed = Message.objects.filter(pk=message_id, status=MessageStatus.PENDING).update(
        status=MessageStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={"Message-ID": message.message_id, "Content-Language": message.language},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except Exception as error:
        failed = message.attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message_id).update(
            status=MessageStatus.FAILED if failed else MessageStatus.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=timezone.now() + retry_delay(message.attempts),
        )
        raise
    Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def messages_due(*, now=None):
    """Messages the sweep should queue: pending and due, or stuck while sending."""
    now = now or timezone.now()
    Message.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER
    ).update(status=MessageStatus.PENDING)
    return Message.objects.filter(
        status=MessageStatus.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
