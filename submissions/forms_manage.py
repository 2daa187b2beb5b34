"""Forms of the organizers' application pages: screening one application, choosing a bulk
action and the applications it concerns, then its reason or its message.

They validate what the organizer typed; `submissions.services_screening` checks again and
acts."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from calls.forms.manage import LANGUAGE_SECTIONS
from submissions.enums import ApplicationStatus
from submissions.services_screening import (
    BODY_LENGTH,
    REASON_LENGTH,
    SUBJECT_LENGTH,
    contradicts,
)
from submissions.texts import LANGUAGE_CODES

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

    def values(self) -> dict:
        """The bulk action's parameters."""
        return dict(self.cleaned_data)

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields["reason"].error_messages["required"] = _(
                "Say why: the reason is kept in each application's history."
            )


class MessageForm(forms.Form):
    """The message in one language or more: each applicant gets the subject and text in
    their language, else those written in the organizer's language (else in the first
    language written). `readers`: how many applicants read each language."""

    def __init__(self, *args, readers: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.readers = readers
        for code in LANGUAGE_CODES:
            attrs = {"lang": code, "dir": "rtl" if code == "ar" else "ltr"}
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject"),
                max_length=SUBJECT_LENGTH,
                required=False,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message"),
                max_length=BODY_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, **attrs}),
            )

    def languages(self) -> list[dict]:
        """Per language: its section's title, how many applicants read it, its fields; the
        languages read by someone first."""
        codes = sorted(LANGUAGE_CODES, key=lambda code: not self.readers.get(code))
        return [
            {
                "code": code,
                "section": LANGUAGE_SECTIONS[code],
                "readers": self.readers.get(code, 0),
                "subject": self[f"subject_{code}"],
                "body": self[f"body_{code}"],
            }
            for code in codes
        ]

    def clean(self):
        cleaned = super().clean()
        written = False
        for code in LANGUAGE_CODES:
            # One line: a line break typed or pasted never reaches the e-mail's headers.
            subject = " ".join((cleaned.get(f"subject_{code}") or "").split())
            cleaned[f"subject_{code}"] = subject
            body = cleaned.get(f"body_{code}") or ""
            if subject and not body:
                self.add_error(f"body_{code}", _("Write the text that goes with this subject."))
            elif body and not subject:
                self.add_error(f"subject_{code}", _("Write the subject of this text."))
            written = written or bool(subject and body)
        if not written and not self.errors:
            raise ValidationError(
                _("Write the message's subject and text in at least one language."),
                code="empty",
            )
        return cleaned

    def values(self) -> dict:
        """The bulk action's parameters: the texts by language."""
        data = self.cleaned_data
        return {
            "texts": {
                code: {"subject": data[f"subject_{code}"], "body": data[f"body_{code}"]}
                for code in LANGUAGE_CODES
                if data[f"subject_{code}"]
            }
        }
