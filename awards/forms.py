"""Forms of the ranking rules, the deliberation and the publication. They validate what was
typed and hand plain values to `awards.services`, which checks the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.enums import Outcome, PromotionRule, TieBreak
from awards.models import RankingPolicy, ResultsPublication
from calls.forms.manage import ManageFormMixin, MoroccoDateTimeField, language_layout

NO_RULE = [("", pgettext_lazy("tie-break", "— none —"))]
TIE_BREAK_SLOTS = len(TieBreak.choices)


class PolicyForm(ManageFormMixin, forms.ModelForm):
    """The ranking rules; the tie-breaks are chosen in order, one select per place."""

    class Meta:
        model = RankingPolicy
        fields = [
            "rank_by",
            "disagreement_threshold",
            "max_winners_per_region",
            "min_women_led_share",
            "min_youth_led_share",
            "one_prize_per_organization",
        ]
        widgets = {"rank_by": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(self.instance.tie_breaks or [])
        for place in range(TIE_BREAK_SLOTS):
            self.fields[f"tie_break_{place}"] = forms.ChoiceField(
                label=_("Tie-break %(place)s") % {"place": place + 1},
                choices=NO_RULE + list(TieBreak.choices),
                required=False,
                initial=current[place] if place < len(current) else "",
            )
        self.fields["disagreement_threshold"].min_value = 0
        self.fields["disagreement_threshold"].max_value = 100
        for name in ("min_women_led_share", "min_youth_led_share"):
            self.fields[name].widget.attrs.update(min=0, max=100)

    layout = [
        (_("Ranking"), ["rank_by", "disagreement_threshold"]),
        (
            _("Tie-breaks, in order"),
            [f"tie_break_{place}" for place in range(TIE_BREAK_SLOTS)],
            _("A tie that survives every rule is settled by the jury chair."),
        ),
        (
            _("The set of winners"),
            [
                "max_winners_per_region",
                "min_women_led_share",
                "min_youth_led_share",
                "one_prize_per_organization",
            ],
        ),
    ]

    def clean(self):
        data = super().clean()
        rules = [data.get(f"tie_break_{p}") for p in range(TIE_BREAK_SLOTS)]
        rules = [rule for rule in rules if rule]
        if len(rules) != len(set(rules)):
            raise forms.ValidationError(_("Each tie-break rule can be used once."))
        data["tie_breaks"] = rules
        threshold = data.get("disagreement_threshold")
        if threshold is not None and not 0 <= threshold <= 100:
            self.add_error("disagreement_threshold", _("Give a number of points from 0 to 100."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "tie_breaks"]}


class DecisionForm(ManageFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    prize_category = forms.ModelChoiceField(
        label=_("Prize"),
        queryset=None,
        required=False,
        help_text=_("For a prize only."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the jury decides so; it goes into the minutes."),
    )
    public_summary = forms.CharField(
        label=_("Project summary for the results page"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a prize or a special mention: one or two sentences the public reads."),
    )

    layout = [(_("Decision"), ["outcome", "prize_category", "justification", "public_summary"])]

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prize_category"].queryset = call.prize_categories.order_by("rank", "pk")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.PRIZE and not data.get("prize_category"):
            self.add_error("prize_category", _("Choose the prize."))
        return data


class JustificationForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with each decision, in the minutes."),
    )


class PromotionForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Move on"), choices=PromotionRule.choices, widget=forms.RadioSelect
    )
    value = forms.DecimalField(
        label=_("Number of applications, or lowest mean (out of 100)"),
        min_value=0,
        max_value=10_000,
        decimal_places=2,
    )


class PublicationForm(ManageFormMixin, forms.ModelForm):
    class Meta:
        model = ResultsPublication
        fields = ["announcement_fr", "announcement_ar", "announcement_en", "include_feedback"]
        widgets = {
            f"announcement_{code}": forms.Textarea(attrs={"rows": 5}) for code in ("fr", "ar", "en")
        }

    layout = [
        *language_layout("announcement"),
        (_("Result notices"), ["include_feedback"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._mark_languages()

    def values(self) -> dict:
        return {
            "announcement": {
                code: self.cleaned_data[f"announcement_{code}"] for code in ("fr", "ar", "en")
            },
            "include_feedback": self.cleaned_data["include_feedback"],
        }


class ScheduleForm(forms.Form):
    at = MoroccoDateTimeField(label=_("Publish at"), help_text=_("In Morocco's time."))
