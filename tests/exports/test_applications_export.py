"""The applications export: one row per application received, the profile as submitted
and every answer as a column, formula-looking text kept as text."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.enums import LegalForm, Region, Sector
from accounts.models import Organization
from exports import services as export_services
from exports.cells import SafeWorkbook
from exports.enums import ExportStatus
from exports.models import Export
from submissions import services
from submissions.enums import ApplicationStatus
from submissions.exports import build_applications
from tests.exports.conftest import FORM_ORDER
from tests.factories import OrganizerFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIXED_COLUMNS = 6
PROFILE_COLUMNS = 12
# The answers' columns, then one listing the documents requested after submission.
ANSWERS = slice(FIXED_COLUMNS + PROFILE_COLUMNS, FIXED_COLUMNS + PROFILE_COLUMNS + len(FORM_ORDER))
REQUESTED = FIXED_COLUMNS + PROFILE_COLUMNS + len(FORM_ORDER)


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Ask for an export of the form's call as its organizer; built after commit."""

    def built(form_call, kind="applications", language="fr"):
        with django_capture_on_commit_callbacks(execute=True):
            export = export_services.export_request(
                call=form_call.call, kind=kind, actor=form_call.organizer, language=language
            )
        export.refresh_from_db()
        return export

    return built


def rows_of(export):
    with export.file.open("rb") as stored:
        workbook = load_workbook(stored)
    return workbook, [list(row) for row in workbook.active.iter_rows(values_only=True)]


def sheet_xml(export):
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def fr(text):
    with translation.override("fr"):
        return gettext(text)


def label(field):
    with translation.override("fr"):
        text = str(Organization._meta.get_field(field).verbose_name)
    return text[:1].upper() + text[1:]


def test_every_answer_is_a_column_headed_by_its_question_in_the_forms_order(form_call, build):
    form_call.apply()

    export = build(form_call)

    assert export.status == ExportStatus.READY
    today = timezone.localdate(export.created_at).isoformat()
    assert export.file.name.endswith(f"/applications-{form_call.call.slug}-{today}.xlsx")
    _workbook, rows = rows_of(export)
    headers = rows[0]
    assert headers[:FIXED_COLUMNS] == [
        fr("Reference"),
        fr("Status"),
        fr("Submitted at"),
        fr("Last submitted at"),
        fr("Eligible at submission"),
        fr("Applicant's e-mail"),
    ]
    assert headers[FIXED_COLUMNS : FIXED_COLUMNS + PROFILE_COLUMNS] == [
        fr("Organization"),
        label("legal_form"),
        label("registration_number"),
        label("region"),
        label("province"),
        label("sector"),
        label("founded_on"),
        label("members_count"),
        label("women_members_count"),
        label("youth_members_count"),
        fr("Women's share (%)"),
        label("contact_phone"),
    ]
    assert headers[ANSWERS] == [f"Question « {name} »" for name in FORM_ORDER]
    assert headers[REQUESTED:] == [fr("Documents requested after submission")]


def test_the_row_holds_the_application_its_submitted_profile_and_its_answers(form_call, build):
    application = form_call.apply(
        name="Coopérative Tifawin",
        files=[("statutes", "statuts.pdf"), ("photos", "photo-1.pdf"), ("photos", "photo-2.pdf")],
    )
    # The profile changes after the submission: the export keeps the submitted one.
    Organization.objects.filter(pk=application.organization_id).update(name="Renamed")

    _workbook, rows = rows_of(build(form_call))

    assert len(rows) == 2
    row = rows[1]
    submitted = timezone.localtime(application.submitted_at).replace(tzinfo=None)
    assert row[0] == application.reference
    assert row[1] == fr(ApplicationStatus.SUBMITTED.label)
    assert abs(row[2] - submitted) < datetime.timedelta(seconds=1)
    assert abs(row[3] - submitted) < datetime.timedelta(seconds=1)
    assert row[4] == fr("Yes")
    assert row[5] == application.applicant.email
    with translation.override("fr"):
        labels = [str(LegalForm.COOPERATIVE.label), str(Region.SOUSS_MASSA.label)]
        labels.append(str(Sector.ARGAN.label))
    assert row[FIXED_COLUMNS : FIXED_COLUMNS + PROFILE_COLUMNS] == [
        "Coopérative Tifawin",
        labels[0],
        application.submitted_profile["registration_number"],
        labels[1],
        "Taroudant",
        labels[2],
        datetime.datetime(2019, 3, 14),
        24,
        20,
        9,
        83.3,
        "+212612345678",
    ]
    answers = dict(zip(FORM_ORDER, row[ANSWERS], strict=True))
    assert answers == {
        "project": "Séchoir solaire collectif",
        "summary": "Sécher le safran\nsans perte de qualité.",
        "budget": 85000,
        "share": 12.5,
        "start": datetime.datetime(2027, 1, 15),
        "sector": "Safran",
        "markets": "Marché local; Export",
        "training": fr("Yes"),
        "statutes": "statuts.pdf",
        "photos": "photo-1.pdf; photo-2.pdf",
    }


def test_numbers_and_dates_are_numbers_and_dates_for_the_spreadsheet(form_call, build):
    form_call.apply()

    workbook, _rows = rows_of(build(form_call))

    cells = dict(
        zip(FORM_ORDER, list(workbook.active.iter_rows(min_row=2))[0][ANSWERS], strict=True)
    )
    assert cells["budget"].data_type == "n"
    assert cells["share"].data_type == "n"
    assert cells["start"].is_date
    assert cells["summary"].data_type == "s"


def test_headers_and_choices_are_in_the_language_the_export_was_asked_in(form_call, build):
    form_call.apply(training=False)

    _workbook, rows = rows_of(build(form_call, language="en"))

    assert rows[0][ANSWERS] == [f"Question “{name}”" for name in FORM_ORDER]
    answers = dict(zip(FORM_ORDER, rows[1][ANSWERS], strict=True))
    with translation.override("en"):
        assert rows[0][0] == gettext("Reference")
        assert answers["training"] == gettext("No")
    assert answers["sector"] == "Saffron"
    assert answers["markets"] == "Local market; Export"


DANGEROUS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2", "@SUM(A1)"]


def test_names_and_answers_that_look_like_formulas_stay_text(form_call, build):
    for text in DANGEROUS:
        form_call.apply(name=text, project=text, summary=f"{text}\n=1+1")

    export = build(form_call)

    workbook, rows = rows_of(export)
    organization_cells = [row[FIXED_COLUMNS] for row in workbook.active.iter_rows(min_row=2)]
    project_cells = [
        row[FIXED_COLUMNS + PROFILE_COLUMNS] for row in workbook.active.iter_rows(min_row=2)
    ]
    for cells in (organization_cells, project_cells):
        assert [cell.value for cell in cells] == DANGEROUS
        assert {cell.data_type for cell in cells} == {"s"}
        assert all(cell.quotePrefix for cell in cells)
    summaries = [row[FIXED_COLUMNS + PROFILE_COLUMNS + 1] for row in rows[1:]]
    assert summaries == [f"{text}\n=1+1" for text in DANGEROUS]
    phones = {row[FIXED_COLUMNS + PROFILE_COLUMNS - 1] for row in rows[1:]}
    assert phones == {"+212612345678"}
    xml = sheet_xml(export)
    assert "<f>" not in xml
    assert "<f " not in xml


def test_withdrawn_applications_are_listed_with_their_status_and_drafts_are_not(form_call, build):
    kept = form_call.apply()
    withdrawn = form_call.apply()
    services.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    form_call.apply(submit=False)
    discarded = form_call.apply(submit=False)
    services.application_withdraw(application=discarded, actor=discarded.applicant)

    _workbook, rows = rows_of(build(form_call))

    assert [row[:2] for row in rows[1:]] == [
        [kept.reference, fr(ApplicationStatus.SUBMITTED.label)],
        [withdrawn.reference, fr(ApplicationStatus.WITHDRAWN.label)],
    ]


def test_an_application_without_an_optional_answer_leaves_its_cell_empty(form_call, build):
    form_call.apply(share="")

    _workbook, rows = rows_of(build(form_call))

    answers = dict(zip(FORM_ORDER, rows[1][ANSWERS], strict=True))
    assert answers["share"] is None
    assert answers["photos"] is None


def test_a_call_with_no_application_gives_the_header_row_only(form_call, build):
    export = build(form_call)

    assert export.status == ExportStatus.READY
    assert export.percent == 100
    workbook, rows = rows_of(export)
    assert len(rows) == 1
    assert len(rows[0]) == REQUESTED + 1
    assert workbook.sheetnames == [fr("Applications")]


def test_progress_reaches_every_application(form_call, build):
    for _n in range(3):
        form_call.apply()

    export = build(form_call)

    assert (export.done, export.total, export.percent) == (3, 3, 100)


def test_the_export_reads_the_same_queries_for_5_and_50_applications(
    form_call, organizer, assert_num_queries
):
    export = Export.objects.create(
        call=form_call.call, kind="applications", requested_by=organizer, language="fr"
    )

    for count in (5, 50):
        while form_call.sent < count:
            form_call.apply(files=[("statutes", "statuts.pdf"), ("photos", "photo.pdf")])
        workbook = SafeWorkbook()
        # The count, the questions, the applications, their answers, files, submission and
        # document requests.
        with assert_num_queries(7):
            build_applications(export=export, workbook=workbook, progress=lambda done, total: None)
        workbook.save(io.BytesIO())


# --- asking for it and downloading it ---------------------------------------------------


def test_the_organizer_downloads_the_workbook(client, form_call, build):
    form_call.apply()
    export = build(form_call)
    client.force_login(form_call.organizer)

    response = client.get(reverse("exports:download", args=[export.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="applications-{form_call.call.slug}-'
    )


def test_an_organizer_of_another_call_gets_404_on_request_and_download(client, form_call, build):
    form_call.apply()
    export = build(form_call)
    client.force_login(OrganizerFactory())

    asked = client.post(reverse("exports:request", args=[form_call.call.slug, "applications"]))
    downloaded = client.get(reverse("exports:download", args=[export.token]))

    assert asked.status_code == 404
    assert downloaded.status_code == 404
    assert Export.objects.count() == 1
