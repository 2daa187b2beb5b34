"""Forms of the organizers' jury pages and of the invitation page.

They validate what a person typed and hand plain values (`values()`) to
`juries.services.panel`, which re-checks permissions, the single chair and the grid's
freeze, and saves."""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Language, Region, Sector
from calls.forms.manage import (
    LANGUAGE_CODES,
    ManageFormMixin,
    MoroccoDateTimeField,
    language_layout,
)
from juries.enums import MemberRole
from juries.models import Criterion, Jury, JuryMember
from juries.services.panel import CRITERION_FIELDS

MOST_JURORS_PER_APPLICATION = 10
MOST_ASSIGNMENTS = 500
HIGHEST_SCORE = 100


class JuryForm(ManageFormMixin, forms.ModelForm):
    deadline = MoroccoDateTimeField(
        label=_("Deadline for evaluations"),
        required=False,
        help_text=_(
            "In Morocco's time. Jurors with unfinished evaluations are reminded 3 days and "
            "1 day before it."
        ),
    )

    class Meta:
        model = Jury
        fields = ["deadline", "jurors_per_application", "scores_visible_after_submit"]
        help_texts = {
            "jurors_per_application": _(
                "How many jurors evaluate each application (k), when assigning automatically."
            ),
        }

    layout = [
        (_("Deadline"), ["deadline"]),
        (_("Evaluation"), ["jurors_per_application", "scores_visible_after_submit"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["jurors_per_application"]
        field.min_value = 1
        field.max_value = MOST_JURORS_PER_APPLICATION
        field.validators += [
            validators.MinValueValidator(1),
            validators.MaxValueValidator(MOST_JURORS_PER_APPLICATION),
        ]
        field.widget.attrs.update(min=1, max=MOST_JURORS_PER_APPLICATION, inputmode="numeric")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _cap_field(**kwargs):
    return forms.IntegerField(
        label=_("Most applications"),
        min_value=1,
        max_value=MOST_ASSIGNMENTS,
        help_text=_("The most this juror evaluates in this round."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class InvitationForm(ManageFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The invitation is sent to this address; the juror logs in with it."),
    )
    role = forms.ChoiceField(
        label=pgettext_lazy("jury", "Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    max_assignments = _cap_field(initial=20)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class MemberForm(ManageFormMixin, forms.ModelForm):
    max_assignments = _cap_field()

    class Meta:
        model = JuryMember
        fields = ["role", "max_assignments"]
        labels = {"role": pgettext_lazy("jury", "Role")}
        help_texts = {
            "role": _("A jury has one chair: choosing a new one makes the former a member.")
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CriterionForm(ManageFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            *(f"{base}_{code}" for code in LANGUAGE_CODES for base in ("label", "guidance")),
            "weight",
            "min_score",
            "max_score",
        ]
        widgets = {
            **{f"guidance_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_CODES},
            "weight": forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}),
            "min_score": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "max_score": forms.NumberInput(
                attrs={"min": 1, "max": HIGHEST_SCORE, "inputmode": "numeric"}
            ),
        }
        help_texts = {
            **{f"guidance_{code}": "" for code in LANGUAGE_CODES},
            "weight": _("Its share of the total, in percent; the weights must add up to 100."),
        }

    layout = [
        (
            _("Weight and scale"),
            ["weight", "min_score", "max_score"],
            _("Jurors give a score between the lowest and the highest."),
        ),
        *language_layout(
            "label",
            "guidance",
            help_by_language={
                "fr": _(
                    "The guidance tells jurors what a low, a middle and a high score look "
                    "like, e.g. “1: no market identified; 3: local buyers; 5: signed orders”."
                )
            },
        ),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label_fr"].required = True
        self.fields["weight"].min_value = 1
        self.fields["weight"].max_value = 100
        self.fields["weight"].validators += [
            validators.MinValueValidator(1),
            validators.MaxValueValidator(100),
        ]
        self.fields["max_score"].validators.append(validators.MaxValueValidator(HIGHEST_SCORE))
        self._mark_languages()

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_score"), cleaned.get("max_score")
        if low is not None and high is not None and high <= low:
            self.add_error("max_score", _("The highest score must be greater than the lowest."))
        return cleaned

    def values(self) -> dict:
        return {
            name: "" if self.cleaned_data[name] is None else self.cleaned_data[name]
            for name in CRITERION_FIELDS
        }


class JurorProfileForm(forms.Form):
    """What a new juror tells about themselves when accepting a first invitation."""

    expertise_sectors = forms.MultipleChoiceField(
        label=_("Sectors you know well"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions you know well"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you read"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one language you read.")},
        help_text=_("Applications are written in French, Arabic or English."),
    )

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the application's history."),
    )


class PickForm(forms.Form):
    """Jurors for an application, or applications for a juror: the available ones are
    offered, the others are shown with why they cannot be chosen."""

    picked = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one.")},
    )

    def __init__(self, *args, candidates, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picked"].label = label
        self.fields["picked"].choices = [
            (candidate.item.pk, str(candidate.item))
            for candidate in candidates
            if candidate.available
        ]

    def clean_picked(self):
        picked = self.cleaned_data["picked"]
        if not picked:
            raise ValidationError(_("Choose at least one."))
        return picked
