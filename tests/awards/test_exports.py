"""The deliberation's Excel exports: the ranking with every score, and the minutes."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from awards.enums import Outcome
from awards.services.deliberation import decision_record, deliberation_lock, deliberation_of
from exports.enums import ExportStatus
from exports.models import Export
from tests.awards.conftest import add_application, decide_all, grade, scored_scene

pytestmark = pytest.mark.django_db

DANGEROUS_NAMES = ['=HYPERLINK("http://evil.example","x")', "+33 cooperative", "-1", "@SUM(A1)"]


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask for an export as the organizer's button does; the worker builds it after
    commit."""

    def request(scene, kind):
        client.force_login(scene.organizer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("exports:request", args=[scene.call.slug, kind]))
        return Export.objects.get(call=scene.call, kind=kind)

    return request


def workbook_of(client, export):
    response = client.get(reverse("exports:download", args=[export.token]))
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)), content


@pytest.fixture
def dangerous(db):
    """The scored scene with applicants whose names begin with = + - @, scored too."""
    scene = scored_scene()
    for name in DANGEROUS_NAMES:
        application = add_application(scene, name=name)
        for member in scene.members:
            grade(scene, member, application, 2, 2)
    return scene


def test_the_ranking_export_has_every_score_raw_and_normalized(client, ask, dangerous):
    export = ask(dangerous, "ranking")

    assert export.status == ExportStatus.READY
    workbook, _content = workbook_of(client, export)
    ranking, scores, agreement = workbook.worksheets
    references = [row[2] for row in ranking.iter_rows(min_row=2, values_only=True)]
    assert references[:4] == [a.reference for a in dangerous.applications[:4]]
    first = next(ranking.iter_rows(min_row=2, values_only=True))
    assert first[5] == 85
    assert first[6] is not None
    per_juror = list(scores.iter_rows(min_row=2, values_only=True))
    assert len(per_juror) == 2 * len(dangerous.applications)
    assert len(per_juror[0]) == 3 + len(dangerous.criteria) + 3
    assert agreement.cell(row=2, column=2).value is not None


def test_names_that_look_like_formulas_stay_text_in_every_export(client, ask, dangerous):
    deliberation = decide_all(dangerous)

    for application in dangerous.applications[4:]:
        decision_record(
            deliberation=deliberation,
            application=application,
            outcome=Outcome.NOT_SELECTED,
            justification="=cmd|' /C calc'!A0",
            actor=dangerous.organizer,
        )
    deliberation_lock(deliberation=deliberation_of(dangerous.call), actor=dangerous.organizer)

    for kind in ("ranking", "minutes"):
        workbook, content = workbook_of(client, ask(dangerous, kind))
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        texts = {c.value for c in cells if c.data_type == "s"}
        assert set(DANGEROUS_NAMES) <= texts, kind
        assert not [c for c in cells if c.data_type == "f"], kind
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert not any(b"<f>" in archive.read(name) for name in sheets), kind


def test_the_minutes_export_waits_for_the_lock(ask, db):
    scene = scored_scene()

    export = ask(scene, "minutes")

    assert export.status == ExportStatus.FAILED
    assert export.error


def test_another_organizer_cannot_ask_for_a_calls_ranking(client, dangerous):
    other = scored_scene()
    client.force_login(other.organizer)

    response = client.post(reverse("exports:request", args=[dangerous.call.slug, "ranking"]))

    assert response.status_code == 404
    assert not Export.objects.filter(call=dangerous.call).exists()
