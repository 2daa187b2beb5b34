"""Asking for an export and building it in the background."""

import logging
import tempfile
import time
import zipfile
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calls.models import Call
from exports import registry, selectors
from exports.cells import SafeWorkbook
from exports.enums import ExportStatus
from exports.models import Export

logger = logging.getLogger(__name__)

# Seconds between two writes of an export's progress; its page asks every two seconds.
PROGRESS_INTERVAL = 1.0


def export_request(*, call: Call, kind: str, actor, language: str) -> Export:
    """Queue an export of `call`. While the same export of the call is waiting or running
    (a double click, two organizers), that one is returned instead of a second."""
    export_kind = registry.export_kind(kind)
    if export_kind is None or not actor.has_perm(export_kind.permission, call):
        raise PermissionDenied
    with transaction.atomic():
        # Requests for the same call wait for each other here.
        Call.objects.select_for_update().only("pk").get(pk=call.pk)
        running = selectors.export_in_progress(call=call, kind=kind)
        if running:
            return running
        export = Export.objects.create(call=call, kind=kind, requested_by=actor, language=language)
        transaction.on_commit(lambda: _dispatch(export_id=export.pk))
    return export


def _dispatch(*, export_id: int) -> None:
    from exports.tasks import export_build

    try:
        export_build.delay(export_id)
    except Exception:
        logger.exception("Export %s could not be queued.", export_id)
        export = Export.objects.get(pk=export_id)
        with translation.override(export.language):
            message = _("The export could not be started. Please ask for it again in a moment.")
        _finish(export_id, status=ExportStatus.FAILED, error=message, claimed=ExportStatus.QUEUED)


def export_run(*, export_id: int) -> bool:
    """Build a waiting export. Returns True when this call built it.

    The row is claimed with a conditional update, so a task delivered twice builds the
    file once; an export already running, ready or failed is left as it is.
    """
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not claimed:
        return False
    export = Export.objects.select_related("call").get(pk=export_id)
    with translation.override(export.language):
        try:
            _build(export)
        except Exception as error:
            logger.exception("Export %s (%s) failed.", export.pk, export.kind)
            _finish(export.pk, status=ExportStatus.FAILED, error=_failure_message(error))
            return False
    _finish(export.pk, status=ExportStatus.READY, file=export.file.name)
    return True


def _build(export: Export) -> None:
    export_kind = registry.export_kind(export.kind)
    if export_kind is None:
        raise LookupError(f"Export kind {export.kind!r} is not registered.")
    progress = ProgressRecorder(export.pk)
    with tempfile.TemporaryFile() as spool:
        if export_kind.format == registry.ZIP:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                export_kind.build(export=export, archive=archive, progress=progress)
        else:
            workbook = SafeWorkbook()
            export_kind.build(export=export, workbook=workbook, progress=progress)
            workbook.save(spool)
        spool.seek(0)
        export.file.save(export_kind.filename_for(export), File(spool), save=False)


def _failure_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _(
        "The export could not be prepared. Please ask for it again; if it fails again, "
        "tell the site's administrators."
    )


def _finish(export_id: int, *, status, claimed=ExportStatus.RUNNING, **fields) -> None:
    Export.objects.filter(pk=export_id, status=claimed).update(
        status=status, finished_at=timezone.now(), **fields
    )


class ProgressRecorder:
    """The `progress(done, total)` a builder calls. The row is written when the total
    changes, at the end, and in between when the percentage changed and PROGRESS_INTERVAL
    seconds went by since the last write: a long export writes it at most about a hundred
    times, a quick one twice (each write is a transaction of its own)."""

    def __init__(self, export_id: int, *, clock: Callable[[], float] = time.monotonic):
        self.export_id = export_id
        self.clock = clock
        self.saved = None
        self.saved_at = None

    def __call__(self, done: int, total: int) -> None:
        done = max(0, min(done, total))
        step = (total, 100 * done // total if total else 0)
        if step == self.saved:
            return
        now = self.clock()
        same_total = self.saved is not None and self.saved[0] == total
        if same_total and done < total and now - self.saved_at < PROGRESS_INTERVAL:
            return
        Export.objects.filter(pk=self.export_id).update(done=done, total=total)
        self.saved, self.saved_at = step, now
