"""Documents the organizers asked for after the submission, in the exports: the workbook
lists each application's requests with what became of them (formula-safe), the zip holds
each received one in its application's folder under a clear, safe name; neither reads
more queries with more applications or requests."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from openpyxl import load_workbook

from exports import services as export_services
from exports.cells import SafeWorkbook
from exports.models import Export
from submissions import services_documents as documents
from submissions.exports import INDEX_NAME, build_applications, build_attachments
from tests.exports.conftest import FORM_ORDER
from tests.submissions.conftest import MINIMAL_PDF, pdf_upload

pytestmark = pytest.mark.django_db

# The workbook's last column, after the fixed ones, the profile's and the answers'.
REQUESTED = 6 + 12 + len(FORM_ORDER)
NO_PROGRESS = lambda done, total: None  # noqa: E731


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    def built(form_call, kind):
        with django_capture_on_commit_callbacks(execute=True):
            export = export_services.export_request(
                call=form_call.call, kind=kind, actor=form_call.organizer, language="fr"
            )
        export.refresh_from_db()
        return export

    return built


def ask(form_call, application, *, label="Attestation ODCO", days=7, question=None):
    return documents.document_request(
        application=application,
        actor=form_call.organizer,
        question=question,
        label=label,
        message="Merci d'envoyer le document.",
        due_at=timezone.now() + datetime.timedelta(days=days),
        notify=False,
    )


def provide(request, application, *, name="document.pdf", content=MINIMAL_PDF):
    return documents.document_provide(
        request=request, file=pdf_upload(name, content), actor=application.applicant
    )


def fr(text, **values):
    with translation.override("fr"):
        return gettext(text) % values


def day(moment):
    with translation.override("fr"):
        return date_format(timezone.localtime(moment), "DATE_FORMAT")


def workbook_of(export):
    with export.file.open("rb") as stored:
        return load_workbook(stored)


def archive_of(export) -> zipfile.ZipFile:
    with export.file.open("rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


# --- the workbook ---------------------------------------------------------------------------


def test_the_workbook_lists_each_request_with_what_became_of_it(form_call, build):
    application = form_call.apply()
    untouched = form_call.apply()
    received = provide(ask(form_call, application, label="Attestation ODCO"), application)
    cancelled = ask(form_call, application, label="Attestation fiscale")
    documents.document_request_cancel(request=cancelled, actor=form_call.organizer)
    expired = ask(form_call, application, label="Relevé bancaire", days=2)
    waiting = ask(form_call, application, label="", question=form_call.q["statutes"], days=10)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        export = build(form_call, "applications")

    rows = {row[0]: row for row in workbook_of(export).active.iter_rows(values_only=True)}
    with translation.override("fr"):
        statutes = form_call.q["statutes"].label
    assert rows[application.reference][REQUESTED] == "; ".join(
        [
            fr(
                "%(document)s: received on %(date)s",
                document="Attestation ODCO",
                date=day(received.fulfilled_at),
            ),
            fr("%(document)s: cancelled", document="Attestation fiscale"),
            fr(
                "%(document)s: expired on %(date)s",
                document="Relevé bancaire",
                date=day(expired.due_at),
            ),
            fr("%(document)s: open until %(date)s", document=statutes, date=day(waiting.due_at)),
        ]
    )
    assert rows[untouched.reference][REQUESTED] is None
    assert len(rows[untouched.reference]) == REQUESTED + 1


def test_a_request_named_like_a_formula_stays_text(form_call, build):
    application = form_call.apply()
    ask(form_call, application, label='=HYPERLINK("http://evil.example","click")')

    export = build(form_call, "applications")

    cell = list(workbook_of(export).active.iter_rows(min_row=2))[0][REQUESTED]
    assert cell.value.startswith('=HYPERLINK("http://evil.example","click")')
    assert cell.data_type == "s"
    assert cell.quotePrefix
    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml
    assert "<f " not in xml


def test_the_workbook_reads_the_same_queries_whatever_the_number_of_requests(
    form_call, organizer, assert_num_queries
):
    export = Export.objects.create(
        call=form_call.call, kind="applications", requested_by=organizer, language="fr"
    )

    for count in (3, 12):
        while form_call.sent < count:
            application = form_call.apply()
            provide(ask(form_call, application), application)
            ask(form_call, application, label="Relevé bancaire")
        workbook = SafeWorkbook()
        # The count, the questions, the applications, their answers, files, submission and
        # document requests (with the questions they name).
        with assert_num_queries(7):
            build_applications(export=export, workbook=workbook, progress=NO_PROGRESS)
        workbook.save(io.BytesIO())


# --- the zip --------------------------------------------------------------------------------


def test_each_received_document_is_in_its_applications_folder(form_call, build):
    application = form_call.apply(name="Coopérative Tifawin")
    other = form_call.apply(name="Association Amal")
    first = provide(
        ask(form_call, application, label="Attestation ODCO"),
        application,
        name="odco 2026.pdf",
        content=MINIMAL_PDF + b"%odco",
    )
    second = provide(
        ask(form_call, application, label="", question=form_call.q["statutes"]),
        application,
        name="statuts signés.pdf",
        content=MINIMAL_PDF + b"%statuts",
    )
    ask(form_call, application, label="Relevé bancaire")  # still awaited
    cancelled = ask(form_call, other, label="Attestation fiscale")
    documents.document_request_cancel(request=cancelled, actor=form_call.organizer)

    archive = archive_of(build(form_call, "attachments"))

    folder = f"{application.reference} - Coopérative Tifawin"
    with translation.override("fr"):
        statutes = form_call.q["statutes"].label
    requested = [
        f"{folder}/requested-1-Attestation ODCO.pdf",
        f"{folder}/requested-2-{statutes}.pdf",
    ]
    assert archive.namelist() == [
        f"{folder}/",
        f"{folder}/statuts.pdf",
        *requested,
        f"{other.reference} - Association Amal/",
        f"{other.reference} - Association Amal/statuts.pdf",
        INDEX_NAME,
    ]
    assert archive.read(requested[0]) == MINIMAL_PDF + b"%odco"
    assert archive.read(requested[1]) == MINIMAL_PDF + b"%statuts"
    index = load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active
    rows = [list(row) for row in index.iter_rows(min_row=2, values_only=True)]
    assert rows[1:3] == [
        [
            application.reference,
            "Coopérative Tifawin",
            rows[0][2],
            title,
            path,
            request.original_name,
            request.size,
            request.sha256,
            fr("Requested after submission, received on %(date)s.", date=day(request.fulfilled_at)),
        ]
        for title, path, request in [
            ("Attestation ODCO", requested[0], first),
            (statutes, requested[1], second),
        ]
    ]


def test_a_hostile_request_name_stays_inside_its_folder(form_call, build):
    application = form_call.apply(name="Coopérative Tifawin")
    provide(ask(form_call, application, label="../../etc/passwd\u202e<>:|?*"), application)

    archive = archive_of(build(form_call, "attachments"))

    folder = f"{application.reference} - Coopérative Tifawin/"
    requested = [name for name in archive.namelist() if "requested-" in name]
    assert len(requested) == 1
    assert requested[0].startswith(folder)
    name = requested[0][len(folder) :]
    assert name.startswith("requested-1-")
    assert name.endswith(".pdf")
    assert "/" not in name
    assert ".." not in name
    assert "\u202e" not in name


def test_a_received_document_missing_from_the_storage_is_noted(form_call, build):
    application = form_call.apply()
    request = provide(ask(form_call, application), application)
    request.file.storage.delete(request.file.name)

    archive = archive_of(build(form_call, "attachments"))

    assert not [name for name in archive.namelist() if "requested-" in name]
    index = load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active
    row = list(list(index.iter_rows(min_row=2, values_only=True))[-1])
    assert row[3:] == [
        "Attestation ODCO",
        None,
        request.original_name,
        request.size,
        request.sha256,
        fr("Missing from the storage: not in the archive."),
    ]


def test_the_zip_reads_the_same_queries_whatever_the_number_of_requests(
    form_call, organizer, assert_num_queries
):
    export = Export.objects.create(
        call=form_call.call, kind="attachments", requested_by=organizer, language="fr"
    )

    for count in (3, 12):
        while form_call.sent < count:
            application = form_call.apply()
            provide(ask(form_call, application), application, content=MINIMAL_PDF + b"%1")
            ask(form_call, application, label="Relevé bancaire")
        with zipfile.ZipFile(io.BytesIO(), "w") as archive:
            # The count, the questions, the applications, their files, submission and
            # document requests (with the questions they name).
            with assert_num_queries(6):
                build_attachments(export=export, archive=archive, progress=NO_PROGRESS)
            assert len(archive.namelist()) == 3 * count + 1
