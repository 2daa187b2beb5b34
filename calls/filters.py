"""The filters of the public calls list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Region
from calls.enums import PAST_STATUSES, CallKind, CallStatus
from calls.selectors import call_ids_closed_to_region

OPEN, UPCOMING, PAST = "open", "upcoming", "past"

STATUS_CHOICES = [
    (OPEN, CallStatus.OPEN.label),
    (UPCOMING, CallStatus.UPCOMING.label),
    (PAST, pgettext_lazy("call status", "Past")),
]

STATUSES_OF = {
    OPEN: [CallStatus.OPEN],
    UPCOMING: [CallStatus.UPCOMING],
    PAST: list(PAST_STATUSES),
}

SEARCH_LENGTH = 100
SEARCH_WORDS = 8  # each word is one more condition on every searched field
SEARCHED_FIELDS = (
    "title_fr",
    "title_ar",
    "title_en",
    "summary_fr",
    "summary_ar",
    "summary_en",
)


class CallFilter(django_filters.FilterSet):
    """Filters a queryset annotated with `current_status` (`selectors.public_call_listing`)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=SEARCH_LENGTH,
        help_text=_("Words from the title or the summary, in any language."),
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("call", "Status"),
        choices=STATUS_CHOICES,
        empty_label=pgettext_lazy("call status", "Any"),
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("call", "Kind"),
        choices=CallKind.choices,
        empty_label=pgettext_lazy("call kind", "Any"),
    )
    region = django_filters.ChoiceFilter(
        label=_("Open to organizations of"),
        choices=Region.choices,
        empty_label=pgettext_lazy("region", "Any region"),
        method="filter_region",
    )

    def filter_text(self, queryset, name, value):
        for word in value.split()[:SEARCH_WORDS]:
            matches = Q()
            for field in SEARCHED_FIELDS:
                matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(current_status__in=STATUSES_OF[value])

    def filter_region(self, queryset, name, value):
        return queryset.exclude(pk__in=call_ids_closed_to_region(region=value))

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
