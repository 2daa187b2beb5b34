"""Forms that ask what a call's eligibility rules need to know."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import ISO_DATE, with_choose_prompt
from accounts.models import Organization
from calls.eligibility import FIELDS_READ, PROFILE_FIELDS, Profile
from calls.enums import RuleKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def declaration_field_name(rule) -> str:
    return f"declaration_{rule.pk}"


class DeclarationsForm(forms.Form):
    """A yes/no answer to each declaration among the call's rules."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = list(rules)
        for rule in self.rules:
            if rule.kind == RuleKind.DECLARATION:
                self.fields[declaration_field_name(rule)] = forms.ChoiceField(
                    label=rule.statement,
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Please answer yes or no.")},
                )

    def declarations(self) -> dict[int, bool]:
        """Rule ids mapped to the answers given (valid forms only)."""
        return {
            rule.pk: self.cleaned_data[declaration_field_name(rule)] == "yes"
            for rule in self.rules
            if rule.kind == RuleKind.DECLARATION
        }


class QuickCheckForm(DeclarationsForm):
    """The public "am I eligible?" check: only the profile fields the rules read."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, rules=rules, **kwargs)
        needed = {field for rule in self.rules for field in FIELDS_READ[rule.kind]}
        profile_fields = {}
        for name in PROFILE_FIELDS:
            if name in needed:
                field = Organization._meta.get_field(name).formfield()
                if name in ("legal_form", "region"):
                    with_choose_prompt(field)
                if name == "founded_on":
                    field.input_formats = [ISO_DATE]
                    field.widget = forms.DateInput(attrs={"type": "date"}, format=ISO_DATE)
                profile_fields[name] = field
        self.fields = {**profile_fields, **self.fields}

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("members_count")
        if members is not None and members < 1:
            self.add_error("members_count", _("An organization has at least one member."))
        for part in ("women_members_count", "youth_members_count"):
            if members is not None and (cleaned.get(part) or 0) > members:
                self.add_error(
                    part,
                    _("This cannot be more than the number of members (%(members)s).")
                    % {"members": members},
                )
        return cleaned

    def profile(self) -> Profile:
        return Profile.of(self.cleaned_data)
