"""Excel exports of the deliberation: the ranking with every juror's score per criterion,
raw and normalized; the minutes as locked."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Region
from awards.enums import RankBy
from awards.minutes import decision_label
from awards.services.deliberation import deliberation_of, deliberation_scoreboard
from exports.registry import register


def _region(code: str) -> str:
    return Region(code).label if code in Region.values else code


def _rounded(value, digits=2):
    return None if value is None else round(float(value), digits)


def _deliberation(call):
    deliberation = deliberation_of(call)
    if deliberation is None:
        raise ValidationError(_("No round of this call has a jury yet: there is nothing to rank."))
    return deliberation


@register(
    kind="ranking",
    label=gettext_lazy("Ranking with every score"),
    filename="ranking-{slug}-{date}.xlsx",
)
def build_ranking(*, export, workbook, progress):
    deliberation = _deliberation(export.call)
    board = deliberation_scoreboard(deliberation)
    decisions = {
        d.application_id: d for d in deliberation.decisions.select_related("prize_category")
    }
    total = 2 * len(board.entries)
    ranking = workbook.sheet(
        _("Ranking"),
        headers=[
            _("Rank"),
            _("Tied"),
            _("Reference"),
            _("Organization"),
            _("Region"),
            _("Mean /100"),
            _("Normalized /100"),
            _("Median"),
            _("Spread"),
            _("Evaluations"),
            _("Assigned"),
            _("Flagged for discussion"),
            _("Decision"),
            _("Justification"),
        ],
        widths=[7, 7, 16, 32, 22, 10, 12, 9, 9, 11, 10, 12, 28, 40],
    )
    for done, entry in enumerate(board.entries, 1):
        profile = entry.application.submitted_profile
        decision = decisions.get(entry.application.pk)
        ranking.append(
            [
                entry.position,
                _("yes") if entry.row and entry.row.tied else "",
                entry.application.reference,
                profile.get("name", ""),
                _region(profile.get("region", "")),
                _rounded(entry.summary.mean),
                _rounded(entry.normalized_mean),
                _rounded(entry.summary.median),
                _rounded(entry.summary.spread),
                entry.summary.count,
                entry.assigned,
                _("yes") if entry.flagged else "",
                decision_label(_decision_row(decision), {}) if decision else "",
                decision.justification if decision else "",
            ]
        )
        progress(done, total)
    scores = workbook.sheet(
        _("Scores"),
        headers=[
            _("Reference"),
            _("Organization"),
            _("Juror"),
            *[f"{c.label} ({c.weight} %)" for c in board.criteria],
            _("Total /100"),
            _("Normalized /100"),
            _("Overall comment"),
        ],
        widths=[16, 32, 24, *[14 for _c in board.criteria], 10, 12, 50],
    )
    for done, entry in enumerate(board.entries, len(board.entries) + 1):
        for evaluation in entry.evaluations:
            user = evaluation.member.user
            scores.append(
                [
                    entry.application.reference,
                    entry.application.submitted_profile.get("name", ""),
                    user.full_name or user.email,
                    *[_rounded(value) for value in evaluation.values],
                    _rounded(evaluation.total),
                    _rounded(evaluation.normalized),
                    evaluation.overall_comment,
                ]
            )
        progress(done, total)
    agreement = workbook.sheet(
        _("Agreement"), headers=[_("Measured on"), _("Alpha"), _("Reading")], widths=[40, 10, 60]
    )
    agreement.append([_("Totals"), _rounded(board.agreement.alpha, 4), board.agreement.reading])
    for criterion, measure in board.criterion_agreements:
        agreement.append([criterion.label, _rounded(measure.alpha, 4), measure.reading])
    agreement.append([_("Ranked by"), None, str(RankBy(board.policy.rank_by).label)])


def _decision_row(decision) -> dict:
    return {
        "outcome": decision.outcome,
        "prize_category": decision.prize_category_id,
        "prize_label": decision.prize_category.label if decision.prize_category else "",
        "amount_mad": decision.amount_mad,
    }


@register(
    kind="minutes",
    label=gettext_lazy("Deliberation minutes"),
    filename="minutes-{slug}-{date}.xlsx",
)
def build_minutes(*, export, workbook, progress):
    deliberation = _deliberation(export.call)
    if not deliberation.is_locked:
        raise ValidationError(_("Lock the deliberation first: the minutes are written then."))
    snapshot = deliberation.minutes
    rows = snapshot["rows"]
    sheet = workbook.sheet(
        _("Minutes"),
        headers=[
            _("Rank"),
            _("Reference"),
            _("Organization"),
            _("Region"),
            _("Mean /100"),
            _("Normalized /100"),
            _("Evaluations"),
            _("Decision"),
            _("Justification"),
            _("Decided by"),
            _("Decided at"),
        ],
        widths=[7, 16, 32, 22, 10, 12, 11, 30, 40, 22, 20],
    )
    prize_labels = {c.pk: c.label for c in export.call.prize_categories.all()}
    for done, row in enumerate(rows, 1):
        sheet.append(
            [
                row["position"],
                row["reference"],
                row["organization"],
                _region(row["region"]),
                _rounded(row["raw_mean"]),
                _rounded(row["normalized_mean"]),
                row["evaluations"],
                decision_label(row, prize_labels) if row.get("outcome") else "",
                row["justification"],
                row["decided_by"],
                datetime.datetime.fromisoformat(row["decided_at"]) if row["decided_at"] else None,
            ]
        )
        progress(done, len(rows))
