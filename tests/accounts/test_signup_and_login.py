import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils import translation

from accounts.models import PrivacyConsent, User
from notifications.models import Message
from tests.accounts.signup import SIGNUP, url
from tests.factories import (
    PASSWORD,
    JurorFactory,
    OrganizationFactory,
    OrganizerFactory,
    SiteAdminFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def link_in(message):
    return re.search(r"https?://\S+", message.body_text).group(0)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_signup_records_consent_and_queues_verification_in_page_language(client, language):
    response = client.post(url("account_signup", language), SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(email="fatima@tifawin.ma")
    assert user.full_name == "Fatima Zahra Ait Lahcen"
    assert user.language == language
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.notice_version == "2026-11"
    assert consent.language == language
    message = Message.objects.get(to_email="fatima@tifawin.ma")
    assert message.language == language
    with translation.override(language):
        assert message.subject == translation.gettext("Confirm your e-mail address")
    assert f"/{language}/accounts/confirm-email/" in link_in(message)
    assert link_in(message) in message.body_html
    direction = "rtl" if language == "ar" else "ltr"
    assert f'dir="{direction}"' in message.body_html


def test_signup_without_consent_is_refused_with_translated_error(client):
    data = {**SIGNUP, "privacy_consent": ""}

    response = client.post(url("account_signup", "ar"), data)

    assert response.status_code == 200
    with translation.override("ar"):
        expected = translation.gettext("Please accept the privacy notice to create an account.")
    assert expected in response.content.decode()
    assert not User.objects.exists()
    assert not Message.objects.exists()


def test_signup_with_an_existing_email_creates_nothing_and_tells_the_owner_by_mail(client):
    owner = UserFactory(email="fatima@tifawin.ma", language="ar")

    response = client.post(url("account_signup"), {**SIGNUP, "email": "Fatima@Tifawin.ma"})

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="fatima@tifawin.ma").count() == 1
    message = Message.objects.get()
    assert message.template == "account/email/account_already_exists"
    assert message.to_email.lower() == owner.email
    assert "/accounts/password/reset/" in message.body_text


def test_unverified_account_cannot_log_in_and_receives_the_link_again(client):
    credentials = {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    with time_machine.travel("2026-11-10 10:00 +0000", tick=False) as clock:
        client.post(url("account_signup"), SIGNUP)
        soon = client.post(url("account_login"), credentials)
        clock.shift(datetime.timedelta(minutes=4))
        later = client.post(url("account_login"), credentials)

    assert soon.status_code == later.status_code == 302
    assert later.url == url("account_email_verification_sent")
    # Not resent within three minutes (no mail flood), resent after.
    assert Message.objects.filter(to_email=SIGNUP["email"]).count() == 2
    assert "_auth_user_id" not in client.session


def test_verification_link_then_login_reaches_the_dashboard(client):
    client.post(url("account_signup"), SIGNUP)
    confirm_url = link_in(Message.objects.get())

    client.post(confirm_url)
    response = client.post(
        url("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )

    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert response.status_code == 302
    assert response.url == url("me:dashboard")


@pytest.mark.parametrize("factory", [OrganizerFactory, SiteAdminFactory])
def test_organizers_and_site_admins_land_in_the_back_office(client, factory):
    person = factory()

    response = client.post(url("account_login"), {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == url("manage:home")


def test_jurors_land_in_the_jury_workspace_unless_they_also_apply(client):
    juror = JurorFactory()
    applying = JurorFactory()
    OrganizationFactory(owner=applying)

    first = client.post(url("account_login"), {"login": juror.email, "password": PASSWORD})
    client.logout()
    second = client.post(url("account_login"), {"login": applying.email, "password": PASSWORD})

    assert first.url == url("jury:workspace")
    assert second.url == url("me:dashboard")


def test_a_next_address_is_followed_rather_than_the_back_office(client):
    person = OrganizerFactory()
    wanted = url("calls:list")

    response = client.post(
        url("account_login"), {"login": person.email, "password": PASSWORD, "next": wanted}
    )

    assert response.url == wanted


def test_repeated_wrong_passwords_are_rate_limited_with_a_translated_message(client):
    user = UserFactory()
    wrong = {"login": user.email, "password": "not-the-password"}
    for _attempt in range(5):
        assert client.post(url("account_login"), wrong).status_code == 200

    response = client.post(url("account_login"), {"login": user.email, "password": PASSWORD})

    page = response.content.decode()
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    with translation.override("fr"):
        assert translation.gettext("Too many failed login attempts. Try again later.") in page


def test_password_reset_link_works_once(client):
    user = UserFactory(language="ar")
    client.post(url("account_reset_password"), {"email": user.email})
    message = Message.objects.get(to_email=user.email)
    assert message.language == "ar"
    reset_url = link_in(message)

    form_page = client.get(reset_url, follow=True)
    new_password = {"password1": "Safran-Taliouine-77", "password2": "Safran-Taliouine-77"}
    done = client.post(form_page.redirect_chain[-1][0], new_password)
    second = client.get(reset_url, follow=True)

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Safran-Taliouine-77")
    assert second.context["token_fail"] is True


def test_password_reset_for_an_unknown_address_sends_no_account_mail(client):
    client.post(url("account_reset_password"), {"email": "nobody@example.ma"})

    message = Message.objects.get()
    assert message.to_email == "nobody@example.ma"
    assert message.template == "account/email/unknown_account"


def test_an_expired_password_reset_link_is_refused():
    client = Client()
    user = UserFactory()
    with time_machine.travel("2026-11-10 10:00 +0000", tick=False) as clock:
        client.post(url("account_reset_password"), {"email": user.email})
        clock.shift(datetime.timedelta(days=4))
        response = client.get(link_in(Message.objects.get()), follow=True)

    assert response.context["token_fail"] is True


def test_password_reset_requests_are_rate_limited_per_address(client):
    user = UserFactory()
    for _request in range(7):
        client.post(url("account_reset_password"), {"email": user.email})

    assert Message.objects.filter(to_email=user.email).count() == 5


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_logging_out_leads_to_the_home_page_in_the_language_of_the_page(client, language):
    client.force_login(UserFactory())

    response = client.post(f"/{language}/accounts/logout/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.url == f"/{language}/"
