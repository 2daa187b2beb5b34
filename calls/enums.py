from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallKind(models.TextChoices):
    PRIZE = "prize", _("Prize")
    CALL_FOR_PROJECTS = "call-for-projects", _("Call for projects")
    ACTION_RESEARCH = "action-research", _("Action research")
    SUPPORT_PROGRAMME = "support-programme", _("Support programme")


class CallStatus(models.TextChoices):
    """Derived from the dates and the publish flag by `Call.status_at`, never stored."""

    DRAFT = "draft", pgettext_lazy("call status", "Draft")
    UPCOMING = "upcoming", pgettext_lazy("call status", "Upcoming")
    OPEN = "open", pgettext_lazy("call status", "Open")
    CLOSED = "closed", pgettext_lazy("call status", "Closed")
    IN_REVIEW = "in-review", pgettext_lazy("call status", "In review")
    RESULTS_PUBLISHED = "results-published", pgettext_lazy("call status", "Results published")


# What the public list calls "past": the call no longer takes applications.
PAST_STATUSES = (CallStatus.CLOSED, CallStatus.IN_REVIEW, CallStatus.RESULTS_PUBLISHED)


class RuleKind(models.TextChoices):
    LEGAL_FORM_IN = "legal-form-in", _("Legal form is one of")
    REGION_IN = "region-in", _("Region is one of")
    WOMEN_SHARE_MIN = "women-share-min", _("Women's share of members is at least (%)")
    YOUTH_SHARE_MIN = "youth-share-min", _("Young members' share is at least (%)")
    FOUNDED_WITHIN_YEARS = "founded-within-years", _("Founded within the last n years")
    FOUNDED_AT_LEAST_MONTHS = "founded-at-least-months", _("Founded at least n months ago")
    MEMBERS_MIN = "members-min", _("Members at least")
    DECLARATION = "declaration", _("Yes/no declaration that must be answered yes")


# Rules that take a set of choices, and those that take one number.
CHOICE_RULES = (RuleKind.LEGAL_FORM_IN, RuleKind.REGION_IN)
NUMBER_RULES = (
    RuleKind.WOMEN_SHARE_MIN,
    RuleKind.YOUTH_SHARE_MIN,
    RuleKind.FOUNDED_WITHIN_YEARS,
    RuleKind.FOUNDED_AT_LEAST_MONTHS,
    RuleKind.MEMBERS_MIN,
)


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short-text", _("Short text")
    LONG_TEXT = "long-text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", pgettext_lazy("question kind", "Date")
    CHOICE = "choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple-choice", _("Multiple choice")
    YES_NO = "yes-no", _("Yes / no")
    FILE = "file", _("File")


CHOICE_QUESTIONS = (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)


class FileType(models.TextChoices):
    """Document types an applicant may upload, recognized by their content."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    ODT = "odt", "OpenDocument (ODT)"


IMAGE_TYPES = (FileType.JPEG, FileType.PNG)


class RoundKind(models.TextChoices):
    # In the context "round": the plain "Screening" is the eligibility screening of the
    # applications, which a jury's first round is not.
    SCREENING = "screening", pgettext_lazy("round", "Screening")
    SHORTLIST = "shortlist", _("Shortlist")
    FINAL = "final", pgettext_lazy("round", "Final")


class EmailKind(models.TextChoices):
    """The e-mails to applicants whose text a call's organizers may write themselves."""

    RECEIPT = "receipt", _("Receipt of an application")
    REMINDER = "reminder", _("Reminder of an unfinished application")
    RESULT = "result", _("Result of the call")
