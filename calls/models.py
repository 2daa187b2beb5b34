import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.enums import LegalForm, Region
from calls.enums import (
    CHOICE_QUESTIONS,
    CHOICE_RULES,
    NUMBER_RULES,
    CallKind,
    CallStatus,
    EmailKind,
    FileType,
    QuestionKind,
    RoundKind,
    RuleKind,
)

DEFAULT_ATTACHMENT_MAX_MB = 10


def rules_document_path(call, filename):
    """Server-chosen name: the organizer's file name never becomes a path."""
    return f"calls/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:8]}"


class Call(models.Model):
    """A call for projects or a competition, published by an organization."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    rules = models.TextField(
        _("rules"), blank=True, help_text=_("What the call funds, who may apply, how it selects.")
    )
    rules_document = models.FileField(
        _("rules document"), upload_to=rules_document_path, blank=True
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=6,
        validators=[RegexValidator(r"^[A-Z]{2,6}$", _("Two to six capital letters."))],
        help_text=_("Starts every application reference, e.g. LAM in LAM-2026-0042."),
    )
    reference_year = models.PositiveSmallIntegerField(
        _("year in the references"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "The year application references carry, e.g. 2027 in LAM-2027-0042. Leave it "
            "empty for the year the call closes."
        ),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_at = models.DateTimeField(
        _("results expected at"),
        null=True,
        blank=True,
        help_text=_("Announced to applicants; the review runs until then."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Unpublished calls are visible to organizers only."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Jurors never see who applied: only the application's reference."),
    )
    max_applications_per_organization = models.PositiveSmallIntegerField(
        _("applications allowed per organization"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    attachment_max_mb = models.PositiveSmallIntegerField(
        _("largest file accepted (MB)"),
        default=DEFAULT_ATTACHMENT_MAX_MB,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    form_locked_at = models.DateTimeField(
        _("form locked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the first submission: questions then keep their kind and choices."),
    )
    duplicated_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("duplicated from"),
    )
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
            ),
            models.CheckConstraint(
                condition=Q(results_at__isnull=True) | Q(results_at__gte=F("closes_at")),
                name="call_results_after_closing",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})
        if self.results_at and self.closes_at and self.results_at < self.closes_at:
            raise ValidationError(
                {"results_at": _("Results cannot be expected before the call closes.")}
            )

    def status_at(self, moment):
        """The one place a call's status is decided (`selectors.calls_with_status` mirrors
        it in SQL, and a test holds the two together)."""
        if not self.is_published:
            return CallStatus.DRAFT
        if self.results_published_at and self.results_published_at <= moment:
            return CallStatus.RESULTS_PUBLISHED
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment < self.closes_at:
            return CallStatus.OPEN
        if self.results_at and moment < self.results_at:
            return CallStatus.IN_REVIEW
        return CallStatus.CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.status.label

    def is_open_at(self, moment):
        return self.status_at(moment) == CallStatus.OPEN

    @property
    def is_open(self):
        return self.is_open_at(timezone.now())

    @property
    def attachment_max_bytes(self):
        return self.attachment_max_mb * 1024 * 1024

    @property
    def contact_email(self) -> str:
        """Where applicants write about the call: its first organizer's address ("" for a
        call without organizers). One query."""
        organizer = self.organizers.order_by("pk").only("email").first()
        return organizer.email if organizer else ""

    @property
    def edition_year(self) -> int:
        """The year application references carry (`LAM-2027-0042`): the one the organizers
        set, else the year the call closes in Morocco, so a 2027 edition opening in
        December 2026 numbers its applications 2027."""
        if self.reference_year:
            return self.reference_year
        return self.closing_year

    @property
    def closing_year(self) -> int:
        return timezone.localtime(self.closes_at, ZoneInfo(settings.TIME_ZONE)).year


class EligibilityRule(models.Model):
    """One condition an applicant must meet; a call's rules must all be met."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="eligibility_rules")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("condition"), max_length=30, choices=RuleKind.choices)
    choices = models.JSONField(
        _("accepted values"), default=list, blank=True, help_text=_("Legal forms or regions.")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    statement = models.CharField(
        _("statement"),
        max_length=300,
        blank=True,
        help_text=_("For a declaration: the sentence the applicant answers yes or no to."),
    )
    explanation = models.CharField(
        _("explanation when not met"),
        max_length=300,
        blank=True,
        help_text=_("Shown to an applicant who does not meet the rule; a default is written."),
    )

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        """Each kind of rule carries exactly what it reads."""
        errors = {}
        if self.kind in CHOICE_RULES:
            accepted = LegalForm if self.kind == RuleKind.LEGAL_FORM_IN else Region
            if not self.choices:
                errors["choices"] = _("Choose at least one accepted value.")
            elif not isinstance(self.choices, list) or any(
                value not in accepted.values for value in self.choices
            ):
                errors["choices"] = _("Choose only among the values offered.")
        elif self.choices:
            errors["choices"] = _("Only a legal form or region rule has accepted values.")
        if self.kind in NUMBER_RULES:
            if self.number is None:
                errors["number"] = _("This rule needs a number.")
            elif (
                self.kind in (RuleKind.WOMEN_SHARE_MIN, RuleKind.YOUTH_SHARE_MIN)
                and self.number > 100
            ):
                errors["number"] = _("A share cannot be more than 100 %.")
            elif self.kind == RuleKind.FOUNDED_WITHIN_YEARS and self.number < 1:
                errors["number"] = _("Give at least one year.")
        elif self.number is not None:
            errors["number"] = _("Only a numeric rule has a number.")
        if self.kind == RuleKind.DECLARATION and not (self.statement_fr or "").strip():
            errors["statement_fr"] = _("Write the declaration in French at least.")
        if errors:
            raise ValidationError(errors)


class Step(models.Model):
    """A page of the application form."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("form step")
        verbose_name_plural = _("form steps")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    # Optional unless the organizer says otherwise: a question made required by
    # default, unnoticed, blocks every applicant who cannot answer it.
    required = models.BooleanField(_("required"), default=False)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('A list of {"value": …, "fr": …, "ar": …, "en": …}.'),
    )
    file_types = models.JSONField(
        _("accepted file types"),
        default=list,
        blank=True,
        help_text=_("Among pdf, jpeg, png, docx, xlsx and odt; empty accepts them all."),
    )
    max_files = models.PositiveSmallIntegerField(
        _("files per document"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("More than one lets an applicant send a document as several photos."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="question_bounds_ordered",
            )
        ]

    def __str__(self):
        return self.label

    def clean(self):
        """Each kind of question carries only its own settings, and sound ones."""
        errors = {}
        if self.kind == QuestionKind.LONG_TEXT:
            if self.word_limit is not None and self.word_limit < 1:
                errors["word_limit"] = _("A word limit is at least one word.")
        elif self.word_limit is not None:
            errors["word_limit"] = _("Only a long text question has a word limit.")
        if self.kind != QuestionKind.NUMBER:
            if self.min_value is not None or self.max_value is not None:
                errors["min_value"] = _("Only a number question has bounds.")
        elif (
            self.min_value is not None
            and self.max_value is not None
            and self.max_value < self.min_value
        ):
            errors["max_value"] = _("The largest number cannot be smaller than the smallest.")
        if self.kind in CHOICE_QUESTIONS:
            problem = choices_problem(self.choices)
            if problem:
                errors["choices"] = problem
        elif self.choices:
            errors["choices"] = _("Only a choice question has choices.")
        if self.kind == QuestionKind.FILE:
            if not isinstance(self.file_types, list) or any(
                value not in FileType.values for value in self.file_types
            ):
                errors["file_types"] = _("Choose only among the file types offered.")
        elif self.file_types:
            errors["file_types"] = _("Only a file question has file types.")
        if errors:
            raise ValidationError(errors)

    @property
    def choice_values(self) -> list[str]:
        return [choice["value"] for choice in self.choices or ()]

    @property
    def choice_labels(self) -> list[str]:
        """The choices' labels in the active language (French, then the value, when
        a label is missing)."""
        language = get_language() or settings.LANGUAGE_CODE
        return [
            choice.get(language) or choice.get("fr") or choice["value"]
            for choice in self.choices or ()
        ]

    @property
    def file_type_labels(self) -> list[str]:
        """The accepted file types in words; all of them when none is named."""
        return [str(FileType(value).label) for value in self.file_types or FileType.values]

    @property
    def field_name(self):
        """The name of this question's field in the application form."""
        return f"q{self.pk}"


def choices_problem(choices) -> str | None:
    """What is wrong with a choice question's choices, in words; None when they are sound."""
    if not isinstance(choices, list) or any(
        not isinstance(choice, dict) or not isinstance(choice.get("value"), str)
        for choice in choices
    ):
        return _("Each choice needs a value.")
    if len(choices) < 2:
        return _("Give at least two choices.")
    seen = set()
    for choice in choices:
        value = choice["value"].strip()
        if not value:
            return _("Each choice needs a value.")
        if not (choice.get("fr") or "").strip():
            return _("Each choice needs a French label.")
        if value in seen:
            return _("Each choice needs its own value: “%(value)s” appears twice.") % {
                "value": value
            }
        seen.add(value)
    return None


class Round(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("round"), max_length=20, choices=RoundKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="round_kind_once_per_call")
        ]

    def __str__(self):
        return self.get_kind_display()


class PrizeCategory(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="prize_categories")
    label = models.CharField(_("label"), max_length=150)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    amount_mad = models.PositiveIntegerField(_("amount (MAD)"), default=0)
    count = models.PositiveSmallIntegerField(_("number of prizes"), default=1)

    class Meta:
        verbose_name = _("prize category")
        verbose_name_plural = _("prize categories")
        ordering = ["rank", "pk"]

    def __str__(self):
        return self.label


class EmailTemplate(models.Model):
    """A call's own text for one of the e-mails to its applicants, in one language.

    Without one for a kind and language, the portal's standard text is sent. Subject and
    body hold `{placeholder}`s (see `calls.emails`), checked when the text is saved.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="email_templates")
    kind = models.CharField(_("e-mail"), max_length=20, choices=EmailKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "kind", "language"], name="email_template_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class ReminderLog(models.Model):
    """A reminder e-mail sent to an applicant about a call, once per occasion (such as
    "7d": a week before the call closes). Kept by call and person, so that the calls app
    needs nothing from the applications that caused it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminder_logs")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    occasion = models.CharField(_("occasion"), max_length=30)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder to an applicant")
        verbose_name_plural = _("reminders to applicants")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant", "occasion"], name="reminder_log_once"
            )
        ]

    def __str__(self):
        return f"{self.call} — {self.applicant} — {self.occasion}"
