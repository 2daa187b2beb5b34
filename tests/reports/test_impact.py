"""The public impact page and its downloads: only published calls that have closed
count, prizes once their results are public; counts only, never a name, an e-mail or a
reference; the same number of queries for one call or three."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.enums import Region
from calls.models import Call
from reports import selectors
from submissions.models import Application
from tests.awards.factories import decided_call, eligible_application, publish
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def url(name, language="fr"):
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def calls():
    """A call with public results (2 prizes: 120 000 and 50 000 MAD, a special mention,
    one not selected), a closed call still in deliberation, an open call and a closed
    call taken offline: the last two must not count."""
    published = decided_call()
    publish(published.call)
    deliberating = decided_call(lock=False)
    open_call = CallFactory()
    eligible_application(open_call, name="Coopérative Encore Ouverte", region="oriental")
    offline = decided_call()
    Call.objects.filter(pk=offline.call.pk).update(is_published=False)
    return {
        "published": published,
        "deliberating": deliberating,
        "open": open_call,
        "offline": offline,
    }


def personal_data() -> list[str]:
    """Every applicant's e-mail, organization name and application reference."""
    values = []
    for application in Application.objects.select_related("applicant", "organization"):
        values += [application.applicant.email, application.organization.name]
        values.append(application.reference)
    return [value for value in values if value]


def test_only_published_calls_that_have_closed_count(calls):
    impact = selectors.impact_figures()

    assert {line.call for line in impact.calls} == {
        calls["published"].call,
        calls["deliberating"].call,
    }
    assert impact.call_count == 2
    assert impact.received == 8
    assert impact.organizations == 8
    regions = {item.value: item.count for item in impact.breakdown.regions}
    assert regions[Region.SOUSS_MASSA] == 4
    assert regions[Region.DRAA_TAFILALET] == 2
    assert regions[Region.ORIENTAL] == 2  # the open call's oriental applicant left out
    assert len(regions) == 12


def test_prizes_count_once_results_are_public(calls):
    impact = selectors.impact_figures()

    assert impact.awards == selectors.Awards(
        amount_mad=170_000, prizes=2, special_mentions=1, organizations=3
    )
    lines = {line.call: line for line in impact.calls}
    published = lines[calls["published"].call]
    deliberating = lines[calls["deliberating"].call]
    assert (published.results_public, published.amount_mad, published.laureates) == (
        True,
        170_000,
        3,
    )
    assert (deliberating.results_public, deliberating.amount_mad) == (False, 0)


def test_impact_page_states_its_scope_and_shows_the_figures(client, calls):
    response = client.get(url("impact:page"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-figure="calls">2<', html)
    assert re.search(r'data-figure="received">8<', html)
    assert re.search(r'data-figure="supported">3<', html)
    assert escape(calls["published"].call.title) in html
    assert escape(calls["offline"].call.title) not in html
    assert escape(calls["open"].title) not in html
    for chart in ("regions", "sectors", "legal-forms", "women"):
        assert f'<svg class="chart" id="impact-{chart}" role="img"' in html
    assert reverse("impact:data.csv") in html
    assert reverse("impact:data.xlsx") in html


def test_impact_page_in_arabic_reads_right_to_left(client, calls):
    response = client.get(url("impact:page", "ar"))

    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'direction="rtl"' in html


def test_no_personal_data_in_the_page_or_the_downloads(client, calls):
    page = client.get(url("impact:page")).content.decode()
    csv_text = client.get(url("impact:data.csv")).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(url("impact:data.xlsx")).content))
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )

    found = [
        value
        for value in personal_data()
        if value in page or escape(value) in page or value in csv_text or value in cells
    ]
    assert found == []


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_download_holds_the_aggregated_tables(client, calls):
    response = client.get(url("impact:data.csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="impact-')
    assert "public" in response["Cache-Control"]
    rows = csv_rows(response)
    assert rows[0] == [gettext("Table"), gettext("Row"), gettext("Column"), gettext("Value")]
    by_region = gettext("By region")
    applications = gettext("Applications")
    values = {(table, row, column): value for table, row, column, value in rows[1:]}
    assert values[(by_region, str(Region.SOUSS_MASSA.label), applications)] == "4"
    assert values[(by_region, str(Region.GUELMIM_OUED_NOUN.label), applications)] == "0"
    summary = gettext("Summary")
    assert values[(summary, gettext("Amount awarded (MAD)"), gettext("Value"))] == "170000"
    assert values[(summary, gettext("Calls covered"), gettext("Value"))] == "2"
    by_call = gettext("By call")
    title = calls["deliberating"].call.title
    assert values[(by_call, title, gettext("Applications received"))] == "4"
    assert values[(by_call, title, gettext("Amount awarded (MAD)"))] == ""


def test_xlsx_download_has_one_sheet_per_table(client, calls):
    response = client.get(url("impact:data.xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        gettext(title)[:31]
        for title in (
            "Summary",
            "By region",
            "By sector",
            "By legal form",
            "Women's share of members",
            "By call",
        )
    ]
    regions = list(workbook[gettext("By region")].iter_rows(values_only=True))
    assert regions[0] == (
        gettext("Region"),
        gettext("Applications"),
        gettext("Share of applications (%)"),
    )
    assert len(regions) == 13
    assert (str(Region.SOUSS_MASSA.label), 4, 50) in regions
    by_call = list(workbook[gettext("By call")].iter_rows(values_only=True))
    published = next(row for row in by_call if row[0] == calls["published"].call.title)
    assert published[2:] == (4, 4, 3, 170_000)


def test_call_titles_that_look_like_formulas_stay_text(client):
    decided = decided_call(title_fr='=HYPERLINK("http://evil.example")')
    publish(decided.call)

    rows = csv_rows(client.get(url("impact:data.csv")))
    workbook = load_workbook(io.BytesIO(client.get(url("impact:data.xlsx")).content))

    assert '\'=HYPERLINK("http://evil.example")' in [row[1] for row in rows]
    cell = next(row[0] for row in workbook[gettext("By call")].iter_rows(min_row=2) if row[0].value)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (
        '=HYPERLINK("http://evil.example")',
        "s",
        True,
    )


def test_impact_page_without_any_closed_call(client):
    CallFactory()  # open

    response = client.get(url("impact:page"))

    assert response.status_code == 200
    assert response.context["impact"].call_count == 0


@pytest.mark.parametrize("count", [1, 3])
def test_impact_query_count_does_not_grow_with_calls(client, assert_num_queries, count):
    for _n in range(count):
        publish(decided_call().call)

    with assert_num_queries(6):
        response = client.get(url("impact:page"))
    with assert_num_queries(6):
        client.get(url("impact:data.csv"))
    with assert_num_queries(6):
        client.get(url("impact:data.xlsx"))

    assert response.context["impact"].call_count == count
