"""A cooperative applies to a call on a phone: it finds the open call, checks its
eligibility without an account, creates one (confirming the address logs it in and
leads to the application), fills part of the form, logs out, comes back and finds what
it typed, attaches its statutes, submits, and gets a reference and a receipt. In French
and in Arabic; every page is checked on both phones and a desktop (`checks.check_page`:
sideways scrolling, the navigation, squeezed text, axe-core, its language and direction,
English left untranslated).

And the weak connection: text typed while the network is cut is kept on the phone,
said so, and saved on the server once the connection returns.
"""

import json
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.enums import LegalForm
from calls.enums import QuestionKind, RuleKind
from notifications.models import Message
from submissions import services
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.browser import checks
from tests.browser.checks import assert_accessible, assert_language, field, open_menu, tr
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, PHONE
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import (
    CallFactory,
    EligibilityRuleFactory,
    OrganizationFactory,
    QuestionFactory,
    StepFactory,
)

pytestmark = pytest.mark.browser

PASSWORD = "Argan-Taroudant-2026"

# A one-page PDF, small and valid (header, catalog, pages, page, trailer).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_NAME = "statuts-tifawin.pdf"

# What the applicant types, in the language of the pages: an Arabic-speaking
# cooperative writes its project in Arabic. E-mail, registration number and phone are
# Latin in both.
TYPED = {
    "fr": {
        "full_name": "Fatima Zahra Ait Lahcen",
        "organization": "Coopérative Tifawin",
        "project": "Séchoir solaire collectif",
        "summary": "Nous voulons sécher le safran de nos membres sans perte de qualité",
        "summary_more": " et le vendre directement aux épiceries fines de Marrakech.",
    },
    "ar": {
        "full_name": "فاطمة الزهراء آيت لحسن",
        "organization": "تعاونية تيفاوين",
        "project": "مجفف شمسي جماعي",
        "summary": "نريد تجفيف زعفران عضواتنا دون أن يفقد جودته",
        "summary_more": " وبيعه مباشرة لمحلات البقالة الراقية في مراكش.",
    },
}
REGISTRATION_NUMBER = "ODCO-2021-00042"
PHONE_NUMBER = "06 61 23 45 67"
NORMALIZED_PHONE = "+212661234567"

# Latin words an Arabic page of this journey may legitimately show (each one is met):
# - "ODCO" (Office du Développement de la Coopération), the cooperatives' registry, whose
#   acronym the organization step's help text adds in brackets, as it is printed on a
#   cooperative's registration papers (as in the sign-up journey);
# - "Spam": the "check your e-mail" page names the folder in Arabic and adds "(Spam)", the
#   label many phones' mail apps show whatever their language (as in the sign-up journey).
# (File formats such as "PDF" are allowed on every Arabic page: `checks.FORMAT_NAMES`.)
LATIN_ALLOWED = {"ODCO", "Spam"}


def check_page(page, language, typed_values=(), role="applicant"):
    checks.check_page(page, language, role=role, typed_values=typed_values, allowed=LATIN_ALLOWED)


def button(page, language, label, context=None):
    return page.locator("main").get_by_role("button", name=tr(language, label, context), exact=True)


def wizard_button(page, language, label):
    """The wizard's buttons sit below its form (`form="wizard-form"`)."""
    return page.locator(".wizard-actions").get_by_role(
        "button", name=tr(language, label), exact=True
    )


def log_in(page, email, password, language):
    field(page, "login").fill(email)
    field(page, "password").fill(password)
    button(page, language, "Sign In").click()


def is_autosave(response, step):
    request = response.request
    return (
        request.method == "POST"
        and response.url.endswith(f"/{step}/")
        and "autosave=1" in (request.post_data or "")
    )


def kept_on_device(page, application, step):
    """What application.js keeps in this browser's storage for a step, by field name."""
    kept = page.evaluate("(key) => localStorage.getItem(key)", f"draft:{application.pk}-{step}")
    return None if kept is None else json.loads(kept)["values"]


def step_data(application, step):
    application.refresh_from_db(fields=["form_data"])
    return (application.form_data or {}).get("step_data", {}).get(step, {})


class OpenCall:
    """An open call with eligibility rules (one of them a declaration) and two steps:
    the project (a short text and a long text with a word limit) and the documents (a
    required PDF)."""

    def __init__(self):
        self.call = CallFactory(
            slug="tifawin-2026",
            title_fr="Prix des coopératives du safran 2026",
            title_ar="جائزة تعاونيات الزعفران 2026",
            title_en="Saffron cooperatives prize 2026",
            summary_fr="Un prix pour les coopératives qui valorisent le safran de Taliouine.",
            summary_ar="جائزة للتعاونيات التي تثمن زعفران تالوين.",
            summary_en="A prize for the cooperatives that add value to Taliouine saffron.",
            rules_fr="Une candidature par coopérative. Le jury visite les finalistes.",
            rules_ar="ترشيح واحد لكل تعاونية. تزور لجنة التحكيم التعاونيات المتأهلة للنهائيات.",
            rules_en="One application per cooperative. The jury visits the finalists.",
        )
        EligibilityRuleFactory(
            call=self.call, kind=RuleKind.LEGAL_FORM_IN, choices=[LegalForm.COOPERATIVE]
        )
        EligibilityRuleFactory(call=self.call, kind=RuleKind.WOMEN_SHARE_MIN, choices=[], number=50)
        self.declaration = EligibilityRuleFactory(
            call=self.call,
            kind=RuleKind.DECLARATION,
            choices=[],
            statement_fr="Notre coopérative est enregistrée auprès de l'Office du "
            "développement de la coopération.",
            statement_ar="تعاونيتنا مسجلة لدى مكتب تنمية التعاون.",
            statement_en="Our cooperative is registered with the Cooperative Development Office.",
        )
        project = StepFactory(
            call=self.call,
            position=1,
            title_fr="Le projet",
            title_ar="المشروع",
            title_en="The project",
        )
        documents = StepFactory(
            call=self.call,
            position=2,
            title_fr="Pièces justificatives",
            title_ar="الوثائق المطلوبة",
            title_en="Supporting documents",
        )
        # The wizard names the call's steps by their ids.
        self.project_step, self.documents_step = f"part-{project.pk}", f"part-{documents.pk}"
        self.project = QuestionFactory(
            step=project,
            position=1,
            kind=QuestionKind.SHORT_TEXT,
            label_fr="Nom du projet",
            label_ar="اسم المشروع",
            label_en="Name of the project",
        )
        self.summary = QuestionFactory(
            step=project,
            position=2,
            kind=QuestionKind.LONG_TEXT,
            word_limit=60,
            label_fr="Décrivez le projet",
            label_ar="صفوا المشروع",
            label_en="Describe the project",
        )
        self.statutes = QuestionFactory(
            step=documents,
            position=1,
            kind=QuestionKind.FILE,
            file_types=["pdf"],
            label_fr="Statuts de la coopérative",
            label_ar="النظام الأساسي للتعاونية",
            label_en="Statutes of the cooperative",
        )

    def url(self, server, language, tail=""):
        return f"{server}/{language}/calls/{self.call.slug}/{tail}"

    def title(self, language):
        return getattr(self.call, f"title_{language}")


@pytest.fixture
def open_call(transactional_db):
    return OpenCall()


# The phone's own language, sent as Accept-Language: a cooperative reading the portal in
# Arabic has its phone in Arabic. (Playwright's default is en-US, which the portal follows
# when a page sends the person to "/" — see the logout test at the end.)
PHONE_LOCALES = {"fr": "fr-MA", "ar": "ar-MA"}


@pytest.fixture
def language():
    return "fr"


@pytest.fixture
def context(browser, language):
    context = browser.new_context(**PHONE, locale=PHONE_LOCALES[language])
    yield context
    context.close()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_cooperative_finds_a_call_checks_eligibility_applies_in_two_sittings_and_submits(
    server, page, open_call, tmp_path, language
):
    typed_text = TYPED[language]
    email = f"fatima.{language}@tifawin.ma"
    first_name = typed_text["full_name"].split()[0]
    typed = [*typed_text.values(), email, first_name, REGISTRATION_NUMBER, NORMALIZED_PHONE]
    typed += [PDF_NAME]
    call = open_call.call
    step_url = re.compile(
        rf"{re.escape(open_call.url(server, language, 'apply/'))}\d+/(?P<step>[\w-]+)/$"
    )

    # 1. The open call, found in the list of calls.
    page.goto(f"{server}/{language}/calls/")
    check_page(page, language, typed, role="anonymous")
    page.locator(".call-card").get_by_role("link", name=open_call.title(language)).click()
    page.wait_for_url(open_call.url(server, language))
    assert page.get_by_role("heading", level=1).inner_text() == open_call.title(language)
    check_page(page, language, typed, role="anonymous")

    # 2. "Am I eligible?", without an account: the profile fields the rules read and the
    # declaration, answered on the call page; the verdict comes back in place (htmx).
    check = page.locator("#eligibility-check")
    check.locator('[name="legal_form"]').select_option(LegalForm.COOPERATIVE)
    check.locator('[name="members_count"]').fill("12")
    check.locator('[name="women_members_count"]').fill("9")
    check.locator(f'[name="declaration_{open_call.declaration.pk}"][value="yes"]').check()
    check.get_by_role("button", name=tr(language, "Check my eligibility")).click()
    result = page.locator("#eligibility-result")
    result.get_by_role("heading", name=tr(language, "You appear eligible")).wait_for()
    assert page.url == open_call.url(server, language)
    check_page(page, language, typed, role="anonymous")

    # 3. An account, from the link the verdict offers; the confirmation e-mail.
    result.locator('a[href*="/accounts/signup/"]').click()
    page.wait_for_url(re.compile(rf"/{language}/accounts/signup/"))
    check_page(page, language, typed, role="anonymous")
    field(page, "full_name").fill(typed_text["full_name"])
    field(page, "email").fill(email)
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    field(page, "privacy_consent").check()
    button(page, language, "Sign Up").click()
    page.wait_for_url(f"{server}/{language}/accounts/confirm-email/")
    check_page(page, language, typed, role="anonymous")

    # 4. The e-mailed link: confirming logs her in and leads where she was going, the
    # application's start page (no second login).
    confirmation = Message.objects.get(to_email=email)
    link = re.search(r"https?://\S+", confirmation.body_text).group(0)
    page.goto(link)
    check_page(page, language, typed, role="anonymous")
    button(page, language, "Confirm").click()
    page.wait_for_url(open_call.url(server, language, "apply/"))
    assert page.get_by_role("heading", level=1).inner_text() == tr(language, "Apply")
    check_page(page, language, typed)
    button(page, language, "Start my application").click()
    page.wait_for_url(step_url)
    assert step_url.search(page.url)["step"] == "organization"
    application = Application.objects.get(call=call, applicant__email=email)
    check_page(page, language, typed)

    # The organization step: this account has no organization yet.
    field(page, "organization-name").fill(typed_text["organization"])
    field(page, "organization-legal_form").select_option(LegalForm.COOPERATIVE)
    field(page, "organization-registration_number").fill(REGISTRATION_NUMBER)
    field(page, "organization-region").select_option("souss-massa")
    field(page, "organization-province").fill("Taroudant")
    field(page, "organization-sector").select_option("saffron")
    field(page, "organization-founded_on").fill("2019-03-14")
    field(page, "organization-members_count").fill("12")
    field(page, "organization-women_members_count").fill("9")
    field(page, "organization-youth_members_count").fill("4")
    field(page, "organization-contact_phone").fill(PHONE_NUMBER)
    wizard_button(page, language, "Save and continue").click()
    page.wait_for_url(re.compile(r"/eligibility/$"))
    check_page(page, language, typed)

    # The eligibility step: the declaration, and the verdict beside it.
    field(page, f"eligibility-declaration_{open_call.declaration.pk}").and_(
        page.locator('[value="yes"]')
    ).check()
    wizard_button(page, language, "Save and continue").click()
    page.wait_for_url(re.compile(rf"/{open_call.project_step}/$"))
    check_page(page, language, typed)

    # The project step, begun: the long text is saved while typing (autosave).
    project_step = open_call.project_step
    summary = field(page, f"{project_step}-{open_call.summary.field_name}")
    field(page, f"{project_step}-{open_call.project.field_name}").fill(typed_text["project"])
    with page.expect_response(lambda response: is_autosave(response, project_step)) as saved:
        summary.press_sequentially(typed_text["summary"], delay=10)
    assert saved.value.ok
    # Saved on the server (a slow phone may have sent the project's title alone first),
    # nothing is left waiting on the phone.
    page.wait_for_function(
        "(key) => localStorage.getItem(key) === null",
        arg=f"draft:{application.pk}-{open_call.project_step}",
    )
    saved_summary = step_data(application, project_step)[
        f"{project_step}-{open_call.summary.field_name}"
    ]
    assert saved_summary == [typed_text["summary"]]
    check_page(page, language, typed)

    # 5. Log out from the header menu, log in again: the application continues where
    # it was left, with the text as the server kept it.
    open_menu(page).get_by_role("button", name=tr(language, "Log out"), exact=True).click()
    page.wait_for_url(f"{server}/{language}/")
    check_page(page, language, typed, role="anonymous")
    # Nothing was left on this phone to restore: what comes back is the server's copy.
    assert kept_on_device(page, application, open_call.project_step) is None
    open_menu(page).get_by_role("link", name=tr(language, "Log in"), exact=True).click()
    page.wait_for_url(re.compile(rf"/{language}/accounts/login/"))
    log_in(page, email, PASSWORD, language)
    page.wait_for_url(f"{server}/{language}/me/")
    check_page(page, language, typed)
    page.get_by_role("link", name=tr(language, "Continue the application"), exact=True).click()
    page.wait_for_url(step_url)
    assert step_url.search(page.url)["step"] == open_call.project_step
    assert summary.input_value() == typed_text["summary"]
    assert not page.locator("#connection-state").is_visible()
    project_name = field(page, f"{open_call.project_step}-{open_call.project.field_name}")
    assert project_name.input_value() == typed_text["project"]
    check_page(page, language, typed)
    wizard_button(page, language, "Save and continue").click()
    page.wait_for_url(re.compile(rf"/{open_call.documents_step}/$"))
    check_page(page, language, typed)

    # 6. The statutes, sent on their own; the list of files is swapped in place (htmx).
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(MINIMAL_PDF)
    documents = page.locator(f"#files-{open_call.statutes.pk}")
    documents.locator('input[type="file"]').set_input_files(pdf)
    documents.get_by_role("button", name=tr(language, "Send the file"), exact=True).click()
    page.locator(f"#files-{open_call.statutes.pk} .file-list").get_by_role(
        "link", name=PDF_NAME
    ).wait_for()
    assert application.attachments.get().original_name == PDF_NAME
    check_page(page, language, typed)
    wizard_button(page, language, "Save and continue").click()
    page.wait_for_url(re.compile(r"/review/$"))
    review = page.locator("#wizard-form")
    assert typed_text["summary"] in review.inner_text()
    assert PDF_NAME in review.inner_text()
    check_page(page, language, typed)

    # 7. Submit: the reference, on the application and on the dashboard; the receipt.
    field(page, "review-confirm").check()
    wizard_button(page, language, "Submit the application").click()
    page.wait_for_url(f"{server}/{language}/me/applications/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    reference = application.reference
    assert re.fullmatch(rf"TST-{call.opens_at.year}-0001", reference)
    typed.append(reference)
    with translation.override(language):
        submitted = translation.gettext(
            "Your application is submitted. Its reference is %(reference)s."
        ) % {"reference": reference}
    assert page.locator(".messages").inner_text().strip() == submitted
    assert reference in page.get_by_role("heading", level=1).inner_text()
    check_page(page, language, typed)

    open_menu(page).get_by_role("link", name=tr(language, "My space"), exact=True).click()
    page.wait_for_url(f"{server}/{language}/me/")
    row = page.locator(".application-row", has_text=open_call.title(language))
    assert reference in row.inner_text()
    check_page(page, language, typed)

    receipt = Message.objects.get(template="submissions/email/receipt")
    assert receipt.to_email == email
    assert receipt.language == language
    assert reference in receipt.subject
    assert typed_text["summary"] in receipt.body_text
    assert PDF_NAME in receipt.body_text


def test_text_typed_while_the_connection_is_cut_is_kept_and_saved_when_it_returns(
    server, context, page, open_call
):
    organization = OrganizationFactory()
    application = services.application_start(call=open_call.call, applicant=organization.owner)
    name = f"{open_call.project_step}-{open_call.summary.field_name}"
    before, after = TYPED["fr"]["summary"], TYPED["fr"]["summary_more"]

    page.goto(f"{server}/fr/accounts/login/")
    log_in(page, organization.owner.email, FACTORY_PASSWORD, "fr")
    page.wait_for_url(f"{server}/fr/me/")
    page.goto(open_call.url(server, "fr", f"apply/{application.pk}/{open_call.project_step}/"))
    summary = field(page, name)
    banner = page.locator("#connection-state")

    with page.expect_response(lambda response: is_autosave(response, open_call.project_step)):
        summary.press_sequentially(before, delay=10)
    assert step_data(application, open_call.project_step)[name] == [before]

    # The network is cut while typing: the autosave fails, the page says the text is kept
    # on this device, and it is.
    # (The autosave is sent once typing has stopped for 1.5 s: its failure comes after.)
    context.set_offline(True)
    with page.expect_event("requestfailed", lambda request: request.method == "POST"):
        summary.press_sequentially(after, delay=10)
    no_connection = tr(
        "fr",
        "No connection. What you type is kept on this device and will be sent as soon as "
        "the connection returns.",
    )
    expect(banner).to_be_visible()
    expect(banner).to_have_text(no_connection)
    assert kept_on_device(page, application, open_call.project_step)[name] == [before + after]
    assert step_data(application, open_call.project_step)[name] == [before]
    assert_accessible(page)

    # The connection returns: the page sends what was typed, and says so.
    project_step = open_call.project_step
    with page.expect_response(lambda response: is_autosave(response, project_step)) as saved:
        context.set_offline(False)
    assert saved.value.ok
    expect(banner).to_have_text(tr("fr", "Connection back: your answers are saved."))
    assert step_data(application, open_call.project_step)[name] == [before + after]
    assert kept_on_device(page, application, open_call.project_step) is None

    page.reload()
    assert field(page, name).input_value() == before + after
    expect(banner).to_be_hidden()


def test_logging_out_keeps_the_language_of_the_page(server, browser):
    context = browser.new_context(**PHONE)  # a phone in English reading the Arabic pages
    try:
        page = context.new_page()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        owner = OrganizationFactory().owner
        page.goto(f"{server}/ar/accounts/login/")
        log_in(page, owner.email, FACTORY_PASSWORD, "ar")
        page.wait_for_url(f"{server}/ar/me/")
        open_menu(page).get_by_role("button", name=tr("ar", "Log out"), exact=True).click()
        page.wait_for_url(re.compile(r"/[a-z]{2}/$"))
        assert_language(page, "ar")
    finally:
        context.close()
