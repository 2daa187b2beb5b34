"""The forms of the application wizard: profile, eligibility, the call's steps, review."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.forms import ISO_DATE, OrganizationForm
from calls.enums import QuestionKind
from calls.forms.eligibility import YES_NO, DeclarationsForm

LONG_TEXT_ROWS = 8


class DistinctMultipleChoiceField(forms.MultipleChoiceField):
    """Each choice once, in the order ticked, however often it is posted."""

    def clean(self, value):
        return list(dict.fromkeys(super().clean(value)))


class ProfileStepForm(OrganizationForm):
    """The organization profile, prefilled from the account and saved when left."""


def profile_step_data(organization, *, prefix) -> dict[str, list[str]]:
    """The profile step as if posted with the organization's current profile."""
    form = ProfileStepForm(instance=organization, prefix=prefix)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[form.add_prefix(name)] = ["" if value is None else str(value)]
    return data


class EligibilityStepForm(DeclarationsForm):
    """The declarations the call asks for; the verdict is shown beside them."""


def word_count(text: str) -> int:
    return len(text.split())


def _word_limit_validator(limit):
    def validate(value):
        count = word_count(value)
        if count > limit:
            raise ValidationError(
                ngettext(
                    "%(count)s words: the limit is %(limit)s. Please remove %(over)s word.",
                    "%(count)s words: the limit is %(limit)s. Please remove %(over)s words.",
                    count - limit,
                )
                % {"count": count, "limit": limit, "over": count - limit}
            )

    return validate


def _choices(question):
    language = get_language() or "fr"
    return [(choice["value"], choice.get(language) or choice["fr"]) for choice in question.choices]


def question_field(question) -> forms.Field | None:
    """The form field that asks a question; None for file questions (sent separately)."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    match question.kind:
        case QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        case QuestionKind.LONG_TEXT:
            attrs = {"rows": LONG_TEXT_ROWS, "data-autosave": "typing"}
            validators = []
            if question.word_limit:
                attrs["data-word-limit"] = question.word_limit
                validators.append(_word_limit_validator(question.word_limit))
            return forms.CharField(
                widget=forms.Textarea(attrs=attrs), validators=validators, **common
            )
        case QuestionKind.NUMBER:
            return forms.DecimalField(
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=14,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                **common,
            )
        case QuestionKind.DATE:
            return forms.DateField(
                input_formats=[ISO_DATE],
                widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
                **common,
            )
        case QuestionKind.CHOICE:
            return forms.ChoiceField(choices=_choices(question), widget=forms.RadioSelect, **common)
        case QuestionKind.MULTIPLE_CHOICE:
            return DistinctMultipleChoiceField(
                choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common
            )
        case QuestionKind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    return None


def json_value(question, value):
    """A cleaned value as stored in an answer (JSON)."""
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.YES_NO:
        return value == "yes"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class StepAnswersForm(forms.Form):
    """One of the call's form steps. File questions are answered by attachments, which
    `attached` lists by question id; a required one with no file is an error here."""

    def __init__(self, *args, step, attached: dict[int, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.attached = attached
        self.questions = list(step.questions.all())
        for question in self.questions:
            field = question_field(question)
            if field is not None:
                self.fields[question.field_name] = field

    @property
    def file_questions(self):
        return [q for q in self.questions if q.kind == QuestionKind.FILE]

    def clean(self):
        cleaned = super().clean()
        missing = [q for q in self.file_questions if q.required and not self.attached.get(q.pk)]
        for question in missing:
            self.add_error(
                None,
                _("Please add the document “%(label)s”.") % {"label": question.label},
            )
        return cleaned

    def answers(self) -> dict[int, object]:
        return {
            question.pk: json_value(question, self.cleaned_data.get(question.field_name))
            for question in self.questions
            if question.kind != QuestionKind.FILE
        }


class ReviewForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that this information is accurate and complete."),
        error_messages={"required": _("Please confirm before submitting.")},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Choose a file or take a photo"),
        error_messages={
            "required": _("Please choose a file."),
            "empty": _("This file is empty."),
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def part_name(step) -> str:
    """The wizard's name for one of the call's steps: by id, so that reordering the form
    never moves answers from one step to another."""
    return f"part-{step.pk}"


def working_copy_parts(*, call_steps, form_data: dict, attached: dict[int, list]) -> list[dict]:
    """The call's steps with the answers as the working copy holds them: each question
    with its value where valid, and its files; a step is complete when it validates."""
    step_data = form_data.get("step_data", {})
    parts = []
    for step in call_steps:
        name = part_name(step)
        data = step_data.get(name)
        form = StepAnswersForm(
            None if data is None else MultiValueDict(data),
            step=step,
            attached=attached,
            prefix=name,
        )
        valid = form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        rows = [
            {
                "question": question,
                "value": json_value(question, cleaned.get(question.field_name)),
                "files": attached.get(question.pk, []),
            }
            for question in form.questions
        ]
        parts.append({"name": name, "step": step, "rows": rows, "complete": valid})
    return parts


def _shown(field, value) -> str:
    """A posted value as the form shows it: a choice by its label, several joined."""
    values = value if isinstance(value, list | tuple) else [value]
    labels = {str(key): label for key, label in getattr(field, "choices", ())}
    return ", ".join(str(labels.get(str(v), v)) for v in values if v not in (None, ""))


def differing_answers(mine: forms.Form, theirs: forms.Form) -> list[dict]:
    """The fields where two copies of one step differ (bound forms of the same class): each
    field's label with both values as shown, for the person to choose between them."""
    rows = []
    for name, field in mine.fields.items():
        row = {
            "label": field.label,
            "mine": _shown(field, mine[name].value()),
            "theirs": _shown(field, theirs[name].value()),
        }
        if row["mine"] != row["theirs"]:
            rows.append(row)
    return rows
