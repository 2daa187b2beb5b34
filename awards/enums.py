from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RankBy(models.TextChoices):
    """Which mean orders the ranking; the other is always shown beside it."""

    RAW = "raw", _("Mean of the jurors' totals")
    NORMALIZED = "normalized", _("Mean after per-juror normalization")


class TieBreak(models.TextChoices):
    """The rules that order applications with the same mean, applied in the call's order."""

    NORMALIZED_MEAN = "normalized-mean", _("Higher mean after per-juror normalization")
    RAW_MEAN = "raw-mean", _("Higher mean of the jurors' totals")
    MEDIAN = "median", _("Higher median of the jurors' totals")
    HEAVIEST_CRITERION = "heaviest-criterion", _("Higher mean on the heaviest criterion")
    JURORS_PREFERRING = (
        "jurors-preferring",
        _("More jurors scoring it above the other tied applications"),
    )


class Outcome(models.TextChoices):
    PRIZE = "prize", pgettext_lazy("decision", "Prize")
    SPECIAL_MENTION = "special-mention", pgettext_lazy("decision", "Special mention")
    NOT_SELECTED = "not-selected", pgettext_lazy("decision", "Not selected")


class PromotionRule(models.TextChoices):
    TOP = "top", _("The best-ranked applications, up to a number")
    THRESHOLD = "threshold", _("Every application with a mean at or above a score")
