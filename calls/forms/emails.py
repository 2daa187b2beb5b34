"""The form of a call's own text for one e-mail to its applicants, in one language.

The form checks what the organizer typed (`calls.emails.text_errors`: an unknown
placeholder or a stray brace is an error on its field) and hands plain values to
`calls.emails.email_template_save`, which checks again and saves.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.emails import clean_body, one_line, template_problems
from calls.enums import EmailKind


def suggested_texts(kind: str, language: str) -> dict[str, str]:
    """A first text for a call that has none yet, in `language`, written with the
    placeholders: close to the standard e-mail's opening."""
    with translation.override(language):
        if kind == EmailKind.RECEIPT:
            return {
                "subject": _("Application received: {reference} — {call}"),
                "body": _(
                    "Your application to “{call}” was received. Its reference is "
                    "{reference}: please give it whenever you write to the organizers."
                ),
            }
        if kind == EmailKind.REMINDER:
            return {
                "subject": _("Your application to “{call}” is not sent yet"),
                "body": _(
                    "You started an application to “{call}” but have not sent it yet. The "
                    "organizers receive only the applications that are sent."
                ),
            }
        return {
            "subject": _("The results of “{call}”"),
            "body": _("The jury of “{call}” has made its decisions. Here is the one about you."),
        }


class EmailTemplateForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "Replaces the opening paragraph of the standard e-mail. The facts below it stay: "
            "reference, dates, decision and links. An empty line starts a new paragraph."
        ),
    )

    def __init__(self, *args, kind: str, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.language = language
        direction = "rtl" if language == "ar" else "ltr"
        for field in self.fields.values():
            field.widget.attrs.update(lang=language, dir=direction)

    def _checked(self, value: str) -> str:
        problems = template_problems(self.kind, value)
        if problems:
            raise ValidationError(problems)
        return value

    def clean_subject(self):
        return self._checked(one_line(self.cleaned_data["subject"]))

    def clean_body(self):
        body = clean_body(self.cleaned_data["body"])
        if not body.strip():
            raise ValidationError(self.fields["body"].error_messages["required"])
        return self._checked(body)

    def add_service_error(self, error: ValidationError) -> None:
        """A refusal of the service, on its field when the form has it."""
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                self.add_error(field if field in self.fields else NON_FIELD_ERRORS, messages)
        else:
            self.add_error(None, error)
