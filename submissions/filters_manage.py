"""The filters, search and sorting of a call's applications in the back-office.

`ApplicationFilter` filters `selectors_manage.application_list(call=…)` (annotated with the
snapshot's fields, the mean score, the spread and the flags) and always orders it:
`sort` picks the order, the reference by default. `page_size` is read by the view; it sits
here so that the filter form carries it.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import LegalForm, Region, Sector
from submissions.enums import ApplicationStatus
from submissions.models import Answer, Application
from submissions.selectors_manage import (
    CONFLICT,
    DISAGREEMENT,
    MISSING_DOCUMENTS,
    JSONText,
    call_jurors,
    flag_condition,
)

SEARCH_LENGTH = 100
SEARCH_WORDS = 8  # each word is one more condition on every searched field

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = PAGE_SIZES[0]

# Every status a received application may have (drafts are not listed).
LISTED_STATUSES = [
    (value, label) for value, label in ApplicationStatus.choices if value != ApplicationStatus.DRAFT
]

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not-eligible", "unknown"
ELIGIBILITY_CHOICES = [
    (ELIGIBLE, pgettext_lazy("automatic eligibility", "Eligible")),
    (NOT_ELIGIBLE, pgettext_lazy("automatic eligibility", "Not eligible")),
    (UNKNOWN, pgettext_lazy("automatic eligibility", "Unknown")),
]
ELIGIBILITY_CONDITIONS = {
    ELIGIBLE: Q(eligible_at_submission=True),
    NOT_ELIGIBLE: Q(eligible_at_submission=False),
    UNKNOWN: Q(eligible_at_submission__isnull=True),
}

FLAG_CHOICES = [
    (CONFLICT, _("Conflict of interest declared")),
    (DISAGREEMENT, _("Jurors disagree")),
    (MISSING_DOCUMENTS, _("Missing documents")),
]

# Sort keys: the column, its order ("-" for descending). Scores without a value come last
# either way; the primary key settles ties so that pages never overlap.
SORTS = {
    "reference": ("reference_number",),
    "submitted": ("submitted_at",),
    "score": ("mean_score",),
    "organization": ("organization_name",),
}
SORT_CHOICES = [
    ("reference", _("Reference, first to last")),
    ("-reference", _("Reference, last to first")),
    ("-submitted", _("Submitted, latest first")),
    ("submitted", _("Submitted, earliest first")),
    ("-score", _("Score, highest first")),
    ("score", _("Score, lowest first")),
    ("organization", _("Organization, A to Z")),
    ("-organization", _("Organization, Z to A")),
]
DEFAULT_SORT = "reference"

# Parameters that say what the list shows, not what it selects.
DISPLAY_PARAMETERS = ("sort", "page_size", "page")


def ordered(queryset, sort: str):
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS[DEFAULT_SORT])
    order = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in fields
    ]
    return queryset.order_by(*order, "-pk" if descending else "pk")


class ApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=SEARCH_LENGTH,
        help_text=_(
            "A reference, an organization's name, an applicant's e-mail or words from the answers."
        ),
    )
    status = django_filters.MultipleChoiceFilter(
        label=pgettext_lazy("application", "Status"),
        choices=LISTED_STATUSES,
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.ChoiceFilter(
        field_name="profile_snapshot__profile__region",
        label=_("Region"),
        choices=Region.choices,
        empty_label=pgettext_lazy("region", "Any region"),
    )
    legal_form = django_filters.ChoiceFilter(
        field_name="profile_snapshot__profile__legal_form",
        label=_("Legal form"),
        choices=LegalForm.choices,
        empty_label=pgettext_lazy("legal form", "Any"),
    )
    sector = django_filters.ChoiceFilter(
        field_name="profile_snapshot__profile__sector",
        label=_("Sector"),
        choices=Sector.choices,
        empty_label=pgettext_lazy("sector", "Any"),
    )
    eligibility = django_filters.ChoiceFilter(
        label=_("Automatic eligibility result"),
        choices=ELIGIBILITY_CHOICES,
        empty_label=pgettext_lazy("automatic eligibility", "Any"),
        method="filter_eligibility",
    )
    score_min = django_filters.NumberFilter(
        label=_("Mean score from"),
        field_name="mean_score",
        lookup_expr="gte",
        min_value=0,
        max_value=100,
        help_text=_("Out of 100."),
    )
    score_max = django_filters.NumberFilter(
        label=_("Mean score up to"),
        field_name="mean_score",
        lookup_expr="lte",
        min_value=0,
        max_value=100,
        help_text=_("Out of 100."),
    )
    juror = django_filters.ModelChoiceFilter(
        label=_("Given to the juror"),
        queryset=None,  # the call's jurors, set for each call
        empty_label=pgettext_lazy("juror", "Any"),
        method="filter_juror",
    )
    flags = django_filters.MultipleChoiceFilter(
        label=_("Flags"),
        choices=FLAG_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        method="filter_flags",
        help_text=_("Applications with any of the flags ticked."),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_nothing",  # `filter_queryset` orders
    )
    page_size = django_filters.ChoiceFilter(
        label=_("Per page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        empty_label=None,
        method="filter_nothing",  # the view paginates
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, data=None, *args, call, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.call = call
        self.filters["juror"].queryset = call_jurors(call=call)

    def filter_queryset(self, queryset):
        return ordered(super().filter_queryset(queryset), self.sort_key)

    def _cleaned(self, name):
        """A parameter's valid value (None when absent or invalid)."""
        if not self.is_bound:
            return None
        self.errors  # noqa: B018 -- validating fills `cleaned_data`
        return self.form.cleaned_data.get(name)

    @property
    def sort_key(self) -> str:
        value = self._cleaned("sort")
        return value if value in dict(SORT_CHOICES) else DEFAULT_SORT

    @property
    def per_page(self) -> int:
        value = self._cleaned("page_size")
        return int(value) if value in {str(size) for size in PAGE_SIZES} else DEFAULT_PAGE_SIZE

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        for word in value.split()[:SEARCH_WORDS]:
            answers = Answer.objects.annotate(text=JSONText("value")).filter(
                application_id=OuterRef("pk"), text__icontains=word
            )
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(profile_snapshot__profile__name__icontains=word)
                | Q(applicant__email__icontains=word)
                | Q(Exists(answers))
            )
        return queryset

    def filter_eligibility(self, queryset, name, value):
        return queryset.filter(ELIGIBILITY_CONDITIONS[value])

    def filter_juror(self, queryset, name, value):
        given = Application.objects.filter(call=self.call, assignments__member__user=value)
        return queryset.filter(pk__in=given.values("pk"))

    def filter_flags(self, queryset, name, value):
        condition = Q()
        for flag in value:
            condition |= flag_condition(flag)
        return queryset.filter(condition)

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters if name not in DISPLAY_PARAMETERS)


def list_query(data: QueryDict | dict | str, *, keep_page: bool = True) -> str:
    """The list's parameters from `data` (a query string or the GET data), only those the
    list knows, encoded again: what a link back to the list, or a bulk action on "every
    application matching the filter", carries."""
    if isinstance(data, str):
        data = QueryDict(data)
    known = set(ApplicationFilter.base_filters)
    if keep_page:
        known.add("page")
    kept = QueryDict(mutable=True)
    for name in data:
        if name in known:
            values = [value for value in data.getlist(name) if value][:20]
            if values:
                kept.setlist(name, [value[:SEARCH_LENGTH] for value in values])
    return kept.urlencode()
