"""Saving the application form in the browser, on a phone: the page's own autosave and
its button never refuse each other; another tab's change is shown beside the button,
field by field, for the person to choose; without a connection, or when the server
fails, the state beside the button says the answers are not saved, and they are sent
as soon as the server answers — also from a page reopened later."""

import re

import pytest
from playwright.sync_api import expect

from calls.enums import QuestionKind
from submissions import services
from submissions.models import Application
from tests.browser.checks import check_page, field, tr
from tests.factories import PASSWORD, CallFactory, OrganizationFactory, QuestionFactory, StepFactory

pytestmark = pytest.mark.browser

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLE = "Séchoir solaire collectif"
SUMMARY = "Nous voulons sécher le safran de nos membres sans perte de qualité"
MORE = " et le vendre aux épiceries fines de Marrakech."


class Draft:
    """An open call (the project: a title and a summary; the documents: the statutes) and
    an applicant's draft with its organization step done."""

    def __init__(self):
        call = CallFactory(title_fr="Prix du safran 2026", title_ar="جائزة الزعفران 2026")
        project = StepFactory(call=call, position=1, title_fr="Le projet", title_ar="المشروع")
        documents = StepFactory(
            call=call, position=2, title_fr="Pièces justificatives", title_ar="الوثائق"
        )
        self.title = QuestionFactory(
            step=project,
            position=1,
            kind=QuestionKind.SHORT_TEXT,
            label_fr="Nom du projet",
            label_ar="اسم المشروع",
        )
        self.summary = QuestionFactory(
            step=project,
            position=2,
            kind=QuestionKind.LONG_TEXT,
            required=False,
            label_fr="Décrivez le projet",
            label_ar="صفوا المشروع",
        )
        self.statutes = QuestionFactory(
            step=documents,
            position=1,
            kind=QuestionKind.FILE,
            file_types=["pdf"],
            label_fr="Statuts",
            label_ar="النظام الأساسي",
        )
        self.project, self.documents = f"part-{project.pk}", f"part-{documents.pk}"
        organization = OrganizationFactory()
        self.user = organization.owner
        self.application = services.application_start(call=call, applicant=self.user)
        self.call = call

    def url(self, server, step, language="fr"):
        return f"{server}/{language}/calls/{self.call.slug}/apply/{self.application.pk}/{step}/"

    def field(self, question):
        return f"{self.project}-{question.field_name}"

    def stored(self, question):
        self.application.refresh_from_db(fields=["form_data"])
        data = (self.application.form_data or {}).get("step_data", {}).get(self.project, {})
        return data.get(self.field(question), [None])[0]


@pytest.fixture
def draft(transactional_db):
    return Draft()


def log_in(page, server, user, language="fr"):
    page.goto(f"{server}/{language}/accounts/login/")
    field(page, "login").fill(user.email)
    field(page, "password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=tr(language, "Sign In"), exact=True).click()
    page.wait_for_url(f"{server}/{language}/me/")


def is_autosave(request):
    return request.method == "POST" and "autosave=1" in (request.post_data or "")


def save_button(page, language="fr"):
    return page.locator(".wizard-actions").get_by_role(
        "button", name=tr(language, "Save and continue"), exact=True
    )


def beside_button(page):
    return page.locator("#autosave-state")


def test_save_and_continue_crossing_the_pages_autosave_moves_on_with_what_was_typed(
    server, page, draft, tmp_path
):
    log_in(page, server, draft.user)
    page.goto(draft.url(server, draft.project))
    held = []  # autosaves the server got, whose answer the page has not had yet

    def hold_autosaves(route):
        if is_autosave(route.request):
            held.append(route.fetch())
        else:
            route.continue_()

    page.route(re.compile(rf"/{draft.project}/$"), hold_autosaves)
    field(page, draft.field(draft.title)).fill(TITLE)
    for _ in range(100):  # the autosave leaves 1.5 s after typing stops
        if held:
            break
        page.wait_for_timeout(100)
    assert draft.stored(draft.title) == TITLE

    # The button's POST carries the version the page had before that autosave.
    save_button(page).click()
    page.wait_for_url(draft.url(server, draft.documents))
    page.unroute(re.compile(rf"/{draft.project}/$"))

    conflict = tr(
        "fr",
        "This application was changed in another tab or on another device since this page "
        "was opened.",
    )
    assert conflict not in page.inner_text("main")

    # The documents step: the statutes, sent on their own; then the review, complete.
    pdf = tmp_path / "statuts.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    documents = page.locator(f"#files-{draft.statutes.pk}")
    documents.locator('input[type="file"]').set_input_files(pdf)
    documents.get_by_role("button", name=tr("fr", "Send the file"), exact=True).click()
    documents.locator(".file-list").wait_for()
    save_button(page).click()
    page.wait_for_url(draft.url(server, "review"))
    assert conflict not in page.inner_text("main")
    assert tr("fr", "This step is not complete.") not in page.inner_text("main")


def test_a_change_from_another_tab_is_shown_beside_the_button_and_the_person_chooses(
    server, context, page, draft
):
    log_in(page, server, draft.user, "ar")
    other_tab = context.new_page()
    page.goto(draft.url(server, draft.project, "ar"))
    other_tab.goto(draft.url(server, draft.project, "ar"))

    with other_tab.expect_response(lambda response: is_autosave(response.request)):
        field(other_tab, draft.field(draft.title)).fill("مجفف من الهاتف")
    other_tab.close()
    with page.expect_response(lambda response: is_autosave(response.request)):
        field(page, draft.field(draft.title)).fill("مجفف من الحاسوب")
    with page.expect_response(lambda response: is_autosave(response.request)):
        field(page, draft.field(draft.title)).blur()  # leaving the field sends it too

    state = beside_button(page)
    expect(state.locator(".autosave-conflict")).to_be_visible()
    assert "مجفف من الحاسوب" in state.inner_text()
    assert "مجفف من الهاتف" in state.inner_text()
    assert draft.stored(draft.title) == "مجفف من الهاتف"
    check_page(page, "ar", role="applicant", typed_values=["مجفف من الحاسوب", "مجفف من الهاتف"])

    with page.expect_response(lambda response: is_autosave(response.request)):
        state.get_by_role("button", name=tr("ar", "Keep what I typed")).click()
    expect(state.locator(".autosave-conflict")).to_have_count(0)
    expect(state).to_contain_text(tr("ar", "Saved at %(time)s").split("%")[0].strip())
    assert draft.stored(draft.title) == "مجفف من الحاسوب"


def test_text_typed_offline_is_said_unsaved_beside_the_button_and_sent_from_the_reopened_page(
    server, context, page, draft
):
    log_in(page, server, draft.user)
    page.goto(draft.url(server, draft.project))
    summary = field(page, draft.field(draft.summary))
    with page.expect_response(lambda response: is_autosave(response.request)):
        summary.fill(SUMMARY)
    saved_at = tr("fr", "Saved at %(time)s").split("%")[0].strip()
    expect(beside_button(page)).to_contain_text(saved_at)

    context.set_offline(True)
    with page.expect_event("requestfailed", lambda request: is_autosave(request)):
        summary.press_sequentially(MORE, delay=5)
    offline = tr(
        "fr",
        "Not saved: no connection. What you typed is kept on this device and will be sent "
        "when the connection returns.",
    )
    expect(beside_button(page)).to_have_text(offline)
    # Pressing the button offline: nothing leaves, and the state beside it says why.
    save_button(page).click()
    expect(beside_button(page)).to_have_text(offline)
    assert page.url == draft.url(server, draft.project)
    check_page(page, "fr", role="applicant", typed_values=[SUMMARY + MORE])
    page.close()

    # Later, with a connection: the page reopened restores the text and sends it.
    context.set_offline(False)
    reopened = context.new_page()
    with reopened.expect_response(lambda response: is_autosave(response.request)) as sent:
        reopened.goto(draft.url(server, draft.project))
    assert sent.value.ok
    expect(beside_button(reopened)).to_contain_text(saved_at)
    assert field(reopened, draft.field(draft.summary)).input_value() == SUMMARY + MORE
    assert draft.stored(draft.summary) == SUMMARY + MORE


def test_a_server_error_never_shows_saved_and_the_answers_are_sent_again(server, page, draft):
    log_in(page, server, draft.user)
    page.goto(draft.url(server, draft.project))
    failures = []

    def fail_once(route):
        if is_autosave(route.request) and not failures:
            failures.append(route.request)
            route.fulfill(status=503, body="Service Unavailable")
        else:
            route.continue_()

    page.route(re.compile(rf"/{draft.project}/$"), fail_once)
    with page.expect_response(lambda response: response.status == 503):
        field(page, draft.field(draft.summary)).fill(SUMMARY)
    failed = tr(
        "fr",
        "Not saved: the server did not answer. What you typed is kept on this device; "
        "trying again…",
    )
    expect(beside_button(page)).to_have_text(failed)

    with page.expect_response(lambda response: is_autosave(response.request) and response.ok):
        pass  # sent again on its own, a moment later
    saved_at = tr("fr", "Saved at %(time)s").split("%")[0].strip()
    expect(beside_button(page)).to_contain_text(saved_at)
    assert draft.stored(draft.summary) == SUMMARY
    assert Application.objects.get(pk=draft.application.pk).form_saved_at is not None
