"""The public side of results: a call's results page, the winners gallery, and the links to
them from the call's page and the main navigation."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from accounts.enums import Region
from awards.services.publication import results_schedule
from calls.models import Call
from tests.awards.factories import (
    JUSTIFICATION,
    ResultsPublicationFactory,
    decided_call,
    publish,
)

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = {
    "fr": "Félicitations aux lauréates de cette édition.",
    "ar": "تهانينا للفائزات في هذه الدورة.",
    "en": "Congratulations to this edition's laureates.",
}


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def results_url(call, language="fr"):
    return url("results:call", language, slug=call.slug)


def text_of(response) -> str:
    """The page's text without tags, spaces collapsed."""
    text = unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"[ \t\r\n]+", " ", text)


def headings(response, level) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", response.content.decode(), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for text in found]


def mad(amount, language) -> str:
    """An amount as the page writes it in a language (grouped by thousands)."""
    with translation.override(language):
        return formats.number_format(amount, use_l10n=True, force_grouping=True)


@pytest.fixture
def published():
    decided = decided_call()
    publish(decided.call, announcement=ANNOUNCEMENT)
    return decided


# --- Before publication: nothing --------------------------------------------------------


def not_published_yet():
    return decided_call().call


def scheduled_in_the_future():
    call = decided_call().call
    results_schedule(call=call, actor=None, at=timezone.now() + datetime.timedelta(days=2))
    return call


def published_without_locked_deliberation():
    call = decided_call(lock=False).call
    ResultsPublicationFactory(call=call)
    return call


def published_then_call_unpublished():
    call = decided_call().call
    publish(call)
    Call.objects.filter(pk=call.pk).update(is_published=False)
    return call


@pytest.mark.parametrize(
    "scenario",
    [
        not_published_yet,
        scheduled_in_the_future,
        published_without_locked_deliberation,
        published_then_call_unpublished,
    ],
)
def test_results_page_is_404_until_the_results_are_public(client, scenario):
    call = scenario()

    response = client.get(results_url(call))

    assert response.status_code == 404
    assert "Coopérative Nour Souss" not in response.content.decode()


def test_scheduled_results_open_once_their_time_has_come(client):
    call = scheduled_in_the_future()

    publish(call)

    assert client.get(results_url(call)).status_code == 200


# --- The results page ------------------------------------------------------------------


def test_results_page_shows_the_winners_by_prize_in_rank_order_then_the_special_mention(
    client, published
):
    response = client.get(results_url(published.call))

    assert response.status_code == 200
    assert headings(response, 1) == [published.call.title_fr]
    assert headings(response, 2) == [gettext("Winners"), gettext("Special mentions")]
    # Prizes in rank order with their laureates, then the mentions.
    assert headings(response, 3) == ["Premier prix", "Deuxième prix", "Association Tawada 1"]
    assert headings(response, 4) == ["Coopérative Nour Souss", "Coopérative Amal Draa"]
    text = text_of(response)
    first = published.first.decision
    assert first.public_summary in text
    assert f"{mad(120_000, 'fr')} MAD" in text
    assert f"{mad(50_000, 'fr')} MAD" in text
    with translation.override("fr"):
        assert str(Region.SOUSS_MASSA.label) in text


def test_results_page_in_arabic_reads_right_to_left_with_the_arabic_texts(client, published):
    response = client.get(results_url(published.call, "ar"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert headings(response, 1) == [published.call.title_ar]
    assert headings(response, 3)[:2] == ["الجائزة الأولى", "الجائزة الثانية"]
    assert ANNOUNCEMENT["ar"] in html
    assert f"{mad(120_000, 'ar')} " in text_of(response)


def test_not_selected_applications_and_the_jurys_reasons_never_appear(client, published):
    text = text_of(client.get(results_url(published.call)))

    assert "Coopérative Oubliée" not in text
    assert published.not_selected.reference not in text
    assert JUSTIFICATION not in text


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_announcement_is_shown_in_the_page_language(client, published, language):
    text = text_of(client.get(results_url(published.call, language)))

    assert ANNOUNCEMENT[language] in text
    assert all(ANNOUNCEMENT[other] not in text for other in ANNOUNCEMENT if other != language)


def test_results_without_an_announcement_show_the_winners(client):
    decided = decided_call()
    publish(decided.call)

    response = client.get(results_url(decided.call))

    assert response.status_code == 200
    assert "results-announcement" not in response.content.decode()
    assert "Coopérative Nour Souss" in text_of(response)


def test_results_page_gives_the_publication_date_and_the_total_awarded(client, published):
    html = client.get(results_url(published.call)).content.decode()

    published_at = timezone.localtime(published.call.results_published_at)
    with translation.override("fr"):
        day = formats.date_format(published_at, "DATE_FORMAT")
    assert f'<time datetime="{published_at.isoformat()}">{day}</time>' in html
    assert f"{mad(170_000, 'fr')} MAD" in html


def test_results_page_links_back_to_the_call_and_on_to_the_gallery(client, published):
    html = client.get(results_url(published.call)).content.decode()

    assert f'href="{url("calls:detail", slug=published.call.slug)}"' in html
    assert f'href="{url("results:gallery")}"' in html


@pytest.mark.parametrize("mentions", [1, 5])
def test_results_page_query_count_does_not_grow_with_laureates(
    client, assert_num_queries, mentions
):
    """The call with its publication, then its awarded decisions."""
    decided = decided_call(mentions=mentions)
    publish(decided.call)

    with assert_num_queries(2):
        response = client.get(results_url(decided.call))

    assert response.content.decode().count('class="card laureate') == 2 + mentions


# --- Links to the results --------------------------------------------------------------


def test_call_page_links_to_its_results_once_they_are_public(client):
    decided = decided_call()
    call_page = url("calls:detail", slug=decided.call.slug)
    link = f'href="{results_url(decided.call)}"'

    before = client.get(call_page).content.decode()
    publish(decided.call)
    after = client.get(call_page).content.decode()

    assert link not in before
    assert link in after


def test_every_page_links_to_the_winners_gallery(client):
    html = client.get(url("home", "ar")).content.decode()

    assert f'href="{url("results:gallery", "ar")}"' in html


# --- The winners gallery ---------------------------------------------------------------


def test_gallery_lists_every_call_with_public_results_latest_first(client):
    now = timezone.now()
    older = decided_call()
    publish(older.call, at=now - datetime.timedelta(days=300))
    latest = decided_call()
    publish(latest.call, at=now - datetime.timedelta(days=2))
    not_public = decided_call()

    response = client.get(url("results:gallery"))

    assert response.status_code == 200
    assert headings(response, 2) == [latest.call.title_fr, older.call.title_fr]
    assert not_public.call.title_fr not in text_of(response)
    laureates = headings(response, 3)
    assert laureates == 2 * [
        "Coopérative Nour Souss",
        "Coopérative Amal Draa",
        "Association Tawada 1",
    ]
    assert "Coopérative Oubliée" not in text_of(response)
    assert f'href="{results_url(latest.call)}"' in response.content.decode()


def test_gallery_names_each_laureates_prize_in_the_page_language(client, published):
    text = text_of(client.get(url("results:gallery", "ar")))

    assert "الجائزة الأولى" in text
    assert "الجائزة الثانية" in text


def test_gallery_says_so_when_no_results_are_public(client):
    decided_call()

    response = client.get(url("results:gallery"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="empty-state"' in html
    assert 'class="card laureate' not in html


@pytest.mark.parametrize("calls", [1, 4])
def test_gallery_query_count_does_not_grow_with_calls(client, assert_num_queries, calls):
    """The calls with their deliberations, then their awarded decisions."""
    for _ in range(calls):
        publish(decided_call().call)

    with assert_num_queries(2):
        response = client.get(url("results:gallery"))

    assert len(headings(response, 2)) == calls
