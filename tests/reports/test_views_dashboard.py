"""A call's dashboard: who may open it, what it shows (funnel, days, breakdowns, jury),
its charts (accessible SVG, right to left in Arabic) and its constant query count."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.enums import Region
from juries.models import Assignment, Evaluation
from reports import selectors
from tests.factories import CallFactory, OrganizationFactory, OrganizerFactory, SiteAdminFactory
from tests.juries.panel_fixtures import assign_all, build_panel, evaluate
from tests.reports.conftest import bulk_applications

pytestmark = pytest.mark.django_db


def dashboard_url(call, language="fr"):
    with translation.override(language):
        return reverse("reports_manage:dashboard", kwargs={"slug": call.slug})


def rows_of(html: str, attribute: str) -> dict[str, list[str]]:
    """`<tr data-…="key">` rows → their cells' texts."""
    rows = {}
    for key, body in re.findall(rf'<tr {attribute}="([^"]+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
        rows[key] = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
    return rows


# --- who may open it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [("organizer", 200), ("site_admin", 200), ("other_organizer", 404), ("applicant", 403)],
)
def test_dashboard_opens_to_the_calls_organizers_only(client, scene, person, expected):
    call, _applications = scene
    people = {
        "organizer": lambda: call.organizers.get(),
        "site_admin": lambda: SiteAdminFactory(password=None),
        "other_organizer": lambda: OrganizerFactory(password=None),
        "applicant": lambda: OrganizationFactory(owner__password=None).owner,
    }
    client.force_login(people[person]())

    assert client.get(dashboard_url(call)).status_code == expected


def test_anonymous_visitors_are_sent_to_log_in(client, scene):
    call, _applications = scene

    response = client.get(dashboard_url(call))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- what it shows --------------------------------------------------------------------


def test_dashboard_shows_the_phase_dates_and_funnel(client, scene):
    call, _applications = scene
    client.force_login(call.organizers.get())

    response = client.get(dashboard_url(call))

    assert response.status_code == 200
    board = response.context["board"]
    assert board.phase.status == "closed"
    assert response.context["section"] == "dashboard"
    html = response.content.decode()
    stages = {key: cells[-1] for key, cells in rows_of(html, "data-stage").items()}
    assert stages == {
        "started": "9",
        "drafts": "1",
        "submitted": "7",
        "eligible": "5",
        "shortlisted": "3",
        "winners": "1",
        "special_mentions": "1",
        "ineligible": "1",
        "withdrawn": "1",
    }


def test_region_breakdown_lists_all_twelve_regions_zeros_included(client, scene):
    call, _applications = scene
    client.force_login(call.organizers.get())

    response = client.get(dashboard_url(call))

    regions = response.context["board"].breakdown.regions
    assert [item.value for item in regions] == list(Region.values)
    assert sum(1 for item in regions if item.count == 0) == 8
    html = response.content.decode()
    for region in Region:
        assert escape(str(region.label)) in html


def test_daily_evolution_table_ends_at_the_funnels_figures(client, scene):
    call, _applications = scene
    client.force_login(call.organizers.get())

    response = client.get(dashboard_url(call))

    days = rows_of(response.content.decode(), "data-day")
    assert len(days) == 31  # 1 to 31 October 2025
    assert days["2025-10-31"][2] == "9"  # accounts, total
    assert days["2025-10-31"][4] == "7"  # applications received, total
    assert days["2025-10-03"][1:] == ["9", "9", "7", "7"]  # the withdrawn one left
    assert days["2025-10-02"][1:] == ["0", "0", "0", "0"]


def test_charts_are_named_images_with_their_numbers_in_words(client, scene):
    call, _applications = scene
    client.force_login(call.organizers.get())

    html = client.get(dashboard_url(call)).content.decode()

    for chart in ("funnel", "days", "regions", "sectors", "legal-forms", "women"):
        chart_id = f"chart-{chart}"
        assert re.search(
            rf'<svg class="chart" id="{chart_id}" role="img" '
            rf'aria-labelledby="{chart_id}-title {chart_id}-desc"',
            html,
        ), chart
        assert f'<title id="{chart_id}-title">' in html
        assert f'<desc id="{chart_id}-desc">' in html
    assert f'<title id="chart-funnel-title">{gettext("From the first draft to the winners")}' in (
        html
    )
    assert 'direction="ltr"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_arabic_dashboard_reads_right_to_left_and_mirrors_its_charts(client, scene):
    call, _applications = scene
    client.force_login(call.organizers.get())

    response = client.get(dashboard_url(call, "ar"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'direction="rtl"' in html
    assert 'direction="ltr"' not in html
    with translation.override("ar"):
        assert escape(str(Region.SOUSS_MASSA.label)) in html


def test_jury_progress_per_round(client):
    panel = build_panel(applications=2, jurors=2, k=2)
    assignments = assign_all(panel)
    evaluate(panel, assignments[0])
    client.force_login(panel.organizer)

    response = client.get(dashboard_url(panel.call))

    (progress,) = response.context["board"].rounds
    assert (progress.jurors, progress.assigned, progress.submitted, progress.percent) == (
        2,
        4,
        1,
        25,
    )
    row = rows_of(response.content.decode(), "data-round")[panel.round.kind]
    assert row[1:5] == ["2", "4", "1", "25"]
    assert 'id="chart-jury"' in response.content.decode()


def test_dashboard_jury_figures_agree_with_the_jury_progress_page():
    from juries.selectors.manage import jury_progress

    panel = build_panel(applications=3, jurors=2, k=2)
    assignments = assign_all(panel)
    evaluate(panel, assignments[0])
    evaluate(panel, assignments[1], submit=False)

    (progress,) = selectors.jury_rounds(call=panel.call)
    reference = jury_progress(jury=panel.jury)

    assert (progress.assigned, progress.submitted, progress.percent) == (
        reference.assigned,
        reference.submitted,
        reference.percent,
    )


def test_dashboard_of_a_call_not_yet_open_says_so(client, organizer):
    from django.utils import timezone

    call = CallFactory(
        organizers=[organizer],
        opens_at=timezone.now() + timezone.timedelta(days=3),
        closes_at=timezone.now() + timezone.timedelta(days=30),
    )
    client.force_login(organizer)

    response = client.get(dashboard_url(call))

    assert response.status_code == 200
    board = response.context["board"]
    assert board.days == []
    assert board.phase.status == "upcoming"
    assert board.phase.days_left == 3
    assert "chart-days" not in response.content.decode()


# --- query count ----------------------------------------------------------------------


def big_call(organizer, applications):
    """An open call with `applications` applications in bulk and a jury with assignments."""
    call = CallFactory(organizers=[organizer])
    panel = build_panel(applications=0, jurors=2, organizer=organizer, call=call)
    rows = bulk_applications(call, applications)
    members = panel.members
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(jury=panel.jury, member=members[n % 2], application=row, source="manual")
            for n, row in enumerate(rows)
            if row.status == "eligible"
        ]
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(assignment=assignment, status="submitted", submitted_at=call.opens_at)
            for assignment in assignments[::2]
        ]
    )
    return call


@pytest.mark.parametrize("applications", [10, 1000])
def test_dashboard_query_count_does_not_grow_with_applications(
    client, organizer, assert_num_queries, applications
):
    call = big_call(organizer, applications)
    client.force_login(organizer)

    with assert_num_queries(14):
        response = client.get(dashboard_url(call))

    assert response.status_code == 200
    assert response.context["board"].funnel.started == applications
