import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Round
from juries.enums import AssignmentSource, EvaluationStatus, MemberRole
from submissions.models import Application


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


class Jury(models.Model):
    """The panel that evaluates the applications of one round of a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="juries")
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="jury")
    deadline = models.DateTimeField(_("deadline for evaluations"), null=True, blank=True)
    jurors_per_application = models.PositiveSmallIntegerField(
        _("jurors per application"), default=3
    )
    scores_visible_after_submit = models.BooleanField(
        _("jurors see each other's scores"),
        default=False,
        help_text=_("Only after submitting their own evaluation of the application."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("juries")
        constraints = [
            models.CheckConstraint(
                condition=Q(jurors_per_application__gte=1), name="jury_at_least_one_juror"
            )
        ]

    def __str__(self):
        return f"{self.call} — {self.round}"


class JuryMember(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    max_assignments = models.PositiveSmallIntegerField(
        _("most applications"), default=20, help_text=_("The most this juror evaluates.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("A removed juror keeps no assignment to do.")
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["jury", "-role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "user"], name="jury_member_once"),
            models.UniqueConstraint(
                fields=["jury"], condition=Q(role=MemberRole.CHAIR), name="jury_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class JuryInvitation(models.Model):
    """An invitation sent by e-mail; its link leads to sign-up or login, then acceptance."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    max_assignments = models.PositiveSmallIntegerField(_("most applications"), default=20)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    member = models.OneToOneField(
        JuryMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    class Meta:
        verbose_name = _("jury invitation")
        verbose_name_plural = _("jury invitations")
        constraints = [
            models.UniqueConstraint(fields=["jury", "email"], name="jury_invitation_once")
        ]

    def __str__(self):
        return self.email


class ConflictDeclaration(models.Model):
    """A juror's declared conflict of interest, with an organization or an application."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=True, application__isnull=False)
                | Q(organization__isnull=False, application__isnull=True),
                name="conflict_names_one_target",
            ),
            models.UniqueConstraint(
                fields=["juror", "organization"],
                condition=Q(organization__isnull=False),
                name="conflict_organization_once",
            ),
            models.UniqueConstraint(
                fields=["juror", "application"],
                condition=Q(application__isnull=False),
                name="conflict_application_once",
            ),
        ]

    def __str__(self):
        return f"{self.juror} ≠ {self.organization or self.application}"


class Criterion(models.Model):
    """A line of a round's scoring grid."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(
        _("guidance"), blank=True, help_text=_("What a low, a middle and a high score look like.")
    )
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    min_score = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=F("min_score")), name="criterion_scale_ordered"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_percent"
            ),
        ]

    def __str__(self):
        return self.label


class Assignment(models.Model):
    """An application given to a juror to evaluate, in a jury's round."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    source = models.CharField(max_length=10, choices=AssignmentSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application"], name="assignment_once_per_juror"
            )
        ]

    def __str__(self):
        return f"{self.application} → {self.member}"


class Evaluation(models.Model):
    """A juror's evaluation of an assigned application: a draft, then submitted (locked)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="evaluation"
    )
    status = models.CharField(
        max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    overall_comment = models.TextField(_("overall comment"), blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text=_("Raised by every save: a stale tab cannot overwrite a newer one.")
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=EvaluationStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="evaluation_submitted_has_date",
            )
        ]

    def __str__(self):
        return f"{self.assignment} ({self.get_status_display()})"


class Score(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="score_once_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Reminder(models.Model):
    """A reminder sent to a juror, once per occasion ("3 days before", a manual nudge)."""

    member = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="reminders")
    occasion = models.CharField(max_length=60)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["member", "occasion"], name="reminder_once")]

    def __str__(self):
        return f"{self.member} — {self.occasion}"
