from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallKind(models.TextChoices):
    PRIZE = "prize", _("Prize")
    CALL_FOR_PROJECTS = "call-for-projects", _("Call for projects")
    ACTION_RESEARCH = "action-research", _("Action research")
    SUPPORT_PROGRAMME = "support-programme", _("Support programme")


class CallStatus(models.TextChoices):
    """Derived from the dates and the publish flag by `Call.status`, never stored."""

    DRAFT = "draft", pgettext_lazy("call status", "Draft")
    UPCOMING = "upcoming", pgettext_lazy("call status", "Upcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")
    RESULTS_PUBLISHED = "results-published", pgettext_lazy("call status", "Results published")
