"""Asking for an export and building it: one build per request, the file in storage,
progress on the way, and a message for the organizer when it fails."""

import datetime
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from exports import registry, services
from exports.enums import ExportStatus
from exports.models import Export
from tests.exports.conftest import DANGEROUS, HEADERS, NAME_ON_TWO_LINES, TEST_KIND
from tests.factories import OrganizerFactory, SiteAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def request_export(call, actor, kind=TEST_KIND, language="fr"):
    return services.export_request(call=call, kind=kind, actor=actor, language=language)


def requested_and_built(call, actor, capture, kind=TEST_KIND):
    with capture(execute=True):
        export = request_export(call, actor, kind)
    export.refresh_from_db()
    return export


def test_a_requested_export_is_built_after_commit_into_a_safe_workbook(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        export = request_export(organizer_call, organizer)
        assert Export.objects.get(pk=export.pk).status == ExportStatus.QUEUED
    assert len(callbacks) == 1

    callbacks[0]()

    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export.finished_at is not None
    assert export.error == ""
    assert export.percent == 100
    assert export.file.name == (
        f"exports/{organizer_call.pk}/{export.token}/test-{organizer_call.slug}.xlsx"
    )
    with export.file.open("rb") as stored:
        rows = list(load_workbook(stored).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 1 + rows_builder.rows
    texts = [row[2] for row in rows[1:]]
    assert texts[: len(DANGEROUS)] == DANGEROUS
    assert {row[1] for row in rows[1:]} == {NAME_ON_TWO_LINES}


def test_the_stored_file_holds_no_formula(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    export = requested_and_built(organizer_call, organizer, django_capture_on_commit_callbacks)

    with export.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)
    assert sheets == ["xl/worksheets/sheet1.xml"]
    assert "<f>" not in xml
    assert "<f " not in xml
    assert xml.count("HYPERLINK") == len(range(0, rows_builder.rows, len(DANGEROUS)))


def test_progress_is_saved_while_the_export_is_built(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)  # a build as slow as a big one
    export = requested_and_built(organizer_call, organizer, django_capture_on_commit_callbacks)

    assert rows_builder.seen_midway == (125, 250)
    assert (export.done, export.total) == (250, 250)


class Clock:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step):
        self.now, self.step = 0.0, step

    def __call__(self):
        self.now += self.step
        return self.now


def test_a_slow_export_writes_its_progress_once_per_percent(
    organizer_call, organizer, assert_num_queries
):
    export = Export.objects.create(
        call=organizer_call, kind=TEST_KIND, requested_by=organizer, language="fr"
    )
    progress = services.ProgressRecorder(export.pk, clock=Clock(step=services.PROGRESS_INTERVAL))

    with assert_num_queries(101):
        for done in range(1001):
            progress(done, 1000)

    export.refresh_from_db()
    assert (export.done, export.total) == (1000, 1000)


@pytest.mark.parametrize("rows", [10, 250])
def test_a_quick_export_writes_its_progress_twice_whatever_its_size(
    organizer_call, organizer, assert_num_queries, rows
):
    """The total when it is known and the end: the page asks every two seconds, and each
    write is a transaction of its own."""
    export = Export.objects.create(
        call=organizer_call, kind=TEST_KIND, requested_by=organizer, language="fr"
    )
    progress = services.ProgressRecorder(export.pk, clock=Clock(step=0.001))

    with assert_num_queries(2):
        for done in range(rows + 1):
            progress(done, rows)

    export.refresh_from_db()
    assert (export.done, export.total) == (rows, rows)


def test_a_second_request_while_the_first_is_waiting_or_running_returns_it(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    colleague = OrganizerFactory()
    organizer_call.organizers.add(colleague)
    with django_capture_on_commit_callbacks() as callbacks:
        first = request_export(organizer_call, organizer)
        double_click = request_export(organizer_call, organizer)
    Export.objects.filter(pk=first.pk).update(status=ExportStatus.RUNNING)
    with django_capture_on_commit_callbacks() as later:
        from_colleague = request_export(organizer_call, colleague, language="ar")

    assert double_click == from_colleague == first
    assert Export.objects.count() == 1
    assert len(callbacks) + len(later) == 1


def test_a_new_request_builds_again_once_the_previous_export_is_ready(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    first = requested_and_built(organizer_call, organizer, django_capture_on_commit_callbacks)
    second = requested_and_built(organizer_call, organizer, django_capture_on_commit_callbacks)

    assert second != first
    assert second.status == ExportStatus.READY
    assert rows_builder.calls == 2


def test_an_export_lost_for_an_hour_no_longer_blocks_a_new_request(
    organizer_call, organizer, rows_builder
):
    lost = Export.objects.create(
        call=organizer_call,
        kind=TEST_KIND,
        requested_by=organizer,
        language="fr",
        status=ExportStatus.RUNNING,
        created_at=timezone.now() - datetime.timedelta(hours=2),
    )

    assert request_export(organizer_call, organizer) != lost


def test_a_failing_export_is_marked_failed_with_a_message_in_the_requesters_language(
    organizer_call, organizer, failing_kind, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(organizer_call, organizer, failing_kind, language="en")

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.finished_at is not None
    assert not export.file
    with translation.override("en"):
        assert export.error == gettext(
            "The export could not be prepared. Please ask for it again; if it fails again, "
            "tell the site's administrators."
        )
    assert "the database went away" not in export.error
    assert "the database went away" in caplog.text


def test_a_refusal_from_the_builder_is_shown_as_it_is(
    organizer_call, organizer, refusing_kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(organizer_call, organizer, refusing_kind, language="en")

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    with translation.override("en"):
        assert export.error == gettext("No application to rank yet.")


@pytest.mark.parametrize("status", [ExportStatus.RUNNING, ExportStatus.READY, ExportStatus.FAILED])
def test_a_repeated_task_leaves_an_export_no_longer_waiting_alone(
    organizer_call, organizer, rows_builder, status
):
    export = Export.objects.create(
        call=organizer_call, kind=TEST_KIND, requested_by=organizer, language="fr", status=status
    )

    assert services.export_run(export_id=export.pk) is False

    assert Export.objects.get(pk=export.pk).status == status
    assert rows_builder.calls == 0


def test_a_task_repeated_after_the_build_does_nothing(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks
):
    export = requested_and_built(organizer_call, organizer, django_capture_on_commit_callbacks)

    assert services.export_run(export_id=export.pk) is False
    assert rows_builder.calls == 1
    assert Export.objects.get(pk=export.pk).file.name == export.file.name


def test_an_export_whose_kind_is_gone_fails(organizer_call, organizer):
    export = Export.objects.create(
        call=organizer_call, kind="retired", requested_by=organizer, language="fr"
    )

    assert services.export_run(export_id=export.pk) is False
    assert Export.objects.get(pk=export.pk).status == ExportStatus.FAILED


def test_an_export_that_cannot_be_queued_fails_and_can_be_asked_again(
    organizer_call, organizer, rows_builder, django_capture_on_commit_callbacks, monkeypatch
):
    from exports.tasks import export_build

    def broker_down(*args):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(export_build, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(organizer_call, organizer)

    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.error == gettext(
        "The export could not be started. Please ask for it again in a moment."
    )
    assert request_export(organizer_call, organizer) != export


@pytest.mark.parametrize("person", ["other organizer", "applicant", "inactive organizer"])
def test_only_the_calls_organizers_may_ask_for_its_exports(organizer_call, rows_builder, person):
    actor = {
        "other organizer": OrganizerFactory,
        "applicant": UserFactory,
        "inactive organizer": lambda: OrganizerFactory(is_active=False),
    }[person]()
    if person == "inactive organizer":
        organizer_call.organizers.add(actor)

    with pytest.raises(PermissionDenied):
        request_export(organizer_call, actor)
    assert not Export.objects.exists()


def test_a_site_admin_may_ask_for_any_calls_export(organizer_call, rows_builder):
    assert request_export(organizer_call, SiteAdminFactory()).pk is not None


def test_an_unknown_kind_is_refused(organizer_call, organizer):
    with pytest.raises(PermissionDenied):
        request_export(organizer_call, organizer, kind="everything")
    assert not Export.objects.exists()


def test_a_kind_of_an_unknown_format_is_refused():
    with pytest.raises(ImproperlyConfigured):
        registry.register(kind="test-pdf", label="PDF", filename="x.pdf", format="pdf")
    assert registry.export_kind("test-pdf") is None


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("ranking.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("documents.zip", "application/zip"),
        ("notes.txt", "application/octet-stream"),
    ],
)
def test_the_file_of_a_kind_no_longer_declared_is_served_by_its_extension(
    organizer_call, organizer, name, content_type
):
    export = Export(call=organizer_call, kind="retired", requested_by=organizer, file=name)

    assert registry.content_type_of(export) == content_type
