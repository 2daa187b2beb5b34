"""Someone who presses "Apply" before having an account reaches the application after
signing up and confirming the e-mail address, in the same browser or in another one
(the mail app of a phone often opens links in its own browser)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from accounts.models import User
from notifications.models import Message
from tests.accounts.signup import SIGNUP, url
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


def confirmation_link(email=SIGNUP["email"]):
    message = Message.objects.filter(to_email=email).latest("pk")
    return re.search(r"https?://\S+", message.body_text).group(0)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def apply_url():
    return url("apply:start", "ar", slug=CallFactory().slug)


def test_the_login_page_offers_sign_up_with_the_destination(client, apply_url):
    response = client.get(url("account_login", "ar"), {"next": apply_url})

    page = response.content.decode()
    signup_links = re.findall(r'href="(/ar/accounts/signup/[^"]*)"', page)
    assert signup_links
    for link in signup_links:
        assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["next"] == [apply_url]


def test_the_sign_up_page_offers_log_in_with_the_destination(client, apply_url):
    response = client.get(url("account_signup", "ar"), {"next": apply_url})

    page = response.content.decode()
    login_links = re.findall(r'href="(/ar/accounts/login/[^"]*)"', page)
    assert login_links
    for link in login_links:
        assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["next"] == [apply_url]


def test_the_confirmation_link_leads_to_the_destination_logged_in_in_another_browser(
    client, apply_url
):
    client.post(url("account_signup", "ar"), {**SIGNUP, "next": apply_url})
    link = confirmation_link()
    assert parse_qs(urlsplit(link).query)["next"] == [apply_url]

    mail_app = Client()
    page = mail_app.get(link)
    response = mail_app.post(link, {"next": apply_url})

    assert page.status_code == 200
    assert response.status_code == 302
    assert response.url == apply_url
    user = User.objects.get(email=SIGNUP["email"])
    assert logged_in_as(mail_app) == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


def test_the_confirmation_form_carries_the_destination(client, apply_url):
    client.post(url("account_signup", "ar"), {**SIGNUP, "next": apply_url})

    page = Client().get(confirmation_link()).content.decode()

    assert f'name="next" value="{apply_url}"' in page


def test_the_confirmation_in_the_same_browser_leads_to_the_destination_logged_in(client, apply_url):
    client.post(url("account_signup", "ar"), {**SIGNUP, "next": apply_url})
    link = confirmation_link()

    response = client.post(link, {"next": apply_url})

    assert response.url == apply_url
    assert logged_in_as(client) == str(User.objects.get(email=SIGNUP["email"]).pk)


def test_without_a_destination_the_confirmation_leads_to_the_applicants_space(client):
    client.post(url("account_signup"), SIGNUP)
    link = confirmation_link()
    assert "next" not in link

    mail_app = Client()
    response = mail_app.post(link)

    assert response.url == url("me:dashboard")
    assert logged_in_as(mail_app)


def test_a_login_that_sends_the_link_again_keeps_the_destination(client, apply_url):
    UserFactory(email=SIGNUP["email"], verified=False)
    EmailAddress.objects.create(
        user=User.objects.get(email=SIGNUP["email"]), email=SIGNUP["email"], verified=False
    )

    client.post(
        url("account_login", "ar"),
        {"login": SIGNUP["email"], "password": "demo-2026!", "next": apply_url},
    )

    assert parse_qs(urlsplit(confirmation_link()).query)["next"] == [apply_url]


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/fr/me/", "//evil.example/", "javascript:alert(1)"]
)
def test_an_outside_destination_is_neither_mailed_nor_followed(client, unsafe):
    client.post(url("account_signup"), {**SIGNUP, "next": unsafe})
    link = confirmation_link()
    assert "next" not in link

    response = Client().post(link, {"next": unsafe})

    assert response.url == url("me:dashboard")


def test_a_confirmation_link_logs_in_only_once(client):
    client.post(url("account_signup"), SIGNUP)
    link = confirmation_link()
    Client().post(link)

    later = Client()
    page = later.get(link)
    response = later.post(link)

    assert (page.status_code, response.status_code) == (200, 404)
    assert not logged_in_as(later)


def test_an_inactive_account_is_not_logged_in_by_its_confirmation_link(client):
    client.post(url("account_signup"), SIGNUP)
    User.objects.filter(email=SIGNUP["email"]).update(is_active=False)

    mail_app = Client()
    mail_app.post(confirmation_link())

    assert not logged_in_as(mail_app)
