"""A laureate's certificate and what an applicant reads of her result in her space: nothing
before publication, then the outcome and, for a prize or a special mention, the PDF."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from awards.certificates import certificate_data
from awards.enums import Outcome
from awards.selectors import certificate_application
from tests.awards.factories import decided_call, publish
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def certificate_url(application, language="fr"):
    return url("certificates:download", language, pk=application.pk)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def published():
    decided = decided_call()
    publish(decided.call)
    return decided


# --- The certificate -------------------------------------------------------------------


def test_a_winner_downloads_her_certificate_as_a_pdf(client, published):
    winner = published.first
    client.force_login(winner.applicant)

    response = client.get(certificate_url(winner))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{winner.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Coopérative Nour Souss" in text
    assert winner.reference in text
    assert "Premier prix" in text


def test_a_special_mention_downloads_her_certificate_too(client, published):
    client.force_login(published.mention.applicant)

    response = client.get(certificate_url(published.mention, "en"))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Association Tawada 1" in text
    assert published.call.title_en in text


def test_the_certificate_speaks_the_language_it_is_asked_in(published):
    winner = certificate_application(user=published.second.applicant, pk=published.second.pk)

    data = certificate_data(winner, language="ar")

    assert data.language == "ar"
    assert data.call_title == published.call.title_ar
    assert data.distinction == "الجائزة الثانية"
    assert data.organization == "Coopérative Amal Draa"
    assert data.amount_mad == 50_000
    assert data.reference == published.second.reference
    assert data.issued_on == timezone.localdate(published.call.results_published_at)
    results = url("results:call", "ar", slug=published.call.slug)
    assert data.verification_url == settings.SITE_URL + results
    with translation.override("ar"):
        assert data.region == str(published.second.organization.get_region_display())


def test_a_special_mention_certificate_names_the_mention_and_no_amount(published):
    mention = certificate_application(user=published.mention.applicant, pk=published.mention.pk)

    data = certificate_data(mention, language="fr")

    with translation.override("fr"):
        assert data.distinction == str(Outcome.SPECIAL_MENTION.label)
    assert data.amount_mad is None


def test_the_certificate_shows_the_name_the_application_was_submitted_under(client, published):
    organization = published.first.organization
    organization.name = "Nouveau nom"
    organization.save(update_fields=["name"])
    client.force_login(published.first.applicant)

    text = pdf_text(client.get(certificate_url(published.first)).content)

    assert "Coopérative Nour Souss" in text
    assert "Nouveau nom" not in text


def test_nobody_else_gets_a_laureates_certificate(client, published):
    client.force_login(published.second.applicant)

    assert client.get(certificate_url(published.first)).status_code == 404


def test_an_application_not_selected_has_no_certificate(client, published):
    client.force_login(published.not_selected.applicant)

    assert client.get(certificate_url(published.not_selected)).status_code == 404


def test_no_certificate_before_the_results_are_published(client):
    decided = decided_call()
    client.force_login(decided.first.applicant)

    assert client.get(certificate_url(decided.first)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_for_a_certificate(client, published):
    response = client.get(certificate_url(published.first))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


# --- The applicant's space -------------------------------------------------------------


def test_dashboard_and_application_page_show_the_prize_and_certificate_only_once_published(
    client,
):
    decided = decided_call()
    winner = decided.first
    client.force_login(winner.applicant)
    pages = [url("me:dashboard"), url("me:application", pk=winner.pk)]
    link = f'href="{certificate_url(winner)}"'
    amount = formats.number_format(120_000, use_l10n=True, force_grouping=True)

    before = [client.get(page).content.decode() for page in pages]
    publish(decided.call)
    after = [client.get(page).content.decode() for page in pages]

    for page in before:
        assert link not in page
        assert "Premier prix" not in page
    for page in after:
        assert link in page
        assert "Premier prix" in page
        assert f"{amount} MAD" in page
        assert f'href="{url("results:call", slug=decided.call.slug)}"' in page


def test_a_special_mention_reads_it_with_her_certificate(client, published):
    mention = published.mention
    client.force_login(mention.applicant)

    page = client.get(url("me:application", pk=mention.pk)).content.decode()

    assert gettext("The jury gives your application a special mention.") in page
    assert f'href="{certificate_url(mention)}"' in page


def test_an_application_not_selected_reads_it_without_a_certificate(client, published):
    application = published.not_selected
    client.force_login(application.applicant)

    for page in (url("me:dashboard"), url("me:application", pk=application.pk)):
        html = client.get(page).content.decode()
        not_selected = "The jury did not select your application this time. Thank you for applying."
        assert gettext(not_selected) in html
        assert "certificate.pdf" not in html


@pytest.mark.parametrize("calls", [1, 3])
def test_dashboard_query_count_does_not_grow_with_published_results(
    client, assert_num_queries, calls
):
    """The session and user, the organization, the applications with their calls and their
    document requests, the applications' decisions: one more query than before any result,
    whatever their number."""
    winner = OrganizationFactory(owner__password=None).owner
    for _ in range(calls):
        call = decided_call(winner=winner).call
        publish(call, at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(winner)
    client.get(url("me:dashboard"))  # the session is loaded once, outside the budget

    with assert_num_queries(9):
        html = client.get(url("me:dashboard")).content.decode()

    assert html.count("certificate.pdf") == calls
