from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import Outcome, PromotionRule, RankBy, TieBreak
from calls.models import Call, PrizeCategory, Round
from submissions.models import Application

DEFAULT_TIE_BREAKS = [
    TieBreak.NORMALIZED_MEAN.value,
    TieBreak.HEAVIEST_CRITERION.value,
    TieBreak.JURORS_PREFERRING.value,
]


class RankingPolicy(models.Model):
    """How a call ranks and picks its winners, fixed before the call opens so that the
    same scores always give the same ranking."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="ranking_policy")
    rank_by = models.CharField(
        _("rank by"), max_length=12, choices=RankBy.choices, default=RankBy.RAW
    )
    tie_breaks = models.JSONField(
        _("tie-breaks, in order"),
        default=list,
        blank=True,
        help_text=_("A tie that survives every rule is settled by the jury chair."),
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=2,
        default=25,
        help_text=_(
            "An application whose jurors' totals differ by more than this many points "
            "(out of 100) is flagged for discussion."
        ),
    )
    max_winners_per_region = models.PositiveSmallIntegerField(
        _("most winners per region"), null=True, blank=True
    )
    min_women_led_share = models.PositiveSmallIntegerField(
        _("least share of women-led winners (%)"),
        null=True,
        blank=True,
        help_text=_("Women-led: at least half of the members are women."),
    )
    min_youth_led_share = models.PositiveSmallIntegerField(
        _("least share of youth-led winners (%)"),
        null=True,
        blank=True,
        help_text=_("Youth-led: at least half of the members are under 35."),
    )
    one_prize_per_organization = models.BooleanField(_("one prize per organization"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ranking policy")
        verbose_name_plural = _("ranking policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_women_led_share__lte=100) | Q(min_women_led_share__isnull=True),
                name="policy_women_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(min_youth_led_share__lte=100) | Q(min_youth_led_share__isnull=True),
                name="policy_youth_share_percent",
            ),
        ]

    def __str__(self):
        return str(self.call)


class Promotion(models.Model):
    """Applications moved from one round to the next, and by which rule."""

    from_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="promotions")
    rule = models.CharField(_("rule"), max_length=10, choices=PromotionRule.choices)
    value = models.DecimalField(_("number or score"), max_digits=7, decimal_places=2)
    promoted = models.JSONField(default=list, editable=False)
    not_promoted = models.JSONField(default=list, editable=False)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        constraints = [
            models.UniqueConstraint(fields=["from_round"], name="promotion_once_per_round")
        ]

    def __str__(self):
        return f"{self.from_round} ({self.get_rule_display()} {self.value})"


class Deliberation(models.Model):
    """The deliberation of a call on its last scored round: decisions, then locked with its
    minutes (the ranking as it stood, who decided what and when)."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="deliberation")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    chair_order = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Application ids in the order the chair settled the ties that remained."),
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")
        constraints = [
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | ~Q(minutes={}),
                name="deliberation_locked_has_minutes",
            )
        ]

    def __str__(self):
        return str(self.call)

    @property
    def is_locked(self):
        return self.locked_at is not None


class Decision(models.Model):
    """What the deliberation decided for one application, and why."""

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="decisions"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    prize_category = models.ForeignKey(
        PrizeCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("prize"),
    )
    amount_mad = models.PositiveIntegerField(_("amount (MAD)"), default=0)
    justification = models.TextField(_("justification"))
    public_summary = models.CharField(
        _("project summary for the results page"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown with the winner on the public results page."),
    )
    follows_proposal = models.BooleanField(
        default=True, help_text=_("False when the organizers overrode the proposed winners.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=Outcome.PRIZE, prize_category__isnull=False)
                | (~Q(outcome=Outcome.PRIZE) & Q(prize_category__isnull=True, amount_mad=0)),
                name="decision_prize_has_category",
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="decision_justified"),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"


class ResultsPublication(models.Model):
    """The public results of a call: the announcement, when it goes out, and the result
    notices to every applicant, prepared as drafts and released together."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="publication")
    announcement = models.TextField(_("announcement"), blank=True)
    scheduled_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    include_feedback = models.BooleanField(
        _("send the jurors' comments as feedback"),
        default=False,
        help_text=_("Comments are sent without the jurors' names."),
    )
    notices_prepared_at = models.DateTimeField(null=True, blank=True)
    notices_released_at = models.DateTimeField(null=True, blank=True)
    notices_released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("results publication")
        verbose_name_plural = _("results publications")

    def __str__(self):
        return str(self.call)


class ResultNotice(models.Model):
    """The result e-mail of one application: a draft until released, then written to the
    outbox once (the unique message link makes a second release a no-op)."""

    publication = models.ForeignKey(
        ResultsPublication, on_delete=models.CASCADE, related_name="notices"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="result_notice"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    language = models.CharField(_("language"), max_length=2)
    feedback = models.TextField(_("feedback"), blank=True)
    message = models.OneToOneField(
        "notifications.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="result_notice",
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("result notice")
        verbose_name_plural = _("result notices")
        indexes = [models.Index(fields=["publication", "released_at"], name="notice_release_idx")]

    def __str__(self):
        return f"{self.application} ({self.get_outcome_display()})"
