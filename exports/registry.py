"""The kinds of export organizers can ask for. Each app declares its own in an
`exports.py` module, found when the portal starts (`ExportsConfig.ready`):

    @register(kind="ranking", label=_("Ranking with every score"),
              filename="ranking-{slug}.xlsx")
    def build_ranking(*, export, workbook, progress):
        sheet = workbook.sheet(_("Ranking"), headers=[_("Reference"), _("Score")])
        rows = ranking_rows(call=export.call)
        for done, row in enumerate(rows, 1):
            sheet.append(row)
            progress(done, len(rows))

The builder runs in the background, in the requester's language. It fills `workbook`
(a `cells.SafeWorkbook`) and reports `progress(done, total)` as often as it likes: the
database is written at most once per percent and per second. A `ValidationError` it
raises is shown to the organizer; any other exception shows a generic message.

A kind registered with `format="zip"` builds an archive instead: its builder is called as
`build(*, export, archive, progress)`, where `archive` is a `zipfile.ZipFile` open for
writing (deflated by default, ZIP64 allowed) on a temporary file. It adds members with
`archive.open(name, "w")` (to copy a file chunk by chunk) or `archive.writestr`; member
names are the builder's to make safe. The file is served as `application/zip`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise

from exports.models import Export

MANAGE_CALL = "calls.manage_call"
KIND_MAX_LENGTH = Export._meta.get_field("kind").max_length
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_CONTENT_TYPE = "application/zip"
XLSX = "xlsx"
ZIP = "zip"
# What a builder of each format receives, and how the file is served.
CONTENT_TYPES = {XLSX: XLSX_CONTENT_TYPE, ZIP: ZIP_CONTENT_TYPE}

Builder = Callable[..., None]


@dataclass(frozen=True)
class ExportKind:
    kind: str
    label: Promise | str
    filename: str
    build: Builder
    permission: str = MANAGE_CALL
    format: str = XLSX

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    def filename_for(self, export: Export) -> str:
        """The file's name: `{slug}` is the call's address, `{date}` the day it was asked."""
        date = timezone.localdate(export.created_at).isoformat()
        return self.filename.format(slug=export.call.slug, date=date)


_kinds: dict[str, ExportKind] = {}


def register(
    *,
    kind: str,
    label: Promise | str,
    filename: str,
    permission: str = MANAGE_CALL,
    format: str = XLSX,
) -> Callable[[Builder], Builder]:
    """Declare an export kind built by the decorated function. `permission` is the rules
    permission, checked against the call, needed to ask for it and to download it;
    `format` is "xlsx" (the builder fills a workbook) or "zip" (it fills an archive)."""
    if len(kind) > KIND_MAX_LENGTH:
        raise ImproperlyConfigured(f"Export kind {kind!r} is longer than {KIND_MAX_LENGTH}.")
    if format not in CONTENT_TYPES:
        raise ImproperlyConfigured(f"Export kind {kind!r} has an unknown format {format!r}.")

    def decorator(build: Builder) -> Builder:
        if kind in _kinds:
            raise ImproperlyConfigured(f"Export kind {kind!r} is registered twice.")
        _kinds[kind] = ExportKind(
            kind=kind,
            label=label,
            filename=filename,
            build=build,
            permission=permission,
            format=format,
        )
        return build

    return decorator


def unregister(kind: str) -> None:
    _kinds.pop(kind, None)


def export_kind(kind: str) -> ExportKind | None:
    return _kinds.get(kind)


def label_of(kind: str) -> Promise | str:
    """The kind's name for people; its code if the kind is no longer declared."""
    known = _kinds.get(kind)
    return known.label if known else kind


def permission_of(kind: str) -> str:
    known = _kinds.get(kind)
    return known.permission if known else MANAGE_CALL


def content_type_of(export: Export) -> str:
    """How the export's file is served: by its kind's format, or by the file's extension
    when the kind is no longer declared."""
    known = _kinds.get(export.kind)
    if known:
        return known.content_type
    extension = export.file.name.rpartition(".")[2].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")
