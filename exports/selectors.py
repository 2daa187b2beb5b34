from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from calls.models import Call
from exports import registry
from exports.enums import ExportStatus
from exports.models import Export

RECENT_EXPORTS = 10
IN_PROGRESS = (ExportStatus.QUEUED, ExportStatus.RUNNING)
# An export still waiting or running after this long was lost (a worker stopped): it no
# longer stands in the way of a new request, and its page stops waiting for it.
STALE_AFTER = timedelta(hours=1)


def is_in_progress(export: Export, *, now=None) -> bool:
    now = now or timezone.now()
    return export.status in IN_PROGRESS and export.created_at > now - STALE_AFTER


def export_in_progress(*, call: Call, kind: str) -> Export | None:
    """The export of this kind of the call that is waiting or running, if any."""
    return (
        call.exports.filter(
            kind=kind, status__in=IN_PROGRESS, created_at__gt=timezone.now() - STALE_AFTER
        )
        .order_by("-created_at")
        .first()
    )


def export_kind_or_404(*, kind: str) -> registry.ExportKind:
    export_kind = registry.export_kind(kind)
    if export_kind is None:
        raise Http404
    return export_kind


def export_for_user(*, user, token) -> Export:
    """An export the person may download, with its call and `kind_label`; 404 for a missing
    export and for an export of a call they do not run alike."""
    export = Export.objects.select_related("call").filter(token=token).first()
    if export is None or not user.has_perm(registry.permission_of(export.kind), export.call):
        raise Http404
    return _labelled(export)


def exports_for_call(*, call: Call, limit: int = RECENT_EXPORTS) -> list[Export]:
    """The call's latest exports, newest first, each with its `kind_label`."""
    return [_labelled(export) for export in call.exports.order_by("-created_at", "-pk")[:limit]]


def _labelled(export: Export) -> Export:
    export.kind_label = registry.label_of(export.kind)
    return export
