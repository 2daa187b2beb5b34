import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from notifications.enums import MessageStatus


class Message(models.Model):
    """One e-mail in the outbox, written in the transaction of the change that causes it.

    The rendered subject and bodies are stored, so delivery never depends on the objects
    that were in the rendering context.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    template = models.CharField(_("template"), max_length=120)
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    @property
    def message_id(self):
        """RFC 5322 Message-ID derived from the row: a resend is recognisably the same mail."""
        return f"<{self.uuid}@portal.outbox>"
