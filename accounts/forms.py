from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.enums import REGISTERED_LEGAL_FORMS, Language
from accounts.models import Organization, User
from accounts.validators import normalize_moroccan_phone

# Dates travel as the date picker sends them, whatever the page's language.
ISO_DATE = "%Y-%m-%d"


def with_choose_prompt(field):
    """A list's empty choice reads as an invitation ("Choose…"), not as dashes."""
    field.choices = [("", _("Choose…")), *((v, label) for v, label in field.choices if v != "")]
    return field


EMAIL_LANGUAGE_HELP = _("You can change it later on your account page.")


class LanguageSelect(forms.Select):
    """Each language is named in itself, so its option is marked as written in it."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("The person who will fill the applications."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Left out, it is the page's language (the adapter falls back to it).
    language = forms.ChoiceField(
        label=_("Language for e-mails"),
        choices=Language.choices,
        required=False,
        help_text=EMAIL_LANGUAGE_HELP,
        widget=LanguageSelect,
    )
    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please accept the privacy notice to create an account.")},
    )

    field_order = ["full_name", "email", "language", "password1", "password2", "privacy_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields["privacy_consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _("I have read and accept the"),
            reverse_lazy("privacy"),
            _("privacy notice (law 09-08)"),
        )

    def custom_signup(self, request, user):
        services.privacy_consent_record(user=user, language=get_language())


class EmailLanguageForm(forms.Form):
    language = User._meta.get_field("language").formfield(widget=LanguageSelect)


class OrganizationForm(forms.ModelForm):
    # Longer than the stored E.164 form: people type spaces, dashes and 00212.
    contact_phone = forms.CharField(
        label=_("contact phone"),
        max_length=30,
        help_text=_("A Moroccan number: mobile or landline."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "placeholder": "+212 6 12 34 56 78"}
        ),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "legal_form",
            "registration_number",
            "region",
            "province",
            "sector",
            "founded_on",
            "members_count",
            "women_members_count",
            "youth_members_count",
            "contact_phone",
        ]
        help_texts = {
            "registration_number": _(
                "Required for a cooperative, an association or a company (for example the "
                "number given by the ODCO or the trade register); an informal group leaves "
                "it empty."
            ),
        }
        error_messages = {
            "registration_number": {
                "required": _(
                    "Give the registration number: a cooperative, an association or a "
                    "company must have one."
                ),
            },
        }
        widgets = {
            # registration-number.js marks the field required as the legal form changes.
            "registration_number": forms.TextInput(
                attrs={"data-required-for": " ".join(REGISTERED_LEGAL_FORMS)}
            ),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
            "members_count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "women_members_count": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "youth_members_count": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legal_form", "region", "sector"):
            with_choose_prompt(self.fields[name])
        self.fields["founded_on"].input_formats = [ISO_DATE]
        # Required (and marked so) for the legal form chosen, or stored when none is sent.
        self.fields["registration_number"].required = (
            self["legal_form"].value() in REGISTERED_LEGAL_FORMS
        )

    def clean_contact_phone(self):
        return normalize_moroccan_phone(self.cleaned_data["contact_phone"])

    def clean_founded_on(self):
        founded_on = self.cleaned_data["founded_on"]
        if founded_on > timezone.localdate():
            raise forms.ValidationError(_("The founding date cannot be in the future."))
        return founded_on

    def clean_members_count(self):
        members = self.cleaned_data["members_count"]
        if members < 1:
            raise forms.ValidationError(_("An organization has at least one member."))
        return members

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("members_count")
        if members is not None:
            for field in ("women_members_count", "youth_members_count"):
                count = cleaned.get(field)
                if count is not None and count > members:
                    self.add_error(
                        field,
                        _("This cannot be more than the number of members (%(members)s).")
                        % {"members": members},
                    )
        return cleaned
