"""The filters of the juror's queue."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from juries.selectors.workspace import PROGRESS_LABELS, calls_of_juror


def _calls(request):
    return calls_of_juror(user=request.user)


class QueueFilter(django_filters.FilterSet):
    """Filters a queryset annotated with `progress` (`selectors.workspace.with_progress`)."""

    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("evaluation", "Status"),
        field_name="progress",
        choices=list(PROGRESS_LABELS.items()),
        empty_label=pgettext_lazy("evaluation status", "Any"),
    )
    call = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("jury", "Call"),
        field_name="jury__call",
        queryset=_calls,
        empty_label=_("All my calls"),
    )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
