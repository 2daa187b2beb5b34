import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

PAGES = ["home", "calls:list", "privacy", "account_login", "account_signup"]


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_every_page_declares_its_language_and_direction(client, name, language, direction):
    with translation.override(language):
        response = client.get(reverse(name))

    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{language}" dir="{direction}">'


def test_the_bare_address_leads_to_the_french_home_page(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url == "/fr/"


def test_an_arabic_browser_is_sent_to_the_arabic_pages(client):
    response = client.get("/", headers={"accept-language": "ar-MA,ar;q=0.9"})

    assert response.url == "/ar/"


def test_an_unknown_language_prefix_is_a_translated_404(client):
    response = client.get("/de/calls/")

    assert response.status_code == 404
    assert "<html lang=" in response.content.decode()


@pytest.mark.parametrize("path", ["/fr/calls/", "/fr/privacy/?print=1"])
def test_the_language_switcher_keeps_the_page(client, path):
    page = client.get(path).content.decode()

    rest = path.removeprefix("/fr/").replace("?", r"\?")
    for language in ("ar", "en"):
        assert re.search(rf'href="/{language}/{rest}"', page), language


def test_dates_are_shown_in_morocco_time(client):
    closes_at = datetime.datetime(2026, 11, 10, 23, 30, tzinfo=datetime.UTC)
    CallFactory(
        opens_at=closes_at - datetime.timedelta(days=30),
        closes_at=closes_at,
        title_fr="Prix Lalla Al Moutaaouina",
    )
    local = closes_at.astimezone(ZoneInfo("Africa/Casablanca"))

    page = client.get(reverse("calls:list")).content.decode()

    assert local.day == 11
    assert "11 novembre 2026" in page


def test_a_post_without_csrf_token_gets_a_translated_403():
    client = Client(enforce_csrf_checks=True)

    with translation.override("ar"):
        response = client.post(reverse("account_login"), {"login": "a@b.ma", "password": "x"})
        expected = translation.gettext("The form expired")

    assert response.status_code == 403
    assert expected in response.content.decode()
    assert 'dir="rtl"' in response.content.decode()


def test_arabic_dates_read_day_month_year_and_24_hour_time():
    moment = datetime.datetime(2026, 11, 19, 18, 58, tzinfo=datetime.UTC)
    with translation.override("ar"):
        shown = date_format(timezone.localtime(moment), "DATETIME_FORMAT")

    assert shown == "19 نوفمبر 2026، 19:58"  # Morocco is UTC+1 in November


def test_the_language_switcher_keeps_the_destination_in_the_chosen_language(client):
    response = client.get("/fr/accounts/login/?next=/fr/calls/prix/apply/")

    links = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert links == {
        "fr": "/fr/accounts/login/?next=%2Ffr%2Fcalls%2Fprix%2Fapply%2F",
        "ar": "/ar/accounts/login/?next=%2Far%2Fcalls%2Fprix%2Fapply%2F",
        "en": "/en/accounts/login/?next=%2Fen%2Fcalls%2Fprix%2Fapply%2F",
    }


def test_the_language_switcher_keeps_the_other_parameters(client):
    response = client.get("/fr/calls/?status=open&region=souss")

    links = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert links["ar"] == "/ar/calls/?status=open&region=souss"
