"""Forms of missing documents: the organizer's request and the applicant's upload."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms import ISO_DATE
from calls.enums import QuestionKind
from calls.models import Question
from submissions.forms import UploadForm
from submissions.models import DocumentRequest
from submissions.services_documents import (
    DEFAULT_WINDOW_DAYS,
    LONGEST_WINDOW_DAYS,
    window_end,
    window_end_after,
)
from submissions.texts import LANGUAGE_CODES, LANGUAGE_NAMES, reader_language


class DocumentRequestForm(forms.Form):
    """What to ask for, why (in one language or more: the applicant reads theirs, else
    the message as written), and until when: a number of days, or a last day.

        The window closes at 23:59 (Morocco time) on its last day; the service checks that it
        ends at least an hour from now and within LONGEST_WINDOW_DAYS days.
    """

    question = forms.ModelChoiceField(
        label=_("Document of the form"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Another document (write its name below)"),
    )
    label = forms.CharField(
        label=_("Name of the document"),
        required=False,
        max_length=200,
        help_text=_(
            "For example: recent ODCO certificate. Optional when a document of the form is chosen."
        ),
    )
    days = forms.IntegerField(
        label=_("Days to send it"),
        min_value=1,
        max_value=LONGEST_WINDOW_DAYS,
        initial=DEFAULT_WINDOW_DAYS,
        required=False,
    )
    due_date = forms.DateField(
        label=_("Or a last day"),
        required=False,
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        help_text=_("The window closes at 23:59, Morocco time, on its last day."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["question"].queryset = Question.objects.filter(
            step__call_id=application.call_id, kind=QuestionKind.FILE
        ).order_by("step__position", "step_id", "position", "pk")
        self.reader_language = reader_language(application.applicant.language)
        for code in LANGUAGE_CODES:
            self.fields[f"message_{code}"] = forms.CharField(
                label=capfirst(DocumentRequest._meta.get_field(f"message_{code}").verbose_name),
                max_length=2000,
                required=False,
            )

    @property
    def reader_language_name(self) -> str:
        return LANGUAGE_NAMES[self.reader_language]

    def message_fields(self) -> list[tuple[forms.BoundField, str, bool]]:
        """(field, language code, is the applicant's language): theirs first."""
        codes = sorted(LANGUAGE_CODES, key=lambda code: code != self.reader_language)
        return [(self[f"message_{code}"], code, code == self.reader_language) for code in codes]

    def clean(self):
        data = super().clean()
        if not data.get("question") and not (data.get("label") or "").strip():
            self.add_error("label", _("Choose a document of the form or write its name."))
        if not any(data.get(f"message_{code}") for code in LANGUAGE_CODES):
            self.add_error(
                f"message_{self.reader_language}",
                _("Tell the applicant what is missing and why."),
            )
        if data.get("due_date"):
            data["due_at"] = window_end(day=data["due_date"])
        elif "days" not in self.errors:
            data["due_at"] = window_end_after(days=data.get("days") or DEFAULT_WINDOW_DAYS)
        return data

    def values(self) -> dict:
        """The service's arguments."""
        data = self.cleaned_data
        return {
            "question": data["question"],
            "label": data["label"],
            "translations": {code: data[f"message_{code}"] for code in LANGUAGE_CODES},
            "due_at": data["due_at"],
        }


class DocumentUploadForm(UploadForm):
    """The applicant's file for a request; its content is checked by the service."""
