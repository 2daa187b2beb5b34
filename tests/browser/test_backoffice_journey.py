"""An organizer's back-office, from the applications list to the Excel export, in the
browser.

A support programme's call for cooperatives is closed with five applications received
(see `backoffice_fixtures`). Its organizer, on her phone, logs in, opens the call's
applications and filters them: by region (the two from Souss-Massa), then by the
automatic eligibility result (the two that are not cooperatives). She ticks those two and
screens them not eligible together, with a reason, through the confirmation page; then
screens the Taliouine cooperative eligible on its own page. The statuses change in the
list, in the database and in each application's history, with the reason.

The Taliouine cooperative sent no ODCO certificate: the organizer asks for it from the
application's page, with a last day. The applicant is e-mailed, and the list flags the
application (filtered by "missing documents", it alone). She logs in on her own phone,
finds the request on her dashboard, sends the PDF and sees it received. The organizer is
e-mailed in turn, finds the document received on the application's page and downloads
it; the list no longer flags anything.

The organizer exports the applications to Excel: the export is prepared in the
background, its page shows it ready, she downloads it. The workbook has one row per
received application with its reference, status, profile and answers; the project name
and the phones that a spreadsheet would run as formulas are stored as text.

Another organizer gets "not found" for this call's applications, dashboard, exports,
application, document requests and export file.

Every page is checked on both phones and a desktop (`checks.check_page`: sideways
scrolling, the navigation, squeezed text, axe-core, language and direction, English left
untranslated).
"""

import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from notifications.models import Message
from submissions.enums import ApplicationStatus, EventKind
from submissions.exports import profile_headers
from submissions.models import Application, ApplicationEvent, DocumentRequest
from tests.browser import checks
from tests.browser.backoffice_fixtures import (
    APPLICANTS,
    CALL_TITLES,
    CERTIFICATE_LABELS,
    FORMULA_PROJECT,
    JOBS_LABELS,
    MINIMAL_PDF,
    PROJECT_LABELS,
    backoffice_scene,
)
from tests.browser.checks import field as form_field
from tests.browser.checks import tr
from tests.factories import PASSWORD as FACTORY_PASSWORD

pytestmark = pytest.mark.browser

MOROCCO = ZoneInfo("Africa/Casablanca")

# What the organizer types.
BULK_REASON = "Appel réservé aux coopératives : forme juridique hors du champ du programme."
SCREENING_REASON = "Statuts et procès-verbal vérifiés ; l'attestation ODCO reste à recevoir."
REQUEST_MESSAGE = "Votre attestation d'inscription ODCO manque au dossier : merci de l'envoyer."
DOCUMENT_NAME = "attestation-odco-taliouine.pdf"
TYPED = [BULK_REASON, SCREENING_REASON, REQUEST_MESSAGE, DOCUMENT_NAME, FORMULA_PROJECT]


def check_page(page, typed=(), role="organizer"):
    checks.check_page(page, "fr", role=role, typed_values=[*TYPED, *typed])


def button(page, label, context=None):
    return page.locator("main").get_by_role("button", name=tr("fr", label, context), exact=True)


def link(page, label, context=None):
    return page.locator("main").get_by_role("link", name=tr("fr", label, context), exact=True)


def message(page):
    return page.locator(".messages").inner_text().strip()


def log_in(page, email):
    form_field(page, "login").fill(email)
    form_field(page, "password").fill(FACTORY_PASSWORD)
    button(page, "Sign In").click()


def trans(message_id, context=None, **values):
    """A message of the catalogue in French, its placeholders filled."""
    return tr("fr", message_id, context) % values if values else tr("fr", message_id, context)


def ntrans(singular, plural, n, **values):
    with translation.override("fr"):
        return translation.ngettext(singular, plural, n) % {"n": n, "count": n, **values}


def status_label(status):
    with translation.override("fr"):
        return str(ApplicationStatus(status).label)


def in_morocco(moment):
    with translation.override("fr"):
        return date_format(timezone.localtime(moment, MOROCCO), "DATETIME_FORMAT")


# --- the applications list --------------------------------------------------------------


def list_rows(page):
    """The list's rows: reference, organization (the cell's first line), region, status,
    automatic result, flags."""
    rows = []
    for row in page.locator("main table tbody tr").all():
        cells = [text.strip() for text in row.locator(":scope > td").all_inner_texts()]
        rows.append(
            {
                "reference": row.locator(":scope > th").inner_text().strip(),
                "organization": cells[1].splitlines()[0].strip(),
                "region": cells[2],
                "status": cells[5],
                "automatic": cells[6],
                "flags": cells[9],
            }
        )
    return rows


def matches(n):
    return ntrans("%(n)s application matches.", "%(n)s applications match.", n)


def show_filtered(page, region="", eligibility=""):
    """Choose the filters and show the list; the address carries them."""
    filters = page.get_by_role("search")
    filters.locator('[name="region"]').select_option(region)
    filters.locator('[name="eligibility"]').select_option(eligibility)
    filters.get_by_role("button", name=tr("fr", "Show the applications"), exact=True).click()
    wait_for_list(page, region=region, eligibility=eligibility)


def wait_for_list(page, **filters):
    """The applications list, filtered by `filters` (name: value; "" for none)."""
    page.wait_for_url(re.compile(r"/applications/\?"))
    query = parse_qs(urlsplit(page.url).query)
    for name, value in filters.items():
        assert query.get(name, [""]) == [value], (name, page.url)


def organizer_filters_and_screens(server, page, scene):
    call = scene.call
    list_url = f"{server}/fr/manage/calls/{call.slug}/applications/"
    references = [application.reference for application in scene.applications]

    # From the back-office's home to the call, then to its applications.
    page.goto(f"{server}/fr/accounts/login/?next=/fr/manage/")
    log_in(page, scene.organizer.email)
    page.wait_for_url(f"{server}/fr/manage/")
    check_page(page)
    main = page.locator("main")
    expect(main).not_to_contain_text(scene.other_call.title_fr)
    main.get_by_role("link", name=CALL_TITLES["fr"], exact=True).click()
    page.wait_for_url(f"{server}/fr/manage/calls/{call.slug}/")
    check_page(page)
    page.locator("nav.subnav").get_by_role(
        "link", name=tr("fr", "Applications"), exact=True
    ).click()
    page.wait_for_url(list_url)
    check_page(page)
    expect(page.locator("h1")).to_have_text(tr("fr", "Applications"))
    expect(page.locator("main .page-header")).to_contain_text(
        ntrans("%(n)s application received.", "%(n)s applications received.", 5)
    )
    expect(page.locator("#results-count")).to_contain_text(matches(5))
    rows = list_rows(page)
    assert [row["reference"] for row in rows] == references  # by reference
    assert [row["organization"] for row in rows] == [a.organization for a in APPLICANTS]
    submitted, eligible = status_label("submitted"), status_label("eligible")
    assert [row["status"] for row in rows] == [submitted] * 4 + [eligible]
    with translation.override("fr"):
        automatic_eligible = translation.pgettext("automatic eligibility", "Eligible")
        automatic_not = translation.pgettext("automatic eligibility", "Not eligible")
    assert [row["automatic"] for row in rows] == [
        automatic_eligible,
        automatic_not,
        automatic_not,
        automatic_eligible,
        automatic_eligible,
    ]

    # Filtered by region: the two applications from Souss-Massa.
    show_filtered(page, region="souss-massa")
    check_page(page)
    expect(page.locator("#results-count")).to_contain_text(matches(2))
    rows = list_rows(page)
    assert [row["reference"] for row in rows] == [references[2], references[3]]
    assert {row["region"] for row in rows} == {tr("fr", "Souss-Massa")}

    # Filtered by the automatic result: the two that are not cooperatives.
    show_filtered(page, eligibility="not-eligible")
    check_page(page)
    expect(page.locator("#results-count")).to_contain_text(matches(2))
    rows = list_rows(page)
    assert [row["reference"] for row in rows] == [references[1], references[2]]
    assert [row["organization"] for row in rows] == [a.organization for a in APPLICANTS[1:3]]
    assert {row["automatic"] for row in rows} == {automatic_not}

    # Both ticked and screened not eligible at once, with a reason, after a confirmation.
    not_eligible = scene.applications[1:3]
    for application in not_eligible:
        page.locator(f"#pick-{application.pk}").check()
    page.locator("#bulk-action").select_option("screen-ineligible")
    button(page, "Continue").click()
    page.wait_for_url(f"{list_url}bulk/")
    check_page(page)
    expect(page.locator("h1")).to_have_text(tr("fr", "Screen as not eligible"))
    expect(page.locator("main .card strong").first).to_have_text(
        ntrans("%(n)s application selected.", "%(n)s applications selected.", 2)
    )
    with translation.override("fr"):
        will_become = translation.ngettext(
            "%(n)s will become “%(status)s”.", "%(n)s will become “%(status)s”.", 2
        ) % {"n": 2, "status": status_label("ineligible")}
    expect(page.locator("#preview > li")).to_have_text([will_become])
    assert all(a.status == ApplicationStatus.SUBMITTED for a in _fresh(not_eligible))
    form_field(page, "reason").fill(BULK_REASON)
    check_page(page)
    button_label = ntrans("Screen %(n)s application", "Screen %(n)s applications", 2)
    page.locator("main").get_by_role("button", name=button_label, exact=True).click()
    # Carried out in the background; its page says when it is done, and what it did.
    page.wait_for_url(re.compile(r"/applications/bulk/[0-9a-f-]{36}/$"))
    expect(page.locator("h1")).to_have_text(tr("fr", "Screening"))
    expect(page.locator("#bulk-status .badge")).to_have_text(
        tr("fr", "Done", "bulk action status"), timeout=30_000
    )
    expect(page.locator("#bulk-status .bulk-outcome li")).to_have_text(
        [
            ntrans(
                "%(count)s application is now “%(status)s”.",
                "%(count)s applications are now “%(status)s”.",
                2,
                status=status_label("ineligible"),
            )
        ]
    )
    check_page(page)
    # Back to the list, filtered as it was.
    link(page, "Back to the applications").click()
    wait_for_list(page, eligibility="not-eligible")
    check_page(page)
    rows = list_rows(page)
    assert [row["reference"] for row in rows] == [references[1], references[2]]
    assert [row["status"] for row in rows] == [status_label("ineligible")] * 2
    for application in _fresh(not_eligible):
        assert application.status == ApplicationStatus.INELIGIBLE
        event = application.events.get(kind=EventKind.STATUS_CHANGED)
        assert (event.from_status, event.to_status, event.reason, event.actor) == (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.INELIGIBLE,
            BULK_REASON,
            scene.organizer,
        )

    # The association's page: its history says who screened it, how and why.
    association = scene.applications[2]
    page.locator("main table").get_by_role("link", name=association.reference, exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{association.pk}/\?back="))
    check_page(page)
    expect(page.locator("h1")).to_have_text(
        trans("Application %(reference)s", reference=association.reference)
    )
    latest = history_rows(page)[0]
    assert latest == {
        "what": tr("fr", "Status changed"),
        "who": scene.organizer.full_name,
        "status": f"{status_label('submitted')} → {status_label('ineligible')}",
        "reason": BULK_REASON,
    }
    # Back to the list as it was filtered, then every application again.
    link(page, "Back to the applications").first.click()
    wait_for_list(page, eligibility="not-eligible")
    link(page, "Clear the filters").click()
    page.wait_for_url(list_url)
    expect(page.locator("#results-count")).to_contain_text(matches(5))
    check_page(page)

    # The Taliouine cooperative, screened eligible on its own page.
    asked = scene.asked
    page.locator("main table").get_by_role("link", name=asked.reference, exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{asked.pk}/"))
    check_page(page)
    screening = page.locator("#screening")
    expect(screening).to_contain_text(tr("fr", "Automatic result at submission:"))
    expect(screening).to_contain_text(automatic_eligible)
    screening.locator('[name="decision"][value="eligible"]').check()
    screening.locator('[name="reason"]').fill(SCREENING_REASON)
    screening.get_by_role("button", name=tr("fr", "Save the screening"), exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{asked.pk}/.*#screening$"))
    assert message(page) == trans(
        "%(reference)s is now “%(status)s”.",
        reference=asked.reference,
        status=status_label("eligible"),
    )
    check_page(page)
    expect(page.locator("main .page-header .badge")).to_have_text(status_label("eligible"))
    expect(screening.locator('[name="decision"][value="eligible"]')).to_be_checked()
    assert history_rows(page)[0] == {
        "what": tr("fr", "Status changed"),
        "who": scene.organizer.full_name,
        "status": f"{status_label('submitted')} → {status_label('eligible')}",
        "reason": SCREENING_REASON,
    }
    asked.refresh_from_db()
    assert asked.status == ApplicationStatus.ELIGIBLE


def _fresh(applications):
    return Application.objects.filter(pk__in=[a.pk for a in applications]).order_by("pk")


def history_rows(page):
    """The application's history, newest first."""
    rows = []
    for row in page.locator("#history tbody tr").all():
        cells = [text.strip() for text in row.locator(":scope > td").all_inner_texts()]
        rows.append(
            {
                "what": row.locator(":scope > th").inner_text().strip(),
                "who": cells[1],
                "status": cells[2],
                "reason": cells[3],
            }
        )
    return rows


# --- a missing document -----------------------------------------------------------------


def organizer_asks_for_the_certificate(page, scene):
    """On the application's page (where the screening left her): the form's certificate,
    with a message and a last day."""
    asked = scene.asked
    certificate = scene.questions["certificate"]
    documents = page.locator("#documents")
    expect(documents.locator("dt")).to_contain_text([CERTIFICATE_LABELS[0]])
    expect(documents.locator("dd .badge")).to_have_text(tr("fr", "Missing", "document"))
    requests = page.locator("#document-requests")
    expect(requests).to_contain_text(tr("fr", "No document asked for yet."))

    last_day = timezone.localdate() + datetime.timedelta(days=10)
    requests.locator('[name="question"]').select_option(str(certificate.pk))
    requests.locator('[name="message_fr"]').fill(REQUEST_MESSAGE)
    requests.locator('[name="due_date"]').fill(last_day.isoformat())
    check_page(page)
    requests.get_by_role("button", name=tr("fr", "Ask for the document"), exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{asked.pk}/.*#document-requests$"))
    assert message(page) == tr("fr", "The applicant is asked for the document by e-mail.")
    check_page(page)

    document_request = DocumentRequest.objects.get(application=asked)
    due_at = datetime.datetime.combine(last_day, datetime.time(23, 59), tzinfo=MOROCCO)
    assert (
        document_request.question,
        document_request.message,
        document_request.due_at,
        document_request.requested_by,
    ) == (certificate, REQUEST_MESSAGE, due_at, scene.organizer)
    card = page.locator(f"#document-request-{document_request.pk}")
    expect(card.locator(".badge")).to_have_text(
        tr("fr", "Waiting for the document", "document request status")
    )
    expect(card.locator("h3")).to_have_text(CERTIFICATE_LABELS[0])
    facts = [text.strip() for text in card.locator("dl.facts dd").all_inner_texts()]
    assert facts[0] == REQUEST_MESSAGE
    assert facts[2] == in_morocco(due_at)
    expect(
        card.get_by_role("button", name=re.compile(re.escape(tr("fr", "Cancel the request"))))
    ).to_be_visible()
    assert history_rows(page)[0]["what"] == tr("fr", "Missing document requested")
    assert REQUEST_MESSAGE in history_rows(page)[0]["reason"]

    # The applicant is e-mailed, in her language, with the way to her request.
    mail = Message.objects.get(template="submissions/email/document_request")
    assert (mail.to_email, mail.language) == (asked.applicant.email, "fr")
    assert mail.subject == trans(
        "Document requested: %(document)s — %(reference)s",
        document=CERTIFICATE_LABELS[0],
        reference=asked.reference,
    )
    assert REQUEST_MESSAGE in mail.body_text
    assert f"/fr/me/applications/{asked.pk}/documents/{document_request.pk}/" in mail.body_text

    # While it is awaited, the list flags the application: filtered by that flag, it alone.
    link(page, "Back to the applications").first.click()
    page.wait_for_url(re.compile(rf"/fr/manage/calls/{scene.call.slug}/applications/$"))
    filters = page.get_by_role("search")
    filters.locator('[name="flags"][value="missing-documents"]').check()
    filters.get_by_role("button", name=tr("fr", "Show the applications"), exact=True).click()
    wait_for_list(page, flags="missing-documents")
    check_page(page)
    rows = list_rows(page)
    assert [row["reference"] for row in rows] == [asked.reference]
    assert tr("fr", "Missing documents") in rows[0]["flags"]
    page.locator("main table").get_by_role("link", name=asked.reference, exact=True).click()
    page.wait_for_url(re.compile(rf"/applications/{asked.pk}/\?back="))
    check_page(page)
    return document_request


def applicant_sends_the_certificate(server, page, scene, document_request, tmp_path):
    asked = scene.asked
    applicant = APPLICANTS[3]
    request_url = f"{server}/fr/me/applications/{asked.pk}/documents/{document_request.pk}/"
    typed = [applicant.full_name, applicant.email, applicant.organization]

    page.goto(f"{server}/fr/accounts/login/?next=/fr/me/")
    log_in(page, applicant.email)
    page.wait_for_url(f"{server}/fr/me/")
    check_page(page, typed, role="applicant")

    # Her dashboard shows the request, first thing.
    heading = trans("Document requested: %(document)s", document=CERTIFICATE_LABELS[0])
    notice = page.locator("main section.alert", has=page.get_by_role("heading", name=heading))
    expect(notice).to_contain_text(asked.reference)
    expect(notice).to_contain_text(REQUEST_MESSAGE)
    expect(notice).to_contain_text(in_morocco(document_request.due_at))
    notice.get_by_role("link", name=tr("fr", "Upload the document"), exact=True).click()
    page.wait_for_url(request_url)
    check_page(page, typed, role="applicant")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("main .page-header .badge")).to_have_text(
        tr("fr", "Waiting for the document", "document request status")
    )

    # The PDF, sent on the request's own page.
    pdf = tmp_path / DOCUMENT_NAME
    pdf.write_bytes(MINIMAL_PDF)
    page.locator('main input[type="file"][name="file"]').set_input_files(pdf)
    button(page, "Send the document").click()
    page.wait_for_url(request_url)
    assert message(page) == tr("fr", "Thank you: the document is sent to the organizers.")
    check_page(page, typed, role="applicant")
    expect(page.locator("main .page-header .badge")).to_have_text(
        tr("fr", "Received", "document request status")
    )
    document_request.refresh_from_db()
    assert document_request.status == DocumentRequest.Status.FULFILLED
    assert (document_request.original_name, document_request.provided_by) == (
        DOCUMENT_NAME,
        asked.applicant,
    )
    received = page.locator("main div.alert--success")
    expect(received).to_contain_text(
        trans(
            "Received on %(date)s (Morocco time). Thank you.",
            date=in_morocco(document_request.fulfilled_at),
        )
    )
    expect(received.get_by_role("link", name=DOCUMENT_NAME, exact=True)).to_be_visible()
    expect(page.locator('main input[type="file"]')).to_have_count(0)

    # Nothing is asked of her any more.
    page.goto(f"{server}/fr/me/")
    check_page(page, typed, role="applicant")
    expect(page.get_by_role("heading", name=heading)).to_have_count(0)

    # The organizer who asked is e-mailed that it arrived.
    mail = Message.objects.get(template="submissions/email/document_request_received")
    assert mail.to_email == scene.organizer.email
    assert mail.subject == trans(
        "Document received: %(document)s — %(reference)s",
        document=CERTIFICATE_LABELS[0],
        reference=asked.reference,
    )


def organizer_finds_the_certificate(page, document_request):
    page.reload()
    check_page(page)
    card = page.locator(f"#document-request-{document_request.pk}")
    expect(card.locator(".badge")).to_have_text(tr("fr", "Received", "document request status"))
    facts = [text.strip() for text in card.locator("dl.facts dd").all_inner_texts()]
    assert facts[3] == in_morocco(document_request.fulfilled_at)
    expect(card.get_by_role("button")).to_have_count(0)  # nothing left to cancel
    latest = history_rows(page)[0]
    assert latest["what"] == tr("fr", "Requested document received")
    assert latest["who"] == APPLICANTS[3].full_name
    assert trans("File: %(name)s", name=DOCUMENT_NAME) in latest["reason"]
    with page.expect_download() as started:
        card.get_by_role("link", name=DOCUMENT_NAME, exact=True).click()
    got = started.value
    assert got.suggested_filename == DOCUMENT_NAME
    with open(got.path(), "rb") as file:
        assert file.read() == MINIMAL_PDF


# --- the export -------------------------------------------------------------------------


def organizer_exports(server, page, scene):
    call = scene.call
    # Received: the application is no longer flagged.
    link(page, "Back to the applications").first.click()
    wait_for_list(page, flags="missing-documents")
    expect(page.locator("main .empty-state")).to_contain_text(
        tr("fr", "No application matches these filters.")
    )
    check_page(page)
    link(page, "Clear the filters").click()
    page.wait_for_url(re.compile(rf"/fr/manage/calls/{call.slug}/applications/$"))
    expect(page.locator("main table .flag")).to_have_count(0)
    check_page(page)
    exports = page.locator("section", has=page.locator("#exports-heading"))
    expect(exports.locator("h2")).to_have_text(tr("fr", "Exports"))
    exports.get_by_role(
        "button", name=tr("fr", "Export the applications to Excel"), exact=True
    ).click()
    page.wait_for_url(re.compile(r"/fr/manage/exports/[0-9a-f-]{36}/$"))
    with translation.override("fr"):
        kind_label = translation.gettext("Applications with every answer")
    expect(page.locator("h1")).to_have_text(kind_label)
    status = page.locator("#export-status")
    # Prepared in the background; the page asks again every two seconds until it is ready.
    expect(status.locator(".badge")).to_have_text(
        tr("fr", "Ready", "export status"), timeout=30_000
    )
    check_page(page)
    token = urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[1]
    with page.expect_download() as started:
        status.get_by_role(
            "link", name=re.compile("^" + re.escape(tr("fr", "Download the file")))
        ).click()
    got = started.value
    name = got.suggested_filename
    assert re.fullmatch(rf"applications-{call.slug}-[\d-]+\.xlsx", name), name
    check_workbook(scene, got.path())

    # The call's exports page lists it, ready.
    page.locator("nav.subnav").get_by_role("link", name=tr("fr", "Exports"), exact=True).click()
    page.wait_for_url(f"{server}/fr/manage/exports/calls/{call.slug}/")
    check_page(page)
    recent = page.locator("section", has=page.locator("#recent-heading")).locator("tbody tr")
    expect(recent).to_have_count(1)
    expect(recent.locator("th")).to_have_text(kind_label)
    expect(recent.locator(".badge")).to_have_text(tr("fr", "Ready", "export status"))
    return token


def check_workbook(scene, path):
    """One row per received application, in the order of the references; text that looks
    like a formula kept as text."""
    with open(path, "rb") as file:  # the download's path has no extension
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    assert workbook.sheetnames == [tr("fr", "Applications")]
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    with translation.override("fr"):
        phone_header = profile_headers()[-1]
    column = {
        key: headers.index(header)
        for key, header in {
            "reference": tr("fr", "Reference"),
            "status": tr("fr", "Status"),
            "organization": tr("fr", "Organization"),
            "phone": phone_header,
            "project": PROJECT_LABELS[0],
            "jobs": JOBS_LABELS[0],
            "certificate": CERTIFICATE_LABELS[0],
        }.items()
    }
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(scene.applications) == 5

    def values(key):
        return [row[column[key]].value for row in rows]

    assert values("reference") == [a.reference for a in scene.applications]
    assert values("status") == [
        status_label(status)
        for status in ("submitted", "ineligible", "ineligible", "eligible", "eligible")
    ]
    assert values("organization") == [a.organization for a in APPLICANTS]
    assert values("project") == [a.project for a in APPLICANTS]
    assert values("jobs") == [a.jobs for a in APPLICANTS]  # numbers, not text
    # The files sent with the application (the requested one is kept with its request).
    assert values("certificate") == [a.certificate or None for a in APPLICANTS]

    # Text a spreadsheet would run: stored as text (never a formula), marked as such.
    formula = rows[1][column["project"]]
    assert (formula.value, formula.data_type, formula.quotePrefix) == (FORMULA_PROJECT, "s", True)
    for row in rows:
        phone = row[column["phone"]]
        assert phone.value.startswith("+212")
        assert (phone.data_type, phone.quotePrefix) == ("s", True)
    for row in rows:
        assert row[column["reference"]].data_type == "s"
        assert not row[column["reference"]].quotePrefix


# --- another organizer ------------------------------------------------------------------


def other_organizer_finds_nothing(server, page, scene, token, document_request):
    call, asked = scene.call, scene.asked
    page.goto(f"{server}/fr/accounts/login/?next=/fr/manage/")
    log_in(page, scene.other_organizer.email)
    page.wait_for_url(f"{server}/fr/manage/")
    check_page(page)
    main = page.locator("main")
    expect(main.get_by_role("link", name=scene.other_call.title_fr, exact=True)).to_be_visible()
    expect(main).not_to_contain_text(CALL_TITLES["fr"])

    manage = f"{server}/fr/manage/calls/{call.slug}"
    for url in (
        f"{manage}/applications/",
        f"{manage}/dashboard/",
        f"{server}/fr/manage/exports/calls/{call.slug}/",
        f"{manage}/applications/{asked.pk}/",
        f"{manage}/applications/{asked.pk}/documents/",
        f"{manage}/applications/{asked.pk}/documents/{document_request.pk}/file/",
        f"{server}/fr/manage/exports/{token}/",
        f"{server}/fr/manage/exports/{token}/download/",
    ):
        response = page.goto(url)
        assert response.status == 404, (url, response.status)
    expect(page.locator("h1")).to_have_text(tr("fr", "Page not found"))
    check_page(page)
    # Nothing he could send changes the application either.
    token_cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        f"{manage}/applications/{asked.pk}/screening/",
        form={"decision": "ineligible", "reason": "Essai"},
        headers={"X-CSRFToken": token_cookie},
    )
    assert refused.status == 404
    asked.refresh_from_db()
    assert asked.status == ApplicationStatus.ELIGIBLE
    assert not ApplicationEvent.objects.filter(actor=scene.other_organizer).exists()


# --- the journey ------------------------------------------------------------------------


def test_organizer_filters_screens_asks_for_a_document_and_exports(
    server, page, new_phone, tmp_path
):
    scene = backoffice_scene()

    # 1. The organizer, on her phone: the list filtered, three applications screened.
    organizer_filters_and_screens(server, page, scene)

    # 2. A missing document asked for; the applicant sends it from her phone.
    document_request = organizer_asks_for_the_certificate(page, scene)
    applicant_sends_the_certificate(server, new_phone(), scene, document_request, tmp_path)
    organizer_finds_the_certificate(page, document_request)

    # 3. The applications exported to Excel.
    token = organizer_exports(server, page, scene)

    # 4. Another organizer: this call's pages do not exist for him.
    other_organizer_finds_nothing(server, new_phone(), scene, token, document_request)
