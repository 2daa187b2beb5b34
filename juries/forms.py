"""The juror's forms: the scoring grid, declaring a conflict of interest."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juries.services.evaluation import ScoreInput, score_text

APPLICATION, ORGANIZATION = "application", "organization"


def value_name(criterion) -> str:
    return f"score-{criterion.pk}"


def comment_name(criterion) -> str:
    return f"comment-{criterion.pk}"


def described_by(criterion) -> str:
    """The ids of the texts that explain a criterion's value: scale, guidance, errors."""
    guidance = f" guidance-{criterion.pk}" if criterion.guidance else ""
    return f"scale-{criterion.pk}{guidance} errors-{criterion.pk}"


@dataclass(frozen=True)
class CriterionRow:
    number: int
    criterion: object
    value: forms.BoundField
    comment: forms.BoundField

    @property
    def errors(self) -> list[str]:
        return [*self.value.errors, *self.comment.errors]

    @property
    def invalid_ids(self) -> str:
        """The ids of the row's fields refused (scoring.js marks them `aria-invalid`)."""
        return " ".join(field.auto_id for field in (self.value, self.comment) if field.errors)

    @property
    def score_text(self) -> str:
        """The value shown beside the criterion's title: as stored, or as typed."""
        form, name = self.value.form, self.value.name
        if name in getattr(form, "cleaned_data", {}):
            return score_text(form.cleaned_data[name])
        value = self.value.value()
        if isinstance(value, Decimal):
            return score_text(value)
        return str(value).strip() if value not in (None, "") else "—"


class EvaluationForm(forms.Form):
    """A value and a comment per criterion, an overall comment, and the version of the
    evaluation the page shows. Drafts may leave values empty; `require_all` (submitting)
    asks for every one."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Strengths, weaknesses, advice: what the jury's deliberation should know."),
    )

    def __init__(self, *args, criteria, require_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            scale = _("Give a score from %(min)s to %(max)s.") % {
                "min": criterion.min_score,
                "max": criterion.max_score,
            }
            self.fields[value_name(criterion)] = forms.DecimalField(
                label=pgettext_lazy("evaluation", "Score"),
                required=require_all,
                min_value=criterion.min_score,
                max_value=criterion.max_score,
                max_digits=5,
                decimal_places=2,
                error_messages={
                    "required": _("Score this criterion before submitting."),
                    "min_value": scale,
                    "max_value": scale,
                    "invalid": _("Give a number, such as 3 or 3.5."),
                },
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "decimal",
                        "aria-describedby": described_by(criterion),
                    }
                ),
            )
            self.fields[comment_name(criterion)] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @classmethod
    def initial_of(cls, state) -> dict:
        """The form's values from a stored evaluation (`selectors.EvaluationState`)."""
        initial = {"version": state.version, "overall_comment": state.overall_comment}
        for pk, value in state.values.items():
            initial[f"score-{pk}"] = _plain(value)
        for pk, comment in state.comments.items():
            initial[f"comment-{pk}"] = comment
        return initial

    @property
    def rows(self) -> list["CriterionRow"]:
        """Each criterion with its two fields, in the grid's order."""
        return [
            CriterionRow(
                number=number,
                criterion=criterion,
                value=self[value_name(criterion)],
                comment=self[comment_name(criterion)],
            )
            for number, criterion in enumerate(self.criteria, 1)
        ]

    @property
    def faulty_rows(self) -> list[CriterionRow]:
        return [row for row in self.rows if row.errors]

    @property
    def open_number(self) -> int:
        """The criterion shown open: the first to fix, else the first."""
        return next((row.number for row in self.faulty_rows), 1)

    @property
    def can_save(self) -> bool:
        """Something can be saved: the page's version is known (the fields refused are
        left out, what is valid is kept)."""
        return "version" in getattr(self, "cleaned_data", {})

    def score_inputs(self) -> dict[int, ScoreInput]:
        """What the juror gave for the criteria whose value and comment are valid; an empty
        value counts as none given (even where submitting requires one). A criterion with a
        refused value or comment is left out: its stored score stays as it was."""
        data, inputs = self.cleaned_data, {}
        for criterion in self.criteria:
            value, comment = value_name(criterion), comment_name(criterion)
            if comment not in data:
                continue
            if value in data:
                inputs[criterion.pk] = ScoreInput(value=data[value], comment=data[comment])
            elif not self.data.get(self.add_prefix(value), "").strip():
                inputs[criterion.pk] = ScoreInput(value=None, comment=data[comment])
        return inputs

    def saved_count(self) -> int:
        """How many criteria hold a valid score among those sent."""
        return sum(1 for score in self.score_inputs().values() if score.value is not None)

    def carry_version(self, version: int) -> None:
        """The page shown again after a save goes on from the evaluation's new version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)


class ConflictForm(forms.Form):
    """Declaring a conflict from an application's page: with it, or (outside blind review)
    with the organization that sent it."""

    target = forms.ChoiceField(
        label=_("The conflict is with"),
        widget=forms.RadioSelect,
        initial=APPLICATION,
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the organizers read it."),
    )

    def __init__(self, *args, blind, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(APPLICATION, _("This application"))]
        if not blind:
            choices.append(
                (ORGANIZATION, _("The organization that sent it (all its applications)"))
            )
        self.fields["target"].choices = choices


def _plain(value: Decimal | None) -> Decimal | None:
    """3 rather than 3.00, 2.5 rather than 2.50, in the score's field."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _normalized(name: str) -> str:
    return " ".join(name.split()).casefold()


class OrganizationConflictForm(forms.Form):
    """Declaring a link with an organization by its name, among those the juror may see
    (`selectors.organizations_open_to_juror`)."""

    name = forms.CharField(
        label=_("Organization"),
        max_length=200,
        help_text=_(
            "Type or choose its name. Names are matched only among organizations that "
            "applied to calls you judge without blind review; for a call under blind review, "
            "declare the conflict from the application's page."
        ),
        widget=forms.TextInput(attrs={"list": "organization-names", "autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the organizers read it."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        self.organization = None

    def clean_name(self):
        wanted = _normalized(self.cleaned_data["name"])
        for organization in self.organizations:
            if _normalized(organization.name) == wanted:
                self.organization = organization
                return organization.name
        raise forms.ValidationError(
            _(
                "No organization of that name is among those you can choose. "
                "Check the spelling, or declare the conflict from the application's page."
            )
        )
