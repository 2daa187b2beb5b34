from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("jury role", "Chair")
    MEMBER = "member", pgettext_lazy("jury role", "Member")


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", pgettext_lazy("assignment", "Manual")
    AUTOMATIC = "automatic", pgettext_lazy("assignment", "Automatic")


class EvaluationStatus(models.TextChoices):
    """An assignment with no evaluation row yet is "to do" (`ASSIGNMENT_TODO`)."""

    DRAFT = "draft", pgettext_lazy("evaluation status", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("evaluation status", "Submitted")


ASSIGNMENT_TODO = "todo"


class ConflictSource(models.TextChoices):
    """Why a juror may not evaluate an application."""

    DECLARED_APPLICATION = "declared-application", _("Declared for this application")
    DECLARED_ORGANIZATION = "declared-organization", _("Declared link with the organization")
    SAME_EMAIL_DOMAIN = "same-email-domain", _("Same e-mail domain as the organization")


# Providers whose addresses say nothing about who one works for: a shared domain among
# these is no conflict of interest.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.com",
        "gmx.fr",
        "proton.me",
        "protonmail.com",
        "menara.ma",
        "yandex.com",
        "mail.com",
        "laposte.net",
        "orange.fr",
        "free.fr",
        "example.ma",
        "demo.ma",
    }
)
