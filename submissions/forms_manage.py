"""Forms of the organizers' application pages: screening one application, choosing a bulk
action and the applications it concerns, then its reason or its message.

They validate what the organizer typed; `submissions.services_screening` checks again and
acts."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from submissions.enums import ApplicationStatus
from submissions.services_screening import (
    BODY_LENGTH,
    REASON_LENGTH,
    SUBJECT_LENGTH,
    contradicts,
)

S = ApplicationStatus
# Applications ticked one by one on a page (at most a page of 100): more is a forged post.
MOST_TICKED = 500

SCREEN_ELIGIBLE, SCREEN_INELIGIBLE, MESSAGE = "screen-eligible", "screen-ineligible", "message"
BULK_ACTIONS = [
    (SCREEN_ELIGIBLE, _("Screen as eligible")),
    (SCREEN_INELIGIBLE, _("Screen as not eligible")),
    (MESSAGE, _("Write to the applicants")),
]
SCREENING_OF_ACTION = {SCREEN_ELIGIBLE: S.ELIGIBLE, SCREEN_INELIGIBLE: S.INELIGIBLE}


def _reason_field(required=False):
    return forms.CharField(
        label=_("Reason"),
        required=required,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the application's history, for the organizers."),
    )


class ScreeningForm(forms.Form):
    """Screen one application: the reason is required when the decision goes against the
    automatic eligibility result."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (S.ELIGIBLE, pgettext_lazy("screening", "Eligible")),
            (S.INELIGIBLE, pgettext_lazy("screening", "Not eligible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = _reason_field()

    def __init__(self, *args, automatic: bool | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.automatic = automatic
        self.fields["reason"].help_text = _(
            "Required when you decide against the automatic result. Kept in the "
            "application's history, for the organizers."
        )

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("decision"), (cleaned.get("reason") or "").strip()
        if decision and not reason and contradicts(automatic=self.automatic, to=decision):
            self.add_error(
                "reason",
                ValidationError(
                    _("Say why you decide against the automatic eligibility result."),
                    code="reason_required",
                ),
            )
        return cleaned


class IdsField(forms.Field):
    """Application ids, from ticked boxes or hidden inputs named alike."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        ids = []
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                ids.append(int(item))
            except (TypeError, ValueError) as error:
                raise ValidationError(_("This selection is not valid."), code="invalid") from error
        if len(ids) > MOST_TICKED:
            raise ValidationError(
                _("Too many applications ticked: choose every application matching the filter."),
                code="too_many",
            )
        return sorted(set(ids))


class SelectionForm(forms.Form):
    """Which action, on which applications: those ticked, or every one matching the list's
    filter (`query`, the list's parameters)."""

    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    application = IdsField(required=False)
    select_all = forms.BooleanField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    # Given by the confirmation page: confirming twice finds the action already started.
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    @property
    def screening_status(self) -> str | None:
        return SCREENING_OF_ACTION.get(self.cleaned_data.get("action"))


class BulkScreeningForm(forms.Form):
    reason = _reason_field()

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].error_messages["required"] = _(
                "Say why: the reason is kept in each application's history."
            )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Sent as you write it. The e-mail's greeting, the references of the applications "
            "concerned and its signature are in each applicant's language."
        ),
    )

    def clean_subject(self):
        # One line: a line break typed or pasted never reaches the e-mail's headers.
        return " ".join(self.cleaned_data["subject"].split())
