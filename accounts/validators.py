import phonenumbers
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MOROCCO = "MA"


def normalize_moroccan_phone(value):
    """Return a Moroccan phone number in E.164 form (+212…), or raise ValidationError.

    Accepts the ways people write them: 0612345678, 06 12 34 56 78, +212 6 12 34 56 78,
    00212612345678.
    """
    error = ValidationError(
        _("Enter a Moroccan phone number, for example +212 6 12 34 56 78."),
        code="invalid_phone",
    )
    try:
        number = phonenumbers.parse(str(value), MOROCCO)
    except phonenumbers.NumberParseException:
        raise error from None
    if number.country_code != 212 or not phonenumbers.is_valid_number(number):
        raise error
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_moroccan_phone(value):
    normalize_moroccan_phone(value)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with a message of our own: Django's Arabic catalogue
    lacks the wording Django 5.2 uses, so Arabic pages showed it in French."""

    def get_error_message(self):
        return ngettext(
            "Choose a longer password: at least %(min_length)d character.",
            "Choose a longer password: at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
