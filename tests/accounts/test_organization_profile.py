import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.forms import OrganizationForm
from accounts.models import Organization
from accounts.validators import normalize_moroccan_phone
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Coopérative Tifawin",
    "legal_form": "cooperative",
    "registration_number": "ODCO-2019-00412",
    "region": "souss-massa",
    "province": "Taroudant",
    "sector": "argan",
    "founded_on": "2019-03-14",
    "members_count": "24",
    "women_members_count": "20",
    "youth_members_count": "9",
    "contact_phone": "06 12 34 56 78",
}


def errors_of(data, language="fr"):
    with translation.override(language):
        form = OrganizationForm(data)
        form.is_valid()
        return {field: [str(error) for error in errors] for field, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0612345678", "+212612345678"),
        ("06 12 34 56 78", "+212612345678"),
        ("+212 6 12 34 56 78", "+212612345678"),
        ("00212712345678", "+212712345678"),
        ("0528-85-12-34", "+212528851234"),
    ],
)
def test_moroccan_phone_numbers_are_stored_in_e164(typed, stored):
    assert normalize_moroccan_phone(typed) == stored


@pytest.mark.parametrize("typed", ["+33 6 12 34 56 78", "12345", "phone", "", "+212 1"])
def test_a_phone_that_is_not_moroccan_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_moroccan_phone(typed)


@given(st.text(max_size=30))
def test_phone_normalization_never_fails_other_than_with_a_validation_error(text):
    try:
        result = normalize_moroccan_phone(text)
    except ValidationError:
        return
    assert result.startswith("+212")


def test_a_valid_profile_has_no_errors():
    assert errors_of(VALID) == {}


@pytest.mark.parametrize("field", ["women_members_count", "youth_members_count"])
def test_more_women_or_young_members_than_members_is_refused_in_the_language(field):
    errors = errors_of({**VALID, field: "30"}, language="ar")

    with translation.override("ar"):
        expected = translation.gettext(
            "This cannot be more than the number of members (%(members)s)."
        ) % {"members": 24}
    assert errors == {field: [expected]}


def test_a_founding_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    errors = errors_of({**VALID, "founded_on": tomorrow.isoformat()})

    assert list(errors) == ["founded_on"]


def test_a_registered_organization_needs_its_number_but_an_informal_group_does_not():
    without_number = {**VALID, "registration_number": ""}

    assert list(errors_of(without_number)) == ["registration_number"]
    assert errors_of({**without_number, "legal_form": "informal-group"}) == {}


REGISTRATION_RULE = (
    "Required for a cooperative, an association or a company (for example the number "
    "given by the ODCO or the trade register); an informal group leaves it empty."
)


@pytest.mark.parametrize("legal_form", ["cooperative", "association", "company"])
def test_a_missing_registration_number_is_explained_in_the_language(legal_form):
    errors = errors_of({**VALID, "legal_form": legal_form, "registration_number": ""}, "ar")

    with translation.override("ar"):
        expected = translation.gettext(
            "Give the registration number: a cooperative, an association or a company "
            "must have one."
        )
    assert errors == {"registration_number": [expected]}


def required_mark(page, name):
    label = re.search(rf'<label for="id_{name}">(.*?)</label>', page, re.S).group(1)
    return "field__required" in label


def test_the_empty_profile_explains_when_the_registration_number_is_required(client):
    client.force_login(UserFactory())

    page = client.get(reverse("accounts:organization")).content.decode()

    assert translation.gettext(REGISTRATION_RULE) in page
    assert not required_mark(page, "registration_number")
    assert re.search(r'<script src="[^"]*/js/registration-number\.js" defer></script>', page)


@pytest.mark.parametrize(
    ("legal_form", "required"),
    [("cooperative", True), ("company", True), ("informal-group", False)],
)
def test_the_registration_number_is_marked_required_for_a_registered_organization(
    client, legal_form, required
):
    user = UserFactory()
    OrganizationFactory(owner=user, legal_form=legal_form)
    client.force_login(user)

    shown = client.get(reverse("accounts:organization")).content.decode()
    refused = client.post(
        reverse("accounts:organization"),
        {**VALID, "legal_form": legal_form, "registration_number": "", "members_count": "0"},
    ).content.decode()

    assert required_mark(shown, "registration_number") is required
    assert required_mark(refused, "registration_number") is required


def test_unknown_region_is_refused():
    assert list(errors_of({**VALID, "region": "andalucia"})) == ["region"]


def test_the_database_refuses_more_women_than_members():
    with pytest.raises(IntegrityError):
        OrganizationFactory(members_count=5, women_members_count=6)


def test_the_profile_page_asks_visitors_to_log_in(client):
    response = client.get(reverse("accounts:organization"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_saving_the_profile_creates_then_updates_the_same_organization(client):
    user = UserFactory()
    client.force_login(user)

    first = client.post(reverse("accounts:organization"), VALID)
    second = client.post(reverse("accounts:organization"), {**VALID, "members_count": "30"})

    assert first.status_code == second.status_code == 302
    organization = Organization.objects.get()
    assert organization.owner == user
    assert organization.members_count == 30
    assert organization.contact_phone == "+212612345678"
    assert organization.women_share == pytest.approx(66.7)


def test_an_invalid_profile_keeps_what_was_typed_and_shows_errors_inline(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("accounts:organization"),
        {**VALID, "women_members_count": "99", "contact_phone": "+33612345678"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Coopérative Tifawin"' in page
    assert 'id="id_women_members_count_error"' in page
    assert 'aria-invalid="true"' in page
    assert not Organization.objects.exists()


def test_each_person_edits_only_their_own_organization(client):
    other = OrganizationFactory(name="Coopérative Voisine")
    client.force_login(UserFactory())

    client.post(reverse("accounts:organization"), VALID)

    other.refresh_from_db()
    assert other.name == "Coopérative Voisine"
    assert Organization.objects.count() == 2
