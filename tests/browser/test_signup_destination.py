"""A cooperative presses "Apply" on a call without an account: the login page, then
"Create an account" from the menu, then the e-mailed link opened by her phone's mail app
in another browser: she arrives logged in on the application, not on her space."""

import re

import pytest

from accounts.models import User
from notifications.models import Message
from tests.browser import checks
from tests.browser.checks import field, open_menu, tr
from tests.factories import CallFactory

pytestmark = pytest.mark.browser

PASSWORD = "Argan-Taroudant-2026"
NAME = "Fatima Zahra Ait Lahcen"


def press(page, language, label, context=None):
    page.locator("main form").get_by_role(
        "button", name=tr(language, label, context), exact=True
    ).click()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_confirmation_link_leads_to_the_call_applied_to(server, page, new_phone, language):
    call = CallFactory()
    email = f"fatima.{language}@tifawin.ma"
    typed = [NAME, email, NAME.split()[0], call.title_fr]
    apply_path = f"/{language}/calls/{call.slug}/apply/"

    page.goto(f"{server}/{language}/calls/{call.slug}/")
    page.locator("main .call-actions").get_by_role(
        "link", name=tr(language, "Apply", "call"), exact=True
    ).click()
    page.wait_for_url(re.compile(rf".*/{language}/accounts/login/\?next=.*"))

    open_menu(page).get_by_role("link", name=tr(language, "Create an account")).click()
    page.wait_for_url(re.compile(rf".*/{language}/accounts/signup/\?next=.*"))
    checks.check_page(page, language, typed_values=typed)
    assert field(page, "language").input_value() == language
    field(page, "full_name").fill(NAME)
    field(page, "email").fill(email)
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    field(page, "privacy_consent").check()
    press(page, language, "Sign Up")
    page.wait_for_url(f"{server}/{language}/accounts/confirm-email/")

    link = re.search(r"https?://\S+", Message.objects.get(to_email=email).body_text).group(0)
    mail_app = new_phone(language)
    mail_app.goto(link)
    checks.check_page(mail_app, language, typed_values=typed)
    press(mail_app, language, "Confirm")

    mail_app.wait_for_url(f"{server}{apply_path}")
    assert mail_app.get_by_role("heading", level=1).inner_text() == tr(language, "Apply")
    checks.check_page(mail_app, language, role="applicant", typed_values=typed)
    assert User.objects.get(email=email).language == language
