"""The deliberation minutes as a document, from the snapshot written when it was locked:
the same minutes whenever and in whichever language they are printed."""

import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts.enums import Region
from awards.enums import Outcome, RankBy
from awards.models import Deliberation
from awards.pdf import MinutesData, MinutesRow, minutes_pdf
from awards.ranking import tie_break_explanation
from awards.statistics import agreement_reading
from calls.enums import RoundKind
from juries.enums import MemberRole


def decision_label(row: dict, prize_labels: dict[int, str]) -> str:
    outcome = row.get("outcome")
    if outcome == Outcome.PRIZE:
        label = prize_labels.get(row.get("prize_category"), row.get("prize_label", ""))
        return f"{label} — {intcomma(row.get('amount_mad', 0))} MAD"
    return Outcome(outcome).label if outcome else _("No decision")


def agreement_line(alpha: float | None) -> str:
    if alpha is None:
        return agreement_reading(None)
    return f"α = {formats.number_format(alpha, 2)} — {agreement_reading(alpha)}"


def minutes_data(deliberation: Deliberation, *, language: str) -> MinutesData:
    snapshot = deliberation.minutes
    call = deliberation.call
    with translation.override(language):
        prize_labels = {c.pk: c.label for c in call.prize_categories.all()}
        decided_by = [
            (
                row["decided_by"],
                f"{row['reference']} — {decision_label(row, prize_labels)}",
                datetime.datetime.fromisoformat(row["decided_at"]),
            )
            for row in snapshot["rows"]
            if row.get("decided_at")
        ]
        return MinutesData(
            language=language,
            call_title=call.title,
            round_label=RoundKind(snapshot["round_kind"]).label,
            locked_at=deliberation.locked_at,
            locked_by=(deliberation.locked_by.full_name or deliberation.locked_by.email)
            if deliberation.locked_by
            else "",
            rank_by_label=str(RankBy(snapshot["rank_by"]).label),
            tie_breaks=[tie_break_explanation(rule) for rule in snapshot["tie_breaks"]]
            + [tie_break_explanation("chair")],
            agreement=agreement_line(snapshot.get("alpha")),
            jurors=[
                f"{juror['name']} ({MemberRole(juror['role']).label})"
                for juror in snapshot.get("jurors", [])
            ],
            rows=[
                MinutesRow(
                    position=row["position"],
                    reference=row["reference"],
                    organization=row["organization"],
                    region=Region(row["region"]).label
                    if row["region"] in Region.values
                    else row["region"],
                    raw_mean=row["raw_mean"],
                    normalized_mean=row["normalized_mean"],
                    evaluations=row["evaluations"],
                    decision=decision_label(row, prize_labels),
                    justification=row["justification"],
                )
                for row in snapshot["rows"]
            ],
            decided_by=sorted(decided_by, key=lambda line: line[2]),
        )


def minutes_pdf_for(deliberation: Deliberation, *, language: str) -> bytes:
    return minutes_pdf(minutes_data(deliberation, language=language))
