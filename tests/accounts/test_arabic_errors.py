"""Every error of the sign-up, login and password forms reads in Arabic on an Arabic page
(no French or English fallback)."""

import re

import pytest
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "fatima@tifawin.ma"
SIGNUP = {
    "full_name": "Fatima Zahra",
    "email": EMAIL,
    "privacy_consent": "on",
    "password1": "Argan-Taroudant-2026",
    "password2": "Argan-Taroudant-2026",
}
ERRORS = re.compile(r'<(ul|div) class="(?:field__errors|alert alert--error)"[^>]*>(.*?)</\1>', re.S)
# A Latin word in an error is an untranslated one (the e-mail address typed is not).
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def errors_of(response):
    page = response.content.decode().replace(EMAIL, "")
    found = [re.sub(r"<[^>]+>", " ", body) for _tag, body in ERRORS.findall(page)]
    assert found, "the form shows no error"
    return " ".join(" ".join(found).split())


def assert_arabic(response):
    errors = errors_of(response)
    assert not LATIN_WORD.findall(errors), errors


@pytest.mark.parametrize(
    "changes",
    [
        {"password1": "Ar-26", "password2": "Ar-26"},
        {"password1": "20262026202620", "password2": "20262026202620"},
        {"password1": "password123", "password2": "password123"},
        {"password1": "fatima@tifawin", "password2": "fatima@tifawin"},
        {"password2": "Argan-Taroudant-2027"},
        {"password1": "", "password2": "", "full_name": ""},
        {"email": "fatima"},
        {"privacy_consent": ""},
        {"language": "123"},
    ],
    ids=[
        "short",
        "numeric",
        "common",
        "like-email",
        "mismatch",
        "empty",
        "bad-email",
        "consent",
        "language",
    ],
)
def test_sign_up_errors_are_in_arabic(client, changes):
    response = client.post("/ar/accounts/signup/", {**SIGNUP, **changes})

    assert response.status_code == 200
    assert_arabic(response)


def test_the_too_short_password_error_is_in_arabic(client):
    """Django's Arabic catalogue lacks its current wording of this message, which then
    fell back to French (the site's default language)."""
    response = client.post("/ar/accounts/signup/", {**SIGNUP, "password1": "Ar-26"})

    with translation.override("ar"):
        expected = translation.ngettext(
            "Choose a longer password: at least %(min_length)d character.",
            "Choose a longer password: at least %(min_length)d characters.",
            8,
        ) % {"min_length": 8}
    assert expected in errors_of(response)


@pytest.mark.parametrize(
    "credentials",
    [
        {"login": "person@example.ma", "password": "not-the-password"},
        {"login": "nobody@example.ma", "password": "not-the-password"},
        {"login": "", "password": ""},
        {"login": "nobody", "password": "x"},
    ],
    ids=["wrong-password", "unknown", "empty", "bad-email"],
)
def test_login_errors_are_in_arabic(client, credentials):
    UserFactory(email="person@example.ma")

    response = client.post("/ar/accounts/login/", credentials)

    assert_arabic(response)


def test_too_many_failed_logins_are_told_in_arabic(client):
    user = UserFactory()
    for _attempt in range(5):
        client.post("/ar/accounts/login/", {"login": user.email, "password": "wrong-one"})

    response = client.post("/ar/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert_arabic(response)


@pytest.mark.parametrize(
    "data",
    [
        {"oldpassword": "not-it", "password1": "Safran-2026-x", "password2": "Safran-2026-x"},
        {"oldpassword": PASSWORD, "password1": "Ar-26", "password2": "Ar-26"},
        {"oldpassword": PASSWORD, "password1": "Safran-2026-x", "password2": "Safran-2026-y"},
    ],
    ids=["wrong-current", "short", "mismatch"],
)
def test_password_change_errors_are_in_arabic(client, data):
    client.force_login(UserFactory())

    response = client.post("/ar/accounts/password/change/", data)

    assert_arabic(response)


def test_password_reset_errors_are_in_arabic(client):
    response = client.post("/ar/accounts/password/reset/", {"email": "not-an-address"})

    assert_arabic(response)
