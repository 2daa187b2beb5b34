"""The documents export: a zip with one folder per application received, its submitted
files under safe names, and an index of every file with its size and checksum."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from exports import services as export_services
from exports.enums import ExportStatus
from exports.models import Export
from submissions import services
from submissions.enums import ApplicationStatus
from submissions.exports import INDEX_NAME, build_attachments, safe_name
from submissions.models import Attachment
from tests.factories import OrganizerFactory
from tests.submissions.conftest import pdf_upload

pytestmark = pytest.mark.django_db

INDEX_HEADERS = [
    "Reference",
    "Organization",
    "Status",
    "Question",
    "File in the archive",
    "File name",
    "Size (bytes)",
]


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    def built(form_call, language="fr"):
        with django_capture_on_commit_callbacks(execute=True):
            export = export_services.export_request(
                call=form_call.call,
                kind="attachments",
                actor=form_call.organizer,
                language=language,
            )
        export.refresh_from_db()
        return export

    return built


def archive_of(export) -> zipfile.ZipFile:
    with export.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def index_of(archive):
    workbook = load_workbook(io.BytesIO(archive.read(INDEX_NAME)))
    return workbook.active, [list(row) for row in workbook.active.iter_rows(values_only=True)]


def fr(text):
    with translation.override("fr"):
        return gettext(text)


def test_each_application_has_its_folder_with_its_files_and_the_index_lists_them(form_call, build):
    first = form_call.apply(
        name="Coopérative Tifawin",
        files=[("statutes", "statuts.pdf"), ("photos", "photo.pdf")],
    )
    second = form_call.apply(name="Association Amal", files=[("statutes", "statuts.pdf")])

    export = build(form_call)

    assert export.status == ExportStatus.READY
    assert export.file.name.endswith(".zip")
    archive = archive_of(export)
    assert archive.testzip() is None
    first_folder = f"{first.reference} - Coopérative Tifawin"
    second_folder = f"{second.reference} - Association Amal"
    assert archive.namelist() == [
        f"{first_folder}/",
        f"{first_folder}/statuts.pdf",
        f"{first_folder}/photo.pdf",
        f"{second_folder}/",
        f"{second_folder}/statuts.pdf",
        INDEX_NAME,
    ]
    _sheet, rows = index_of(archive)
    assert rows[0] == [fr(header) for header in INDEX_HEADERS] + ["SHA-256", fr("Note")]
    with translation.override("fr"):
        statutes = form_call.q["statutes"].label
        photos = form_call.q["photos"].label
        submitted = str(ApplicationStatus.SUBMITTED.label)
    files = {a.original_name + str(a.application_id): a for a in Attachment.objects.all()}
    expected = []
    for application, folder, name, question in [
        (first, first_folder, "statuts.pdf", statutes),
        (first, first_folder, "photo.pdf", photos),
        (second, second_folder, "statuts.pdf", statutes),
    ]:
        attachment = files[name + str(application.pk)]
        content = archive.read(f"{folder}/{name}")
        assert hashlib.sha256(content).hexdigest() == attachment.sha256
        with attachment.file.open("rb") as stored:
            assert content == stored.read()
        expected.append(
            [
                application.reference,
                application.submitted_profile["name"],
                submitted,
                question,
                f"{folder}/{name}",
                name,
                attachment.size,
                attachment.sha256,
                None,
            ]
        )
    assert rows[1:] == expected


def test_files_of_the_same_name_are_numbered(form_call, build):
    application = form_call.apply(
        files=[("statutes", "statuts.pdf"), ("photos", "statuts.pdf"), ("photos", "Statuts.pdf")]
    )

    archive = archive_of(build(form_call))

    folder = f"{application.reference} - {application.submitted_profile['name']}"
    assert archive.namelist() == [
        f"{folder}/",
        f"{folder}/statuts.pdf",
        f"{folder}/statuts (2).pdf",
        f"{folder}/Statuts (3).pdf",
        INDEX_NAME,
    ]
    _sheet, rows = index_of(archive)
    assert [row[5] for row in rows[1:]] == ["statuts.pdf", "statuts.pdf", "Statuts.pdf"]


@pytest.mark.parametrize(
    "hostile",
    ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "..", "a/../../b.pdf"],
)
def test_a_name_that_climbs_out_of_its_folder_stays_inside_it(form_call, build, hostile):
    application = form_call.apply(name="../../Coop/..", files=[("statutes", "statuts.pdf")])
    # Names are made safe on upload; one from before, or typed by hand, must not escape.
    Attachment.objects.filter(application=application).update(original_name=hostile)

    archive = archive_of(build(form_call))

    names = archive.namelist()
    assert len(names) == 3
    folder, path = names[0], names[1]
    assert folder.startswith(f"{application.reference} - ")
    assert path.startswith(folder)
    for name in names:
        assert ".." not in name
        assert "\\" not in name
        assert not name.startswith("/")
        assert all(part.strip() for part in name.rstrip("/").split("/"))
    assert path.count("/") == 1
    _sheet, rows = index_of(archive)
    assert rows[1][4] == path
    assert rows[1][5] == hostile


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("statuts.pdf", "statuts.pdf"),
        ("../../etc/passwd", "_._etc_passwd"),
        ("..", "document"),
        ("rapport\x00\n final.pdf", "rapport final.pdf"),
        ("\u202egpj.exe", "gpj.exe"),
        ("CON.pdf", "_CON.pdf"),
        ("nul.tar.gz", "_nul.tar.gz"),
        ("C:\\Users\\x.pdf", "C__Users_x.pdf"),
        ("النظام الأساسي.pdf", "النظام الأساسي.pdf"),
        ("Coop. Al Amal", "Coop. Al Amal"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_safe_names(name, safe):
    assert safe_name(name) == safe


def test_the_archive_holds_the_submitted_files_not_the_working_copy(form_call, build):
    application = form_call.apply(files=[("statutes", "statuts.pdf"), ("photos", "photo.pdf")])
    applicant = application.applicant
    # After the submission, the applicant adds a photo and removes the other one, without
    # submitting again: the organizers still hold what was submitted.
    services.attachment_add(
        application=application,
        question=form_call.q["photos"],
        uploaded_file=pdf_upload("nouvelle.pdf"),
        actor=applicant,
    )
    photo = Attachment.objects.get(application=application, original_name="photo.pdf")
    services.attachment_remove(attachment=photo, actor=applicant)

    archive = archive_of(build(form_call))

    assert [name.rsplit("/", 1)[1] for name in archive.namelist()[1:-1]] == [
        "statuts.pdf",
        "photo.pdf",
    ]


def test_withdrawn_applications_keep_their_folder_and_drafts_have_none(form_call, build):
    kept = form_call.apply()
    withdrawn = form_call.apply()
    services.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    form_call.apply(submit=False)

    archive = archive_of(build(form_call))

    folders = [name for name in archive.namelist() if name.endswith("/")]
    assert [folder.split(" - ")[0] for folder in folders] == [kept.reference, withdrawn.reference]
    _sheet, rows = index_of(archive)
    assert [row[2] for row in rows[1:]] == [
        fr(ApplicationStatus.SUBMITTED.label),
        fr(ApplicationStatus.WITHDRAWN.label),
    ]


def test_an_application_without_files_still_has_its_folder(form_call, build):
    form_call.call.steps.get(position=2).questions.update(required=False)
    application = form_call.apply(files=[])

    archive = archive_of(build(form_call))

    assert archive.namelist() == [
        f"{application.reference} - {application.submitted_profile['name']}/",
        INDEX_NAME,
    ]


def test_a_file_missing_from_the_storage_is_noted_in_the_index(form_call, build):
    application = form_call.apply(files=[("statutes", "statuts.pdf"), ("photos", "photo.pdf")])
    lost = Attachment.objects.get(application=application, original_name="photo.pdf")
    lost.file.storage.delete(lost.file.name)

    export = build(form_call)

    assert export.status == ExportStatus.READY
    archive = archive_of(export)
    assert [name.rsplit("/", 1)[1] for name in archive.namelist()[1:-1]] == ["statuts.pdf"]
    _sheet, rows = index_of(archive)
    assert rows[2][4:] == [
        None,
        "photo.pdf",
        lost.size,
        lost.sha256,
        fr("Missing from the storage: not in the archive."),
    ]


def test_names_that_look_like_formulas_stay_text_in_the_index(form_call, build):
    dangerous = ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(A1)"]
    for name in dangerous:
        form_call.apply(name=name)

    archive = archive_of(build(form_call))

    sheet, rows = index_of(archive)
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == dangerous
    assert {cell.data_type for cell in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(archive.read(INDEX_NAME))) as index:
        assert "<f>" not in index.read("xl/worksheets/sheet1.xml").decode()


def test_a_call_with_no_application_gives_a_zip_with_the_index_only(form_call, build):
    export = build(form_call)

    assert export.status == ExportStatus.READY
    assert export.percent == 100
    archive = archive_of(export)
    assert archive.namelist() == [INDEX_NAME]
    _sheet, rows = index_of(archive)
    assert len(rows) == 1


def test_progress_counts_applications_and_reaches_100(form_call, build):
    for _n in range(3):
        form_call.apply()

    export = build(form_call)

    assert (export.done, export.total, export.percent) == (3, 3, 100)


def test_the_archive_reads_the_same_queries_for_5_and_50_applications(
    form_call, organizer, assert_num_queries
):
    export = Export.objects.create(
        call=form_call.call, kind="attachments", requested_by=organizer, language="fr"
    )

    for count in (5, 50):
        while form_call.sent < count:
            form_call.apply(files=[("statutes", "statuts.pdf"), ("photos", "photo.pdf")])
        with zipfile.ZipFile(io.BytesIO(), "w") as archive:
            # The count, the questions, the applications, their files, submission and
            # document requests.
            with assert_num_queries(6):
                build_attachments(export=export, archive=archive, progress=lambda done, total: None)
            assert len(archive.namelist()) == 3 * count + 1


# --- asking for it and downloading it ---------------------------------------------------


def test_the_organizer_downloads_the_zip(client, form_call, build):
    form_call.apply()
    export = build(form_call)
    client.force_login(form_call.organizer)

    response = client.get(reverse("exports:download", args=[export.token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="attachments-{form_call.call.slug}-'
    )
    assert response["Content-Disposition"].endswith('.zip"')
    content = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(content)).namelist()[-1] == INDEX_NAME


def test_an_organizer_of_another_call_gets_404_on_request_and_download(client, form_call, build):
    form_call.apply()
    export = build(form_call)
    client.force_login(OrganizerFactory())

    asked = client.post(reverse("exports:request", args=[form_call.call.slug, "attachments"]))
    downloaded = client.get(reverse("exports:download", args=[export.token]))

    assert asked.status_code == 404
    assert downloaded.status_code == 404
    assert Export.objects.count() == 1
