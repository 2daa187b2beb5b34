"""Reports: a call's dashboard for its organizers, and the public impact page with its
downloads (aggregated counts only: no applicant, organization, e-mail or reference)."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from calls.selectors import call_for_organizer
from exports.cells import SafeWorkbook, looks_like_formula
from exports.registry import XLSX_CONTENT_TYPE
from portal.permissions import role_required
from reports import charts, selectors

backoffice = role_required("calls.open_backoffice")

# The downloads hold no personal data: shared caches may keep them a while.
DOWNLOAD_MAX_AGE = 600


def _share_bars(slices):
    return [
        charts.Bar(item.label, item.count, f"{charts.number(item.count)} · {item.share:g} %")
        for item in slices
    ]


def _breakdown_charts(breakdown: selectors.Breakdown, *, prefix: str, rtl: bool) -> dict:
    """The region, legal form, sector and women's share charts of `breakdown`."""
    total = breakdown.total
    regions = charts.bar_chart(
        [charts.Bar(item.label, item.count) for item in breakdown.regions],
        chart_id=f"{prefix}-regions",
        title=_("Applications by region"),
        description=_("%(total)s applications across Morocco's 12 regions, north to south.")
        % {"total": charts.number(total)},
        rtl=rtl,
    )
    legal_forms = charts.bar_chart(
        [charts.Bar(item.label, item.count) for item in breakdown.legal_forms],
        chart_id=f"{prefix}-legal-forms",
        title=_("Applications by legal form"),
        description=_("%(total)s applications.") % {"total": charts.number(total)},
        rtl=rtl,
    )
    sectors = charts.bar_chart(
        [charts.Bar(item.label, item.count) for item in breakdown.sectors if item.count]
        or [charts.Bar(item.label, 0) for item in breakdown.sectors[:3]],
        chart_id=f"{prefix}-sectors",
        title=_("Applications by sector"),
        description=_("Sectors with at least one application, the largest first."),
        rtl=rtl,
    )
    women = charts.stacked_bar(
        [charts.Bar(item.label, item.count) for item in breakdown.shares.women_bands],
        chart_id=f"{prefix}-women",
        title=_("Women's share of members"),
        description=_("Applications by the share of women among the organization's members."),
        rtl=rtl,
    )
    return {"regions": regions, "legal_forms": legal_forms, "sectors": sectors, "women": women}


# --- the call's dashboard -------------------------------------------------------------


@backoffice
@require_safe
def dashboard(request, slug):
    call = call_for_organizer(user=request.user, slug=slug)
    board = selectors.call_dashboard(call=call)
    rtl = get_language_bidi()
    funnel = board.funnel
    stages = [charts.Bar(label, count) for key, label, count in funnel.stages() if key != "drafts"]
    day_format = get_format("MONTH_DAY_FORMAT")
    chart = {
        "funnel": charts.funnel_chart(
            stages,
            chart_id="chart-funnel",
            title=_("From the first draft to the winners"),
            description=_(
                "Each bar counts what reached the stage; the percentage is of the accounts "
                "that started an application."
            ),
            rtl=rtl,
            kept_label="{value} · {percent} %",
        ),
        **_breakdown_charts(board.breakdown, prefix="chart", rtl=rtl),
    }
    if board.days:
        chart["days"] = charts.line_chart(
            [
                charts.Series(
                    _("Accounts that started an application"),
                    [day.started_total for day in board.days],
                ),
                charts.Series(
                    _("Applications received"), [day.submitted_total for day in board.days]
                ),
            ],
            x_labels=[date_format(day.date, day_format) for day in board.days],
            chart_id="chart-days",
            title=_("Day by day since the call opened"),
            description=_(
                "Running totals at the end of each day (Morocco time), from %(first)s to %(last)s."
            )
            % {
                "first": date_format(board.days[0].date, day_format),
                "last": date_format(board.days[-1].date, day_format),
            },
            rtl=rtl,
        )
    if board.rounds:
        chart["jury"] = charts.bar_chart(
            [
                charts.Bar(
                    progress.round.get_kind_display(),
                    progress.percent,
                    f"{charts.number(progress.percent)} %",
                )
                for progress in board.rounds
            ],
            chart_id="chart-jury",
            title=_("Evaluations submitted, by round"),
            description=_("Percentage of the evaluations expected from each round's jury."),
            rtl=rtl,
            max_value=100,
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "call": call,
            "section": "dashboard",
            "board": board,
            "chart": chart,
            "days_newest_first": list(reversed(board.days)),
        },
    )


# --- the public impact page -----------------------------------------------------------


@require_safe
def impact_page(request):
    impact = selectors.impact_figures()
    rtl = get_language_bidi()
    chart = _breakdown_charts(impact.breakdown, prefix="impact", rtl=rtl)
    return render(
        request,
        "reports/impact.html",
        {"impact": impact, "chart": chart},
    )


def _filename(extension: str) -> str:
    return f"impact-{timezone.localdate():%Y-%m-%d}-{get_language()}.{extension}"


def _download(response: HttpResponse, extension: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    patch_cache_control(response, public=True, max_age=DOWNLOAD_MAX_AGE)
    return response


def _csv_text(value) -> str:
    """A value as CSV text a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


@require_safe
def impact_csv(request):
    """Every impact table in one long CSV: table, row, column, value."""
    impact = selectors.impact_figures()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Table"), _("Row"), _("Column"), _("Value")])
    for _key, title, headers, rows in selectors.impact_tables(impact):
        for row in rows:
            label, *values = row
            for header, value in zip(headers[1:], values, strict=True):
                writer.writerow([_csv_text(title), _csv_text(label), header, _csv_text(value)])
    # A byte order mark, so that Excel reads Arabic and accents as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _download(response, "csv")


@require_safe
def impact_xlsx(request):
    """The impact tables, one sheet each, text that looks like a formula kept as text."""
    impact = selectors.impact_figures()
    workbook = SafeWorkbook()
    for _key, title, headers, rows in selectors.impact_tables(impact):
        sheet = workbook.sheet(title, headers=headers, widths=[40] + [18] * (len(headers) - 1))
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return _download(HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE), "xlsx")
