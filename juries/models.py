from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JurorProfile(models.Model):
    """A person who scores applications, with what they know and read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juror_profile"
    )
    expertise_sectors = models.JSONField(_("expertise (sectors)"), default=list, blank=True)
    regions = models.JSONField(_("regions known"), default=list, blank=True)
    languages = models.JSONField(_("languages read"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("juror profile")
        verbose_name_plural = _("juror profiles")

    def __str__(self):
        return str(self.user)
