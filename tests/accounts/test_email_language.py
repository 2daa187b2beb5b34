"""The language of a person's e-mails is a setting they choose (at sign-up, then on their
account page), not the language of the last page they read."""

import re

import pytest

from accounts.models import User
from notifications.models import Message
from tests.accounts.signup import SIGNUP, url
from tests.factories import JurorFactory, UserFactory

pytestmark = pytest.mark.django_db


def selected_option(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="(\w+)"[^>]*selected', select)


def test_browsing_in_another_language_leaves_the_language_of_emails_alone(client):
    user = UserFactory(language="fr")
    client.force_login(user)

    client.get("/ar/me/")
    client.get("/en/calls/")

    user.refresh_from_db()
    assert user.language == "fr"


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_sign_up_asks_the_language_of_emails_starting_from_the_page_language(client, language):
    page = client.get(url("account_signup", language)).content.decode()

    assert selected_option(page, "language") == [language]


def test_the_language_chosen_at_sign_up_is_the_language_of_the_emails(client):
    client.post(url("account_signup", "fr"), {**SIGNUP, "language": "ar"})

    assert User.objects.get(email=SIGNUP["email"]).language == "ar"
    assert Message.objects.get(to_email=SIGNUP["email"]).language == "ar"


def test_an_unknown_language_at_sign_up_is_refused(client):
    response = client.post(url("account_signup", "fr"), {**SIGNUP, "language": "xx"})

    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.parametrize("factory", [UserFactory, JurorFactory])
def test_the_account_page_changes_the_language_of_emails(client, factory):
    person = factory(language="fr")
    client.force_login(person)

    page = client.get(url("accounts:settings", "fr")).content.decode()
    response = client.post(url("accounts:settings", "fr"), {"language": "ar"})

    assert selected_option(page, "language") == ["fr"]
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "ar"


def test_the_account_page_needs_a_login(client):
    response = client.get(url("accounts:settings"))

    assert response.status_code == 302
    assert response.url.startswith(url("account_login"))


def test_the_applicants_space_links_to_the_account_page(client):
    client.force_login(UserFactory())

    page = client.get(url("me:dashboard")).content.decode()

    assert f'href="{url("accounts:settings")}"' in page
