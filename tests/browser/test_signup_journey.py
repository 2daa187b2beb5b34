"""A cooperative's first visit, on a phone: sign up, confirm the e-mail (which logs her
in), describe the organization. In French and in Arabic; every page is checked for
accessibility, its language and direction, and (in Arabic) for English left untranslated."""

import re

import pytest
from django.utils import translation

from accounts.models import Organization, User
from notifications.models import Message
from tests.browser import checks
from tests.browser.checks import field, open_menu, tr
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "Argan-Taroudant-2026"
TYPED = {
    "full_name": "Fatima Zahra Ait Lahcen",
    "organization": "Coopérative Tifawin",
    "registration_number": "ODCO-2021-00042",
    "province": "Taroudant",
    "foreign_phone": "+33 612345678",
    "phone": "06 61 23 45 67",
}
NORMALIZED_PHONE = "+212661234567"

# Latin words an Arabic page may legitimately show:
# - "ODCO" (Office du Développement de la Coopération), the cooperatives' registry, whose
#   acronym is what is printed on a cooperative's registration papers;
# - "Spam": the "check your e-mail" page names the folder in Arabic and adds "(Spam)", the
#   label many phones' mail apps show whatever their language.
LATIN_ALLOWED = {"ODCO", "Spam"}


def check_page(page, language, typed_values=(), role="anonymous"):
    checks.check_page(page, language, role=role, typed_values=typed_values, allowed=LATIN_ALLOWED)


def press(page, language, label):
    """Press a form's button by its label, as the page's language writes it."""
    page.locator("main form").get_by_role("button", name=tr(language, label), exact=True).click()


def field_errors(page, name):
    """The error list rendered inside the same field group as the input."""
    return page.locator(f'main .field:has([name="{name}"]) .field__errors')


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_cooperative_signs_up_confirms_and_fills_its_profile(server, page, language):
    email = f"fatima.{language}@tifawin.ma"
    # What the pages may show back: the values typed, the first name the dashboard greets
    # with, the phone as stored.
    first_name = TYPED["full_name"].split()[0]
    typed = [*TYPED.values(), email, first_name, NORMALIZED_PHONE]

    # Home page, then the phone menu (its Menu button) to the sign-up page.
    page.goto(f"{server}/{language}/")
    check_page(page, language, typed)
    menu = open_menu(page)
    check_page(page, language, typed)
    menu.get_by_role("link", name=tr(language, "Create an account")).click()
    page.wait_for_url(f"{server}/{language}/accounts/signup/")
    check_page(page, language, typed)

    field(page, "full_name").fill(TYPED["full_name"])
    field(page, "email").fill(email)
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    field(page, "privacy_consent").check()
    press(page, language, "Sign Up")

    page.wait_for_url(f"{server}/{language}/accounts/confirm-email/")
    assert page.get_by_role("heading", level=1).inner_text() == tr(language, "Check your e-mail")
    check_page(page, language, typed)

    messages = list(Message.objects.filter(to_email=email))
    assert len(messages) == 1, [message.subject for message in messages]
    mail = messages[0]
    assert mail.language == language
    assert mail.subject.strip()
    link = re.search(r"https?://\S+", mail.body_text).group(0)
    assert link.startswith(f"{server}/{language}/accounts/confirm-email/")
    assert link in mail.body_html

    page.goto(link)
    check_page(page, language, typed)
    press(page, language, "Confirm")

    # Confirming logs her in: straight to her space.
    page.wait_for_url(f"{server}/{language}/me/")
    check_page(page, language, typed, role="applicant")
    page.get_by_role("link", name=tr(language, "Fill the organization profile")).click()

    page.wait_for_url(f"{server}/{language}/me/organization/")
    check_page(page, language, typed, role="applicant")
    field(page, "name").fill(TYPED["organization"])
    field(page, "legal_form").select_option("cooperative")
    field(page, "registration_number").fill(TYPED["registration_number"])
    field(page, "region").select_option("souss-massa")
    field(page, "province").fill(TYPED["province"])
    field(page, "sector").select_option("argan")
    field(page, "founded_on").fill("2019-03-14")
    field(page, "members_count").fill("12")
    field(page, "women_members_count").fill("15")
    field(page, "youth_members_count").fill("4")
    field(page, "contact_phone").fill(TYPED["foreign_phone"])
    with page.expect_navigation():
        press(page, language, "Save the profile")

    # Refused: each error beside its field, and nothing the person typed is lost.
    assert page.url == f"{server}/{language}/me/organization/"
    with translation.override(language):
        too_many = translation.gettext(
            "This cannot be more than the number of members (%(members)s)."
        ) % {"members": 12}
        not_moroccan = translation.gettext(
            "Enter a Moroccan phone number, for example +212 6 12 34 56 78."
        )
    assert field_errors(page, "women_members_count").inner_text() == too_many
    assert field_errors(page, "contact_phone").inner_text() == not_moroccan
    assert field_errors(page, "members_count").count() == 0
    assert field(page, "women_members_count").input_value() == "15"
    assert field(page, "contact_phone").input_value() == TYPED["foreign_phone"]
    assert field(page, "name").input_value() == TYPED["organization"]
    assert field(page, "region").input_value() == "souss-massa"
    assert field(page, "founded_on").input_value() == "2019-03-14"
    check_page(page, language, typed, role="applicant")
    assert not Organization.objects.exists()

    field(page, "women_members_count").fill("9")
    field(page, "contact_phone").fill(TYPED["phone"])
    press(page, language, "Save the profile")

    page.wait_for_url(f"{server}/{language}/me/")
    success = page.locator(".messages .alert--success")
    assert success.inner_text() == tr(language, "Your organization profile is saved.")
    check_page(page, language, typed, role="applicant")

    organization = Organization.objects.get(owner=User.objects.get(email=email))
    assert organization.name == TYPED["organization"]
    assert (organization.members_count, organization.women_members_count) == (12, 9)
    assert organization.contact_phone == NORMALIZED_PHONE


def test_phone_field_takes_the_number_written_as_its_placeholder_shows(server, page):
    UserFactory(email="owner@tifawin.ma")
    page.goto(f"{server}/fr/accounts/login/")
    field(page, "login").fill("owner@tifawin.ma")
    field(page, "password").fill(FACTORY_PASSWORD)
    press(page, "fr", "Sign In")
    page.wait_for_url(f"{server}/fr/me/")
    page.goto(f"{server}/fr/me/organization/")

    phone = field(page, "contact_phone")
    phone.fill(phone.get_attribute("placeholder"))

    assert phone.input_value() == "+212 6 12 34 56 78"
