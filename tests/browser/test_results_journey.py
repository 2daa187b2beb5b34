"""From the jury's ranking to the published results, in the browser.

A prize call is closed and its final round scored by the whole jury (see
`results_fixtures`). The chair, on her phone, finds the deliberation she chairs, reads the
ranking (order, means), the jurors' agreement and the proposed winners; records the
proposal as decisions, then gives the third-ranked application a special mention through
the decision form; locks the deliberation and downloads the French minutes. The results
are not public yet: their page answers 404, the winners gallery does not list the call,
the applicants' space says nothing and no certificate can be downloaded. The chair cannot
publish.

The organizer writes the announcement in three languages, publishes now, prepares the
result notices, previews the Arabic one, releases them, and sees them sent: every
applicant gets exactly one result e-mail, in their language.

The first prize's applicant (in French) and the special mention's (in Arabic) find their
outcome in their space and download their certificate (in their page's language). Anyone
reads the results in French and in Arabic (right to left), and the winners gallery.

Every page is checked on both phones and a desktop (`checks.check_page`: sideways
scrolling, the navigation, squeezed text, axe-core, language and direction, English left
untranslated).
"""

import io
from urllib.parse import urlsplit

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.enums import Outcome
from awards.models import Decision, ResultNotice, ResultsPublication
from notifications.enums import MessageStatus
from notifications.models import Message
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.browser import checks
from tests.browser.checks import field as form_field
from tests.browser.checks import tr
from tests.browser.results_fixtures import APPLICANTS, CALL_TITLES, MEANS, PRIZES, results_scene
from tests.factories import PASSWORD as FACTORY_PASSWORD

pytestmark = pytest.mark.browser

RESULT_TEMPLATE = "awards/email/result"

# What the chair types: one justification for the proposal, then the special mention's
# justification and the summary the public reads of the project.
PROPOSAL_JUSTIFICATION = "Classement du jury, sans écart entre jurés ; aucune règle à appliquer."
MENTION_JUSTIFICATION = "Dynamique féminine remarquable ; le jury veut l'encourager."
MENTION_SUMMARY = "Séchage et conditionnement du safran par les femmes de Taliouine."
ANNOUNCEMENT = {
    "fr": "Le jury a distingué deux coopératives et décerné une mention spéciale.",
    "ar": "ميزت لجنة التحكيم تعاونيتين ومنحت تنويها خاصا.",
    "en": "The jury distinguished two cooperatives and gave a special mention.",
}

# Latin words an Arabic page of this journey may legitimately show:
# - "LAM": the applications' references (LAM-2026-0001…), written the same in every
#   language (as in the jury journey).
# (The certificate's "PDF" is a file format, allowed on every Arabic page.)
# The organizations' names and the project summary are shown as written (typed values).
LATIN_ALLOWED = {"LAM"}
LATIN_NAMES = [a.organization for a in APPLICANTS if a.language == "fr"]


def check_page(page, language, typed=(), *, role):
    typed_values = [*typed, *LATIN_NAMES, MENTION_SUMMARY]
    checks.check_page(page, language, role=role, typed_values=typed_values, allowed=LATIN_ALLOWED)


def button(page, language, label, context=None):
    return page.locator("main").get_by_role("button", name=tr(language, label, context), exact=True)


def link(page, language, label, context=None):
    return page.locator("main").get_by_role("link", name=tr(language, label, context), exact=True)


def message(page):
    return page.locator(".messages").inner_text().strip()


def log_in(page, email, password, language="fr"):
    form_field(page, "login").fill(email)
    form_field(page, "password").fill(password)
    button(page, language, "Sign In").click()


def post_from_page(page, url, data=None):
    """A form sent with the page's session and CSRF token: what one could send whatever
    the page shows."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(url, form=data or {}, headers={"X-CSRFToken": token})


def download(page, locator):
    """Click a download link; the file's name and content."""
    with page.expect_download() as started:
        locator.click()
    got = started.value
    with open(got.path(), "rb") as file:
        return got.suggested_filename, file.read()


def pdf_text(content):
    assert content.startswith(b"%PDF"), content[:20]
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def in_language(language, function, *args):
    with translation.override(language):
        return function(*args)


def all_results(language):
    """The name of the links to the call's results page."""
    with translation.override(language):
        return translation.gettext("All the results of “%(title)s”") % {
            "title": CALL_TITLES[language]
        }


def prize_label(rank, language="fr"):
    return PRIZES[rank - 1][3][language]


# --- 1. the chair deliberates ---------------------------------------------------------


def ranking_rows(page):
    """The ranking table's rows (not the jurors' score tables nested in them): rank,
    reference, text of the application's cell, mean, proposal, decision."""
    rows = []
    for row in page.locator("table.ranking > tbody > tr").all():
        cells = [text.strip() for text in row.locator(":scope > td").all_inner_texts()]
        rows.append(
            {
                "rank": cells[0],
                "reference": row.locator(":scope > th > strong").inner_text().strip(),
                "application": row.locator(":scope > th").inner_text(),
                "mean": cells[1],
                "evaluations": cells[5],
                "proposal": cells[6],
                "decision": " ".join(row.locator(":scope > td strong").all_inner_texts()),
            }
        )
    return rows


def chair_deliberates(server, page, scene):
    call = scene.call
    deliberation_url = f"{server}/fr/jury/calls/{call.slug}/deliberation/"
    references = [application.reference for application in scene.applications]

    # The jury workspace lists the deliberation she chairs.
    page.goto(f"{server}/fr/accounts/login/?next=/fr/jury/")
    log_in(page, scene.chair.email, FACTORY_PASSWORD)
    page.wait_for_url(f"{server}/fr/jury/")
    check_page(page, "fr", role="juror")
    chaired = page.locator("section", has=page.locator("#chaired-heading"))
    expect(chaired.locator("h2")).to_have_text(tr("fr", "Deliberations you chair"))
    chaired.get_by_role("link", name=CALL_TITLES["fr"], exact=True).click()
    page.wait_for_url(deliberation_url)
    check_page(page, "fr", role="juror")
    with translation.override("fr"):
        heading = translation.gettext("Deliberation — round: %(round)s") % {
            "round": scene.round.get_kind_display()
        }
        to_decide = translation.ngettext(
            "%(n)s application still to decide.", "%(n)s applications still to decide.", 5
        ) % {"n": 5}
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("main .page-header")).to_contain_text(to_decide)
    # The chair cannot publish: no way to it from her pages.
    expect(link(page, "fr", "Publish the results")).to_have_count(0)

    # The ranking: the applications in the jury's order, with their means.
    rows = ranking_rows(page)
    assert [row["reference"] for row in rows] == references
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert [row["mean"] for row in rows] == [in_language("fr", floatformat, m, 1) for m in MEANS]
    assert [row["evaluations"] for row in rows] == ["3/3"] * 5
    for row, applicant in zip(rows, APPLICANTS, strict=True):
        assert applicant.organization in row["application"]  # no blind review
    assert [row["proposal"] for row in rows] == [prize_label(1), prize_label(2), "", "", ""]
    assert [row["decision"] for row in rows] == [""] * 5
    for reference in references:
        expect(
            page.get_by_role("link", name=f"{tr('fr', 'Decide')} {reference}", exact=True)
        ).to_be_visible()

    # The jurors agree: Krippendorff's alpha, nothing flagged, nothing missing.
    agreement = page.locator("section", has=page.locator("#agreement-heading"))
    expect(agreement.locator("h2")).to_have_text(tr("fr", "Agreement between jurors"))
    expect(agreement).to_contain_text(f"α = {in_language('fr', floatformat, 0.9105, 2)}")
    expect(agreement).to_contain_text(tr("fr", "Jurors agree well"))
    facts = [text.strip() for text in agreement.locator("dl.facts dd").all_inner_texts()]
    assert facts == ["0", "0", "0"]  # flagged, without evaluation, evaluations missing

    # The proposed winners: the two best, first prize first.
    proposal = page.locator("#proposal")
    proposed = proposal.locator("ol > li")
    expect(proposed).to_have_count(2)
    for rank, item in enumerate(proposed.all(), start=1):
        expect(item).to_contain_text(prize_label(rank))
        expect(item).to_contain_text(scene.applications[rank - 1].reference)
        expect(item).to_contain_text(APPLICANTS[rank - 1].organization)

    # The proposal recorded as decisions, with its justification.
    proposal.locator('[name="justification"]').fill(PROPOSAL_JUSTIFICATION)
    proposal.get_by_role(
        "button", name=tr("fr", "Record the proposal as decisions"), exact=True
    ).click()
    page.wait_for_url(deliberation_url)
    assert message(page) == tr("fr", "The proposed winners are recorded as decisions.")
    not_selected = tr("fr", "Not selected", "decision")
    decided = [row["decision"] for row in ranking_rows(page)]
    assert decided == [prize_label(1), prize_label(2), not_selected, not_selected, not_selected]
    decisions = {d.application_id: d for d in Decision.objects.all()}
    assert [decisions[a.pk].outcome for a in scene.applications] == [
        Outcome.PRIZE,
        Outcome.PRIZE,
        *[Outcome.NOT_SELECTED] * 3,
    ]
    assert {d.justification for d in decisions.values()} == {PROPOSAL_JUSTIFICATION}
    check_page(page, "fr", [PROPOSAL_JUSTIFICATION], role="juror")

    # The third best changed to a special mention, through the decision form.
    mention = scene.mention
    page.locator(f"#application-{mention.pk}").get_by_role(
        "link", name=f"{tr('fr', 'Change')} {mention.reference}", exact=True
    ).click()
    page.wait_for_url(f"{deliberation_url}applications/{mention.pk}/")
    check_page(page, "fr", role="juror")
    with translation.override("fr"):
        heading = translation.gettext("Decision on %(reference)s") % {
            "reference": mention.reference
        }
    expect(page.locator("h1")).to_have_text(heading)
    facts = [text.strip() for text in page.locator("main dl.facts dd").all_inner_texts()]
    assert facts[:3] == [APPLICANTS[2].organization, "3", in_language("fr", floatformat, 65, 1)]
    expect(form_field(page, "outcome")).to_have_value(Outcome.NOT_SELECTED)
    expect(form_field(page, "justification")).to_have_value(PROPOSAL_JUSTIFICATION)
    form_field(page, "outcome").select_option(Outcome.SPECIAL_MENTION)
    form_field(page, "justification").fill(MENTION_JUSTIFICATION)
    form_field(page, "public_summary").fill(MENTION_SUMMARY)
    check_page(page, "fr", [MENTION_JUSTIFICATION], role="juror")
    button(page, "fr", "Record the decision").click()
    page.wait_for_url(f"{deliberation_url}#application-{mention.pk}")
    with translation.override("fr"):
        recorded = translation.gettext("Decision recorded for %(reference)s.") % {
            "reference": mention.reference
        }
    assert message(page) == recorded
    row = ranking_rows(page)[2]
    assert row["decision"] == tr("fr", "Special mention", "decision")
    decision = Decision.objects.get(application=mention)
    assert (decision.outcome, decision.justification, decision.public_summary) == (
        Outcome.SPECIAL_MENTION,
        MENTION_JUSTIFICATION,
        MENTION_SUMMARY,
    )
    with translation.override("fr"):
        to_decide = translation.ngettext(
            "%(n)s application still to decide.", "%(n)s applications still to decide.", 0
        ) % {"n": 0}
    expect(page.locator("main .page-header")).to_contain_text(to_decide)
    check_page(page, "fr", role="juror")

    # Locked through the confirmation page.
    link(page, "fr", "Lock the deliberation…").click()
    page.wait_for_url(f"{deliberation_url}lock/")
    expect(page.locator("h1")).to_have_text(tr("fr", "Lock the deliberation"))
    check_page(page, "fr", role="juror")
    button(page, "fr", "Lock the deliberation").click()
    page.wait_for_url(deliberation_url)
    assert message(page) == tr("fr", "The deliberation is locked and its minutes written.")
    locked = page.locator("main .page-header .alert--success")
    expect(locked).to_contain_text(scene.chair.full_name)
    expect(page.locator("#proposal form")).to_have_count(0)
    expect(link(page, "fr", "Lock the deliberation…")).to_have_count(0)
    expect(page.locator("table.ranking").get_by_role("link")).to_have_count(0)
    expect(link(page, "fr", "Publish the results")).to_have_count(0)
    statuses = Application.objects.in_bulk([a.pk for a in scene.applications])
    assert [statuses[a.pk].status for a in scene.applications] == [
        ApplicationStatus.WINNER,
        ApplicationStatus.WINNER,
        ApplicationStatus.SPECIAL_MENTION,
        ApplicationStatus.NOT_SELECTED,
        ApplicationStatus.NOT_SELECTED,
    ]
    check_page(page, "fr", role="juror")

    # The minutes, in French: the ranking and the decisions as they were locked.
    name, content = download(page, link(page, "fr", "in French"))
    assert name == f"minutes-{call.slug}-fr.pdf"
    minutes = " ".join(pdf_text(content).split())  # table cells wrap over lines
    for reference in references:
        assert reference in minutes
    assert CALL_TITLES["fr"] in minutes
    assert APPLICANTS[0].organization in minutes
    assert scene.chair.full_name in minutes
    assert MENTION_JUSTIFICATION in minutes

    # Publishing is the organizers': to the chair, the results pages are "not found".
    refused = page.goto(f"{server}/fr/manage/calls/{call.slug}/results/")
    assert refused.status == 404
    page.goto(deliberation_url)
    refused = post_from_page(page, f"{server}/fr/manage/calls/{call.slug}/results/publish/")
    assert refused.status == 404
    assert not ResultsPublication.objects.filter(call=call, published_at__isnull=False).exists()


# --- before publication: nothing leaks ------------------------------------------------


def nothing_public_yet(server, visitor, scene):
    for language in ("fr", "ar"):
        response = visitor.goto(f"{server}/{language}/calls/{scene.call.slug}/results/")
        assert response.status == 404, (language, response.status)
    visitor.goto(f"{server}/fr/winners/")
    check_page(visitor, "fr", role="anonymous")
    expect(visitor.locator("main")).not_to_contain_text(CALL_TITLES["fr"])
    expect(visitor.locator("main .empty-state")).to_be_visible()


def applicant_logs_in(server, page, applicant, language):
    page.goto(f"{server}/{language}/accounts/login/?next=/{language}/me/")
    log_in(page, applicant.email, FACTORY_PASSWORD, language)
    page.wait_for_url(f"{server}/{language}/me/")


def no_result_yet(server, page, application, applicant, language):
    """The applicant's space before publication: no outcome, no certificate."""
    page.goto(f"{server}/{language}/me/")
    check_page(page, language, [applicant.full_name, applicant.email], role="applicant")
    expect(page.locator("#results-heading")).to_have_count(0)
    expect(link(page, language, "Download my certificate (PDF)")).to_have_count(0)
    response = page.request.get(
        f"{server}/{language}/me/applications/{application.pk}/certificate.pdf"
    )
    assert response.status == 404


# --- 2. the organizer publishes -------------------------------------------------------


def organizer_publishes(server, page, scene):
    call = scene.call
    results_url = f"{server}/fr/manage/calls/{call.slug}/results/"
    notices_url = f"{results_url}notices/"
    typed = list(ANNOUNCEMENT.values())

    page.goto(f"{server}/fr/accounts/login/?next=/fr/manage/calls/{call.slug}/results/")
    log_in(page, scene.organizer.email, FACTORY_PASSWORD)
    page.wait_for_url(results_url)
    check_page(page, "fr", role="organizer")
    expect(page.locator("h1")).to_have_text(tr("fr", "Publish the results"))
    state = page.locator("section", has=page.locator("#state-heading"))
    expect(state).to_contain_text(tr("fr", "Deliberation locked"))

    # The announcement, in each language.
    for code, text in ANNOUNCEMENT.items():
        form_field(page, f"announcement_{code}").fill(text)
    button(page, "fr", "Save").click()
    page.wait_for_url(results_url)
    assert message(page) == tr("fr", "The announcement is saved.")
    for code, text in ANNOUNCEMENT.items():
        expect(form_field(page, f"announcement_{code}")).to_have_value(text)
    check_page(page, "fr", typed, role="organizer")

    # Published now.
    button(page, "fr", "Publish now").click()
    page.wait_for_url(results_url)
    assert message(page) == tr("fr", "The results are public.")
    expect(button(page, "fr", "Publish now")).to_have_count(0)
    expect(state.get_by_role("link", name=tr("fr", "See the public page"))).to_have_attribute(
        "href", f"/fr/calls/{call.slug}/results/"
    )
    check_page(page, "fr", typed, role="organizer")

    # The result notices: prepared as drafts, one previewed, released together.
    state.get_by_role("link", name=tr("fr", "Result notices"), exact=True).click()
    page.wait_for_url(notices_url)
    check_page(page, "fr", role="organizer")
    expect(page.locator("#notices-progress")).to_have_text(tr("fr", "No notice prepared yet."))
    button(page, "fr", "Prepare the notices").click()
    page.wait_for_url(notices_url)
    assert message(page) == tr("fr", "The result notices are ready to review.")
    with translation.override("fr"):
        prepared = translation.ngettext(
            "%(n)s notice prepared, not sent.", "%(n)s notices prepared, not sent.", 5
        ) % {"n": 5}
    expect(page.locator("#notices-progress")).to_have_text(prepared)
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(5)
    expected_outcomes = [
        tr("fr", "Prize", "decision"),
        tr("fr", "Prize", "decision"),
        tr("fr", "Special mention", "decision"),
        tr("fr", "Not selected", "decision"),
        tr("fr", "Not selected", "decision"),
    ]
    for row, application, outcome in zip(
        rows.all(), scene.applications, expected_outcomes, strict=True
    ):
        cells = [text.strip() for text in row.locator("td").all_inner_texts()]
        expect(row.locator("th")).to_have_text(application.reference)
        assert cells[0] == outcome
        assert cells[2] == tr("fr", "draft")
    assert Message.objects.filter(template=RESULT_TEMPLATE).count() == 0
    check_page(page, "fr", role="organizer")

    # The special mention's notice, as its applicant (in Arabic) will read it.
    mention = scene.mention
    notice = ResultNotice.objects.get(application=mention)
    rows.locator("th").get_by_role("link", name=mention.reference, exact=True).click()
    page.wait_for_url(f"{notices_url}{notice.pk}/")
    check_page(page, "fr", role="organizer")
    article = page.locator("main article")
    expect(article).to_have_attribute("lang", "ar")
    expect(article).to_have_attribute("dir", "rtl")
    subject = tr("ar", "Congratulations: your application receives a special mention")
    expect(article.locator("h2")).to_have_text(f"{subject} — {CALL_TITLES['ar']}")
    expect(article).to_contain_text(mention.reference)
    link(page, "fr", "Back to the notices").click()
    page.wait_for_url(notices_url)

    # Released: sent, each applicant once.
    button(page, "fr", "Release all the notices").click()
    page.wait_for_url(notices_url)
    assert message(page) == tr("fr", "The result notices are being sent.")
    with translation.override("fr"):
        sent = translation.gettext("%(sent)s of %(total)s notices sent") % {"sent": 5, "total": 5}
    expect(page.locator("#notices-progress")).to_contain_text(sent)
    expect(button(page, "fr", "Release all the notices")).to_have_count(0)
    expect(button(page, "fr", "Prepare again")).to_have_count(0)
    statuses = [text.strip() for text in rows.locator("td:nth-of-type(3)").all_inner_texts()]
    assert statuses == [in_language("fr", str, MessageStatus.SENT.label)] * 5
    check_page(page, "fr", role="organizer")


def each_applicant_told_once(scene):
    """One result e-mail per applicant, in the applicant's language, saying the outcome."""
    mails = Message.objects.filter(template=RESULT_TEMPLATE)
    assert sorted(mails.values_list("to_email", flat=True)) == sorted(a.email for a in APPLICANTS)
    subjects = [
        "Congratulations: your application wins a prize",
        "Congratulations: your application wins a prize",
        "Congratulations: your application receives a special mention",
        "The results of the call",
        "The results of the call",
    ]
    for applicant, application, subject in zip(
        APPLICANTS, scene.applications, subjects, strict=True
    ):
        mail = mails.get(to_email=applicant.email)
        language = applicant.language
        assert mail.language == language
        assert mail.status == MessageStatus.SENT
        assert mail.subject == f"{tr(language, subject)} — {CALL_TITLES[language]}"
        assert application.reference in mail.body_text
        assert f"/{language}/calls/{scene.call.slug}/results/" in mail.body_text
        assert PROPOSAL_JUSTIFICATION not in mail.body_text  # the jury's reasons stay inside
        assert MENTION_JUSTIFICATION not in mail.body_text


# --- 3. the laureates find their outcome and certificate ------------------------------


def laureate_downloads_certificate(server, page, scene, application, language):
    """On /<language>/me/: the outcome; the certificate in the page's language."""
    applicant = APPLICANTS[scene.applications.index(application)]
    typed = [applicant.full_name, applicant.email]
    page.goto(f"{server}/{language}/me/")
    check_page(page, language, typed, role="applicant")
    results = page.locator("section", has=page.locator("#results-heading"))
    expect(results.locator("h2")).to_have_text(tr(language, "My results"))
    card = results.locator("li.card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(application.reference)
    expect(card.locator("h3")).to_have_text(CALL_TITLES[language])
    outcome = card.locator(".outcome")
    if application == scene.winner:
        with translation.override(language):
            awarded = translation.gettext("Awarded: %(prize)s") % {
                "prize": prize_label(1, language)
            }
            amount = translation.gettext("Amount: %(amount)s MAD") % {"amount": intcomma(100_000)}
        expect(outcome).to_contain_text(awarded)
        expect(outcome).to_contain_text(amount)
    else:
        expect(outcome).to_have_text(
            tr(language, "The jury gives your application a special mention.")
        )
    expect(card.get_by_role("link", name=all_results(language), exact=True)).to_have_attribute(
        "href", f"/{language}/calls/{scene.call.slug}/results/"
    )

    name, content = download(
        page,
        card.get_by_role("link", name=tr(language, "Download my certificate (PDF)"), exact=True),
    )
    assert name == f"certificate-{application.reference}.pdf"
    text = pdf_text(content)
    assert applicant.organization in text
    assert application.reference in text
    # In a right-to-left line pypdf may give the title's year before its words.
    assert [word for word in CALL_TITLES[language].split() if word not in text] == []
    if application == scene.winner:
        assert prize_label(1, language) in text

    # The application's own page says it too.
    card.locator("h3").get_by_role("link").click()
    page.wait_for_url(f"{server}/{language}/me/applications/{application.pk}/")
    check_page(page, language, typed, role="applicant")
    section = page.locator("section", has=page.locator("#result-heading"))
    expect(section.locator("h2")).to_have_text(tr(language, "Result"))
    expect(
        section.get_by_role("link", name=tr(language, "Download my certificate (PDF)"), exact=True)
    ).to_be_visible()


# --- 4. anyone reads the results ------------------------------------------------------


def public_results(server, page, scene, language):
    """From the call's page to its results: the announcement, the winners by prize, the
    special mention."""
    page.goto(f"{server}/{language}/calls/{scene.call.slug}/")
    check_page(page, language, role="anonymous")
    link(page, language, "See the results").click()
    page.wait_for_url(f"{server}/{language}/calls/{scene.call.slug}/results/")
    check_page(page, language, [ANNOUNCEMENT[language]], role="anonymous")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_have_text(CALL_TITLES[language])
    expect(page.locator("main .results-announcement")).to_have_text(ANNOUNCEMENT[language])
    with translation.override(language):
        total = translation.gettext("%(amount)s MAD") % {"amount": intcomma(170_000)}
    # The two prizes' winners and the special mention, counted apart: a mention is no prize.
    summary = page.locator("main dl.results-summary")
    terms = [text.strip() for text in summary.locator("dt").all_inner_texts()]
    facts = [text.strip() for text in summary.locator("dd").all_inner_texts()]
    labels = ["Winners", "Special mentions", "Total amount awarded"]
    assert terms == [tr(language, label) for label in labels]
    assert facts == ["2", "1", total]

    winners = page.locator("section", has=page.locator("#winners-heading"))
    expect(winners.locator("h2")).to_have_text(tr(language, "Winners"))
    categories = winners.locator("section.results-category")
    expect(categories).to_have_count(2)
    for category, rank in zip(categories.all(), (1, 2), strict=True):
        expect(category.locator("h3")).to_have_text(prize_label(rank, language))
        expect(category.locator("li h4")).to_have_text([APPLICANTS[rank - 1].organization])
    mentions = page.locator("section", has=page.locator("#mentions-heading"))
    expect(mentions.locator("h2")).to_have_text(tr(language, "Special mentions"))
    expect(mentions.locator("li h3")).to_have_text([APPLICANTS[2].organization])
    expect(mentions.locator("li")).to_contain_text(MENTION_SUMMARY)
    main = page.locator("main")
    for applicant in APPLICANTS[3:]:
        expect(main).not_to_contain_text(applicant.organization)
    expect(main).not_to_contain_text(PROPOSAL_JUSTIFICATION)
    expect(main).not_to_contain_text(MENTION_JUSTIFICATION)


def winners_gallery(server, page, scene, language):
    page.goto(f"{server}/{language}/winners/")
    check_page(page, language, role="anonymous")
    section = page.locator("main section.results-section")
    expect(section).to_have_count(1)
    expect(section.locator("h2")).to_have_text(CALL_TITLES[language])
    expect(section.locator("li h3")).to_have_text([a.organization for a in APPLICANTS[:3]])
    badges = [prize_label(1, language), prize_label(2, language)]
    badges.append(tr(language, "Special mention", "decision"))
    expect(section.locator("li .badge")).to_have_text(badges)
    section.get_by_role("link", name=all_results(language), exact=True).click()
    page.wait_for_url(f"{server}/{language}/calls/{scene.call.slug}/results/")


# --- the journey ----------------------------------------------------------------------


def test_chair_decides_organizer_publishes_laureates_download_certificates_public_reads(
    server, page, new_phone
):
    scene = results_scene()

    # 1. The chair, on her phone.
    chair_deliberates(server, page, scene)

    # Locked, not published: nothing is public, the applicants learn nothing yet.
    visitor = new_phone()
    nothing_public_yet(server, visitor, scene)
    winner = new_phone("fr")
    applicant_logs_in(server, winner, APPLICANTS[0], "fr")
    no_result_yet(server, winner, scene.winner, APPLICANTS[0], "fr")
    mention = new_phone("ar")
    applicant_logs_in(server, mention, APPLICANTS[2], "ar")
    no_result_yet(server, mention, scene.mention, APPLICANTS[2], "ar")

    # 2. The organizer, on her phone, publishes and tells every applicant.
    organizer_publishes(server, new_phone("fr"), scene)
    each_applicant_told_once(scene)

    # 3. The laureates: the first prize in French, the special mention in Arabic.
    laureate_downloads_certificate(server, winner, scene, scene.winner, "fr")
    laureate_downloads_certificate(server, mention, scene, scene.mention, "ar")

    # 4. Anyone: the results in French and in Arabic, the winners gallery.
    for language in ("fr", "ar"):
        public_results(server, visitor, scene, language)
    winners_gallery(server, visitor, scene, "fr")
    assert urlsplit(visitor.url).path == f"/fr/calls/{scene.call.slug}/results/"
