"""Forms of the organizers' back-office: a call, its eligibility rules, its form's steps
and questions, prize categories, rounds, and the duplication of a call.

Forms validate what a person typed and hand plain values (`values()`) to
`calls.services`, which re-checks permissions and the form lock and saves.
"""

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import LegalForm, Region
from accounts.models import User
from calls import services
from calls.enums import CHOICE_RULES, FileType, QuestionKind, RuleKind
from calls.models import Call, EligibilityRule, PrizeCategory, Question, Round, Step

MOROCCO = ZoneInfo(settings.TIME_ZONE)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_SECTIONS = {
    "fr": _("In French"),
    "ar": _("In Arabic"),
    "en": _("In English"),
}
RESERVED_SLUGS = {"new"}


def localized(*bases: str) -> dict[str, list[str]]:
    """`{"fr": ["title_fr", …], "ar": […], …}` for the given translated fields."""
    return {code: [f"{base}_{code}" for base in bases] for code in LANGUAGE_CODES}


def language_layout(*bases: str, help_by_language=None) -> list[tuple]:
    help_by_language = help_by_language or {}
    return [
        (LANGUAGE_SECTIONS[code], names, help_by_language.get(code, ""))
        for code, names in localized(*bases).items()
    ]


class MoroccoDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown in Morocco's time, whatever the time
    zone active for the request."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def prepare_value(self, value):
        with timezone.override(MOROCCO):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(MOROCCO):
            return super().to_python(value)


@dataclass
class Section:
    legend: str
    fields: list
    help: str = ""


class ManageFormMixin:
    """Sections (fieldsets) for the template, text inputs marked with their language,
    and errors from the model or a service placed on a field when the form shows it."""

    layout: list[tuple] = []

    def _mark_languages(self):
        for name, field in self.fields.items():
            match = re.search(r"_(fr|ar|en)$", name)
            if match:
                code = match.group(1)
                field.widget.attrs.update(lang=code, dir="rtl" if code == "ar" else "ltr")
                # The section's legend names the language (modeltranslation adds "[ar]").
                field.label = re.sub(r"\s*\[\w+\]$", "", str(field.label))

    def sections(self) -> list[Section]:
        sections = []
        for legend, names, *rest in self.layout:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                sections.append(Section(legend, fields, rest[0] if rest else ""))
        return sections

    def _placed(self, error: ValidationError) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return error
        placed = {}
        for field, messages in error.error_dict.items():
            key = field if field == NON_FIELD_ERRORS or field in self.fields else NON_FIELD_ERRORS
            placed.setdefault(key, []).extend(messages)
        return ValidationError(placed)

    def _update_errors(self, errors):
        super()._update_errors(self._placed(errors))

    def add_service_error(self, error: ValidationError) -> None:
        self.add_error(None, self._placed(error))


# --- calls ----------------------------------------------------------------------------


class OrganizerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


class CallForm(ManageFormMixin, forms.ModelForm):
    opens_at = MoroccoDateTimeField(label=_("Opens at"))
    closes_at = MoroccoDateTimeField(label=_("Closes at"))
    results_at = MoroccoDateTimeField(
        label=_("Results expected at"),
        required=False,
        help_text=_("Announced to applicants; the review runs until then."),
    )
    organizers = OrganizerChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Other organizers"),
        help_text=_("They can see and edit this call. You stay one of its organizers."),
    )

    class Meta:
        model = Call
        fields = [
            "kind",
            "slug",
            "reference_prefix",
            "reference_year",
            *(
                f"{base}_{code}"
                for code in LANGUAGE_CODES
                for base in ("title", "summary", "rules")
            ),
            "rules_document",
            "opens_at",
            "closes_at",
            "results_at",
            "max_applications_per_organization",
            "attachment_max_mb",
            "blind_review",
            "organizers",
        ]
        widgets = {
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_CODES},
            **{f"rules_{code}": forms.Textarea(attrs={"rows": 8}) for code in LANGUAGE_CODES},
            "rules_document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {
            "slug": _(
                "Lower-case letters, digits and hyphens; the call's web address ends with it."
            ),
        }

    layout = [
        (_("The call"), ["kind", "slug", "reference_prefix", "reference_year"]),
        *language_layout(
            "title",
            "summary",
            "rules",
            help_by_language={
                "fr": _("The French title is required; the others are shown when filled in.")
            },
        ),
        (_("Rules document"), ["rules_document"], _("A PDF of 10 MB at most.")),
        (
            _("Dates"),
            ["opens_at", "closes_at", "results_at"],
            _("In Morocco's time (Africa/Casablanca)."),
        ),
        (
            _("Applications and review"),
            ["max_applications_per_organization", "attachment_max_mb", "blind_review"],
        ),
        (_("Organizers"), ["organizers"]),
    ]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["title_fr"].required = True
        organizers = User.objects.filter(is_organizer=True, is_active=True)
        if self.instance.pk:
            organizers = User.objects.filter(
                Q(is_organizer=True, is_active=True) | Q(organized_calls=self.instance)
            )
        if not actor.is_superuser:
            organizers = organizers.exclude(pk=actor.pk)
        else:
            self.fields["organizers"].label = _("Organizers")
            self.fields["organizers"].help_text = _("They can see and edit this call.")
        self.fields["organizers"].queryset = organizers.distinct().order_by("full_name", "email")
        if not self.fields["organizers"].queryset.exists():
            self.fields["organizers"].help_text = _(
                "Nobody else has the organizer role yet; a site admin can give it."
            )
        self._mark_languages()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is reserved; choose another one."))
        return slug

    def clean_reference_prefix(self):
        return self.cleaned_data["reference_prefix"].strip().upper()

    def clean_rules_document(self):
        document = self.cleaned_data.get("rules_document")
        if isinstance(document, UploadedFile):
            services.check_rules_document(document)
        return document

    def values(self) -> dict:
        """Keyword arguments for `services.call_create` / `call_update`."""
        values = {name: self.cleaned_data[name] for name in services.CALL_FIELDS}
        if "rules_document" in self.changed_data:
            document = self.cleaned_data["rules_document"]
            values["rules_document"] = document if isinstance(document, UploadedFile) else ""
        values["organizers"] = list(self.cleaned_data["organizers"])
        return values


def suggested_slug(source: Call) -> str:
    year = services.a_year_later(source.opens_at).year
    match = re.search(r"(19|20)\d{2}$", source.slug)
    base = source.slug[: match.start()].rstrip("-") if match else source.slug
    slug = f"{base}-{year}"
    taken = set(Call.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    number = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def suggested_suffix(source: Call) -> str:
    match = re.search(r"\b((?:19|20)\d{2})$", source.title_fr or "")
    if match:
        return str(int(match.group(1)) + 1)
    return str(services.a_year_later(source.opens_at).year)


class DuplicateCallForm(ManageFormMixin, forms.Form):
    slug = forms.SlugField(
        label=_("Address of the new call"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens."),
    )
    title_suffix = forms.CharField(
        label=_("Added to the title"),
        max_length=40,
        required=False,
        help_text=_(
            "Added to the title in every language; a year ending the title is replaced "
            "by a year given here."
        ),
    )
    opens_at = MoroccoDateTimeField(label=_("Opens at"))
    closes_at = MoroccoDateTimeField(label=_("Closes at"))
    results_at = MoroccoDateTimeField(label=_("Results expected at"), required=False)

    def __init__(self, *args, source: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        if not self.is_bound:
            self.initial = {
                "slug": suggested_slug(source),
                "title_suffix": suggested_suffix(source),
                "opens_at": services.a_year_later(source.opens_at),
                "closes_at": services.a_year_later(source.closes_at),
                "results_at": services.a_year_later(source.results_at),
            }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS or Call.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another call already has this address."))
        return slug

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        results_at = cleaned.get("results_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("A call must close after it opens."))
        elif closes_at and results_at and results_at < closes_at:
            self.add_error("results_at", _("Results cannot be expected before the call closes."))
        return cleaned


# --- eligibility rules ----------------------------------------------------------------

NUMBER_LABELS = {
    RuleKind.WOMEN_SHARE_MIN: _("Smallest share of women members (%)"),
    RuleKind.YOUTH_SHARE_MIN: _("Smallest share of members aged 18 to 35 (%)"),
    RuleKind.FOUNDED_WITHIN_YEARS: _("Number of years"),
    RuleKind.FOUNDED_AT_LEAST_MONTHS: _("Number of months"),
    RuleKind.MEMBERS_MIN: _("Smallest number of members"),
}


class RuleForm(ManageFormMixin, forms.ModelForm):
    """The settings of one kind of rule; the kind is chosen when the rule is added."""

    class Meta:
        model = EligibilityRule
        fields = [
            "number",
            *(f"{base}_{code}" for code in LANGUAGE_CODES for base in ("statement", "explanation")),
        ]
        widgets = {
            **{
                f"{base}_{code}": forms.Textarea(attrs={"rows": 2})
                for code in LANGUAGE_CODES
                for base in ("statement", "explanation")
            },
        }
        help_texts = {
            **{f"explanation_{code}": "" for code in LANGUAGE_CODES},
            **{f"statement_{code}": "" for code in LANGUAGE_CODES},
        }

    layout = [
        (_("Condition"), ["choices", "number"]),
        *language_layout(
            "statement",
            "explanation",
            help_by_language={
                "fr": _(
                    "The explanation is shown to an applicant who does not meet the rule; "
                    "left empty, one is written from the rule."
                )
            },
        ),
    ]

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.kind = kind
        self.kind = self.instance.kind
        if self.kind in CHOICE_RULES:
            accepted = LegalForm if self.kind == RuleKind.LEGAL_FORM_IN else Region
            self.fields["choices"] = forms.MultipleChoiceField(
                label=_("Accepted legal forms")
                if self.kind == RuleKind.LEGAL_FORM_IN
                else _("Accepted regions"),
                choices=accepted.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=self.instance.choices,
                error_messages={"required": _("Choose at least one accepted value.")},
            )
        if self.kind in NUMBER_LABELS:
            self.fields["number"].label = NUMBER_LABELS[self.kind]
            self.fields["number"].required = True
            self.fields["number"].error_messages["required"] = _("This rule needs a number.")
            if self.kind in (RuleKind.WOMEN_SHARE_MIN, RuleKind.YOUTH_SHARE_MIN):
                self.fields["number"].widget.attrs["max"] = 100
        else:
            del self.fields["number"]
        if self.kind == RuleKind.DECLARATION:
            self.fields["statement_fr"].required = True
            for code in LANGUAGE_CODES:
                self.fields[f"statement_{code}"].label = _("Declaration")
                self.fields[f"statement_{code}"].help_text = _(
                    "The sentence the applicant answers yes to, e.g. “We are registered "
                    "with the cooperative development office (ODCO).”"
                )
        else:
            for code in LANGUAGE_CODES:
                del self.fields[f"statement_{code}"]
        self._mark_languages()

    def _post_clean(self):
        if "choices" in self.cleaned_data:
            self.instance.choices = self.cleaned_data["choices"]
        super()._post_clean()

    def values(self) -> dict:
        """Keyword arguments for `services.rule_save`."""
        values = {"kind": self.kind, "choices": [], "number": None}
        for code in LANGUAGE_CODES:
            values[f"statement_{code}"] = ""
        for name in self.fields:
            values[name] = self.cleaned_data[name]
        if values["choices"]:
            ordered = LegalForm if self.kind == RuleKind.LEGAL_FORM_IN else Region
            values["choices"] = [value for value in ordered.values if value in values["choices"]]
        return values


# --- form steps and questions ---------------------------------------------------------


class StepForm(ManageFormMixin, forms.ModelForm):
    class Meta:
        model = Step
        fields = [f"{base}_{code}" for code in LANGUAGE_CODES for base in ("title", "intro")]
        widgets = {f"intro_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_CODES}

    layout = language_layout("title", "intro")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_fr"].required = True
        self._mark_languages()

    def values(self) -> dict:
        return {name: self.cleaned_data[name] or "" for name in self.fields}


CHOICE_LINE_PARTS = 4


class ChoiceLinesField(forms.CharField):
    """Choices typed one per line: `value | French | Arabic | English`."""

    widget = forms.Textarea(attrs={"rows": 6, "dir": "auto"})

    def prepare_value(self, value):
        if isinstance(value, list):
            lines = []
            for choice in value:
                parts = [choice.get(key) or "" for key in ("value", *LANGUAGE_CODES)]
                while parts and not parts[-1]:
                    parts.pop()
                lines.append(" | ".join(parts))
            return "\n".join(lines)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        choices = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > CHOICE_LINE_PARTS:
                raise ValidationError(
                    _("Line %(line)s has more than four parts separated by “|”.") % {"line": number}
                )
            if len(parts) == 1:
                parts = ["", parts[0]]
            parts += [""] * (CHOICE_LINE_PARTS - len(parts))
            value, french, arabic, english = parts
            french = french or value
            value = value or slugify(french) or slugify(french, allow_unicode=True) or french
            choices.append({"value": value, "fr": french, "ar": arabic, "en": english})
        return choices

    def has_changed(self, initial, data):
        try:
            return (initial or []) != self.to_python(data)
        except ValidationError:
            return True


# The settings each kind of question has, and what the others keep.
KIND_FIELDS = {
    QuestionKind.LONG_TEXT: ["word_limit"],
    QuestionKind.NUMBER: ["min_value", "max_value"],
    QuestionKind.CHOICE: ["choices"],
    QuestionKind.MULTIPLE_CHOICE: ["choices"],
    QuestionKind.FILE: ["file_types", "max_files"],
}
KIND_DEFAULTS = {
    "word_limit": None,
    "min_value": None,
    "max_value": None,
    "choices": [],
    "file_types": [],
    "max_files": 1,
}


class QuestionForm(ManageFormMixin, forms.ModelForm):
    """A question; the settings shown are those of its kind. When the kind is changed,
    the form comes back with the new kind's settings to check before saving."""

    choices = ChoiceLinesField(
        label=_("Choices"),
        required=False,
        help_text=_(
            "One choice per line: <code>value | French | Arabic | English</code>, e.g. "
            "<code>argan | Argan | أركان | Argan</code>. The value is what is stored and "
            "exported; a line with only a French label gets a value made from it."
        ),
    )
    file_types = forms.MultipleChoiceField(
        label=_("Accepted file types"),
        choices=FileType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None checked accepts them all."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "required",
            *(f"{base}_{code}" for code in LANGUAGE_CODES for base in ("label", "help_text")),
            "word_limit",
            "min_value",
            "max_value",
            "choices",
            "file_types",
            "max_files",
        ]
        widgets = {
            **{f"help_text_{code}": forms.Textarea(attrs={"rows": 2}) for code in LANGUAGE_CODES},
        }
        labels = {"required": _("The applicant must answer")}

    layout = [
        (_("The question"), ["kind", "required"]),
        (
            _("Settings of this kind of question"),
            ["word_limit", "min_value", "max_value", "choices", "file_types", "max_files"],
        ),
        *language_layout("label", "help_text"),
    ]

    def __init__(self, *args, kind=None, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.get(self.add_prefix("kind")) if self.is_bound else None
        self.shown_kind = self.data.get("shown_kind") if self.is_bound else None
        if posted in QuestionKind.values:
            self.kind = posted
        else:
            self.kind = self.instance.kind or kind or QuestionKind.SHORT_TEXT
        if self.instance.pk is None and not self.is_bound:
            self.initial["kind"] = self.kind
            # A new question starts optional (a locked form accepts no other).
            self.initial["required"] = False
        if locked:
            self.fields["required"].help_text = (
                _("Applications have been submitted: a new question must be optional.")
                if self.instance.pk is None
                else _("Applications have been submitted: an optional question stays optional.")
            )
        self.fields["label_fr"].required = True
        for name in KIND_DEFAULTS:
            if name not in KIND_FIELDS.get(self.kind, ()):
                del self.fields[name]
        if "word_limit" in self.fields:
            self.fields["word_limit"].min_value = 1
            self.fields["word_limit"].widget.attrs["min"] = 1
        self._mark_languages()

    @property
    def kind_shown(self) -> str:
        """The kind whose settings the page shows (posted back as `shown_kind`)."""
        return self.kind

    def clean(self):
        cleaned = super().clean()
        new_settings = set(KIND_FIELDS.get(self.kind, ())) - set(
            KIND_FIELDS.get(self.shown_kind, ())
        )
        if self.is_bound and self.shown_kind != self.kind and new_settings:
            raise ValidationError(
                _("Check the settings of this kind of question, then save again."),
                code="kind_changed",
            )
        return cleaned

    def _post_clean(self):
        for name, default in KIND_DEFAULTS.items():
            if name not in self.fields:
                setattr(self.instance, name, default)
        super()._post_clean()

    def values(self) -> dict:
        """Keyword arguments for `services.question_save`."""
        values = dict(KIND_DEFAULTS)
        for name in self.fields:
            value = self.cleaned_data[name]
            values[name] = (
                "" if value is None and name.startswith(("label_", "help_text_")) else value
            )
        if "file_types" in self.fields:
            values["file_types"] = [
                value for value in FileType.values if value in self.cleaned_data["file_types"]
            ]
        return values


# --- prize categories and rounds ------------------------------------------------------


class PrizeCategoryForm(ManageFormMixin, forms.ModelForm):
    class Meta:
        model = PrizeCategory
        fields = ["label_fr", "label_ar", "label_en", "rank", "amount_mad", "count"]
        labels = {
            "label_fr": _("Label in French"),
            "label_ar": _("Label in Arabic"),
            "label_en": _("Label in English"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label_fr"].required = True
        self._mark_languages()

    def values(self) -> dict:
        return {
            name: "" if self.cleaned_data[name] is None else self.cleaned_data[name]
            for name in services.PRIZE_FIELDS
        }


class RoundForm(ManageFormMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["kind", "position"]
        labels = {"kind": pgettext_lazy("kind of round", "Round"), "position": _("Order")}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.ROUND_FIELDS}


PrizeCategoryFormSet = forms.inlineformset_factory(
    Call, PrizeCategory, form=PrizeCategoryForm, extra=1, can_delete=True
)
RoundFormSet = forms.inlineformset_factory(
    Call,
    Round,
    form=RoundForm,
    extra=1,
    max_num=len(Round._meta.get_field("kind").choices),
    can_delete=True,
)


def formset_changes(formset) -> tuple[list, list]:
    """`(rows, deleted)` for `services.prize_categories_save` / `rounds_save`."""
    deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
    rows = [
        (form.instance if form.instance.pk else None, form.values())
        for form in formset.forms
        if form.has_changed() and form not in formset.deleted_forms
    ]
    return rows, deleted
