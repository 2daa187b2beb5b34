"""A login computes the password hash once, whether it succeeds or not (the hash is
deliberately slow), with Argon2id at OWASP's parameters; older PBKDF2 hashes still log in
and are upgraded."""

from unittest import mock

import argon2
import pytest
from django.contrib.auth.hashers import get_hasher, make_password

from accounts.hashers import Argon2idHasher
from tests.factories import PASSWORD, SiteAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hashes():
    """Counts every Argon2 computation: a hash made or a hash checked."""
    with (
        mock.patch.object(
            argon2.low_level, "hash_secret", wraps=argon2.low_level.hash_secret
        ) as made,
        mock.patch.object(
            argon2.PasswordHasher, "verify", autospec=True, side_effect=argon2.PasswordHasher.verify
        ) as checked,
    ):
        yield lambda: made.call_count + checked.call_count


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
    before = hashes()

    client.post("/fr/accounts/login/", {"login": login, "password": password})

    assert ("_auth_user_id" in client.session) is logged_in
    assert hashes() - before == 1


def test_site_admins_still_log_in_to_the_admin_with_their_address(client):
    admin = SiteAdminFactory(email="admin@example.ma")

    response = client.post(
        "/fr/admin/login/", {"username": "Admin@example.ma", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_passwords_are_hashed_with_argon2id_at_owasp_strength():
    encoded = make_password(PASSWORD)

    assert get_hasher().algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_older_pbkdf2_password_still_logs_in_and_is_upgraded(client):
    person = UserFactory(email="person@example.ma")
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])

    client.post("/fr/accounts/login/", {"login": "person@example.ma", "password": PASSWORD})

    person.refresh_from_db()
    assert client.session["_auth_user_id"] == str(person.pk)
    assert person.password.startswith("argon2$argon2id$")
    assert not Argon2idHasher().must_update(person.password)
