"""A login computes the password hash once, whether it succeeds or not (the hash is
deliberately slow: Django's PBKDF2 at a million iterations)."""

from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.utils.crypto import pbkdf2

from tests.factories import PASSWORD, SiteAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashes():
    with mock.patch.object(hashers, "pbkdf2", wraps=pbkdf2) as counted:
        yield counted


@pytest.mark.parametrize(
    ("login", "password", "logged_in"),
    [
        ("person@example.ma", PASSWORD, True),
        ("person@example.ma", "not-the-password", False),
        ("nobody@example.ma", "not-the-password", False),
    ],
    ids=["right-password", "wrong-password", "unknown-address"],
)
def test_a_login_hashes_the_password_once(client, hashes, login, password, logged_in):
    UserFactory(email="person@example.ma")
    hashes.reset_mock()

    client.post("/fr/accounts/login/", {"login": login, "password": password})

    assert ("_auth_user_id" in client.session) is logged_in
    assert hashes.call_count == 1


def test_site_admins_still_log_in_to_the_admin_with_their_address(client):
    admin = SiteAdminFactory(email="admin@example.ma")

    response = client.post(
        "/fr/admin/login/", {"username": "Admin@example.ma", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
