import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Question
from submissions.enums import ApplicationStatus, BulkActionKind, BulkActionStatus, EventKind


class Application(models.Model):
    """An organization's application to a call, from the first draft to the decision.

    While the applicant fills the form, what they typed lives in `form_data` (the
    wizard's storage, saved on every step and autosave; `form_step` is the step they
    last opened). Submitting copies it into `Answer` rows and a `Submission` record;
    `form_data` stays the working copy for edits until the deadline.
    """

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    reference = models.CharField(_("reference"), max_length=24, blank=True)
    reference_number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    form_data = models.JSONField(default=dict, blank=True, editable=False)
    form_saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    form_step = models.CharField(max_length=30, blank=True, editable=False)
    profile_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    eligible_at_submission = models.BooleanField(null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=Q(status=ApplicationStatus.DRAFT),
                name="application_one_draft_per_call",
            ),
            models.UniqueConstraint(
                fields=["call", "reference_number"], name="application_reference_unique"
            ),
            models.CheckConstraint(
                condition=(Q(submitted_at__isnull=True) & Q(reference_number__isnull=True))
                | (Q(submitted_at__isnull=False) & Q(reference_number__isnull=False)),
                name="application_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
                | Q(submitted_at__isnull=False),
                name="application_received_was_submitted",
            ),
        ]

    def __str__(self):
        return self.reference or _("Draft application %(pk)s") % {"pk": self.pk}

    @property
    def submitted_profile(self) -> dict:
        """The organization's profile as it was when the application was last submitted."""
        return (self.profile_snapshot or {}).get("profile") or {}

    @property
    def form_version(self) -> str:
        """Changes with every save of the working copy; a page holds the version it shows."""
        return str(int(self.form_saved_at.timestamp() * 1_000_000)) if self.form_saved_at else "0"


class Answer(models.Model):
    """The submitted answer to one question (the latest submission's)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self):
        return f"{self.application} — {self.question_id}"


def attachment_path(attachment, filename):
    """Server-generated path: nothing the applicant named reaches the file system."""
    return f"applications/{attachment.application.call_id}/{uuid.uuid4().hex}{attachment.extension}"


class Attachment(models.Model):
    """A file sent for a file question; several files may make one document (photos)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Removed from the working copy; kept while the last submission holds it."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return {
            "application/pdf": ".pdf",
            "image/jpeg": ".jpg",
            "image/png": ".png",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
            "application/vnd.oasis.opendocument.text": ".odt",
        }.get(self.content_type, "")


class Submission(models.Model):
    """One (re-)submission: what was sent, when and by whom."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(default=dict)
    profile = models.JSONField(default=dict)
    attachments = models.JSONField(default=list)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="submission_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.application} #{self.number}"


class ApplicationEvent(models.Model):
    """The history of an application: who did what, when (the audit trail)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application} — {self.get_kind_display()}"


class DocumentRequest(models.Model):
    """A document the organizers ask for after submission, to send within a window.

    It names a file question of the call's form or, for a document the form did not ask
    for, a free `label`. The applicant sends the file on its own page: the rest of the
    application stays locked and its submitted record untouched. The file is kept here,
    checked like an attachment (`submissions.files.check_file`).
    """

    class Status(models.TextChoices):
        """Derived from the dates by `status_at`, never stored."""

        OPEN = "open", pgettext_lazy("document request status", "Waiting for the document")
        FULFILLED = "fulfilled", pgettext_lazy("document request status", "Received")
        EXPIRED = "expired", pgettext_lazy("document request status", "Window closed")
        CANCELLED = "cancelled", pgettext_lazy("document request status", "Cancelled")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="document_requests"
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_requests",
        verbose_name=_("question of the form"),
    )
    label = models.CharField(_("document"), max_length=200, blank=True)
    # As written; `message_<language>` is what an applicant reading that language gets
    # (`message_in`), this one when theirs is empty.
    message = models.TextField(_("message to the applicant"))
    message_fr = models.TextField(_("message in French"), blank=True)
    message_ar = models.TextField(_("message in Arabic"), blank=True)
    message_en = models.TextField(_("message in English"), blank=True)
    due_at = models.DateTimeField(_("to send before"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    fulfilled_at = models.DateTimeField(_("received at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    provided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | ~Q(label=""),
                name="document_request_names_a_document",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("requested_at")),
                name="document_request_due_after_requested",
            ),
            models.CheckConstraint(
                condition=(Q(fulfilled_at__isnull=True) & Q(file=""))
                | (Q(fulfilled_at__isnull=False) & ~Q(file="")),
                name="document_request_fulfilled_has_file",
            ),
            models.CheckConstraint(
                condition=Q(fulfilled_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="document_request_fulfilled_or_cancelled",
            ),
        ]

    def __str__(self):
        return f"{self.application} — {self.title}"

    # Where the file goes and its extension: as for an attachment.
    extension = Attachment.extension

    @property
    def title(self) -> str:
        """What is asked: the organizer's words, else the form question's label."""
        return self.label or (self.question.label if self.question_id else "")

    def message_in(self, language: str) -> str:
        """The message for an applicant reading `language`."""
        return getattr(self, f"message_{language}", "") or self.message

    @property
    def localized_message(self) -> str:
        """The message in the active language (the e-mail's, the page's)."""
        return self.message_in(get_language())

    @property
    def translated_messages(self) -> list[tuple[str, str]]:
        """(field name, text) of each language the organizer wrote the message in."""
        fields = (self._meta.get_field(f"message_{code}") for code, _name in settings.LANGUAGES)
        return [
            (field.verbose_name, getattr(self, field.name))
            for field in fields
            if getattr(self, field.name)
        ]

    def status_at(self, moment) -> str:
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.fulfilled_at:
            return self.Status.FULFILLED
        if moment >= self.due_at:
            return self.Status.EXPIRED
        return self.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class BulkAction(models.Model):
    """A bulk action an organizer confirmed on the applications list, carried out in the
    background on the applications selected at that moment (`application_ids`).

    `token` comes with the confirmation form: confirming twice (a double click, a second
    tab) finds the first action instead of starting another.
    """

    token = models.UUIDField(unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="bulk_actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_actions"
    )
    kind = models.CharField(max_length=20, choices=BulkActionKind.choices)
    application_ids = models.JSONField(default=list)
    # screening: {"to", "reason"}; message: {"subject", "body"}; both: "query", the list's
    # filter to go back to.
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=BulkActionStatus.choices, default=BulkActionStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk action")
        verbose_name_plural = _("bulk actions")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.call}"

    @property
    def percent(self) -> int:
        if self.status == BulkActionStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
