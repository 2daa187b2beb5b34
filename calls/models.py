from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.enums import CallKind, CallStatus


class Call(models.Model):
    """A call for projects or a competition, published by an organization."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Unpublished calls are visible to organizers only."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organized_calls", verbose_name=_("organizers")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})

    def status_at(self, moment):
        """The one place a call's status is decided."""
        if not self.is_published:
            return CallStatus.DRAFT
        if self.results_published_at and self.results_published_at <= moment:
            return CallStatus.RESULTS_PUBLISHED
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment < self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())
