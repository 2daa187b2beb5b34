"""What a juror is told about their grid: a score out of range never stops the others
from being saved and is marked beside its own field; a refused submission lists what to
fix where the eye is; the queue puts work to do first and a sent evaluation offers the
next one; the round is named as the jury's round, not as the eligibility screening."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from calls.enums import RoundKind
from juries.enums import EvaluationStatus
from juries.models import Evaluation
from juries.services.evaluation import (
    ScoreInput,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
)
from submissions.enums import BulkActionKind
from tests.juries.test_workspace_views import (
    HTMX,
    busy,  # noqa: F401 (the fixture)
    grid,
    page_url,
    queue_references,
    text,
)
from tests.juries.workspace_fixtures import (  # noqa: F401 (the fixtures)
    _english,
    add_juror,
    assign,
    build_call,
    scene_fixture,
    submit_application,
)


def stored(evaluation):
    return {score.criterion_id: score.value for score in evaluation.scores.all()}


def open_criteria(page):
    return re.findall(r'<details class="criterion" name="criteria" id="criterion-(\d+)" open', page)


def value_input(page, criterion):
    return re.search(rf'<input [^>]*name="score-{criterion.pk}"[^>]*>', page).group(0)


# --- one score out of range --------------------------------------------------------------


def test_autosave_keeps_the_valid_scores_and_marks_only_the_one_out_of_range(client, scene):
    first, faulty, third = scene.criteria
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 3, 9, 4, overall="Prometteur"),
        **HTMX,
    )

    body = text(response)
    evaluation = Evaluation.objects.get()
    assert stored(evaluation) == {first.pk: Decimal(3), third.pk: Decimal(4)}
    assert evaluation.overall_comment == "Prometteur"
    assert "Saved at" not in body
    assert "2 scores saved; 1 score needs fixing" in body
    assert 'href="#criterion-2"' in body  # the status leads to the criterion to fix
    errors = re.search(rf'<ul class="field__errors" id="errors-{faulty.pk}"[^>]*>', body).group(0)
    assert f'data-invalid="id_score-{faulty.pk}"' in errors
    assert "Give a score from 0 to 5." in body.split(errors, 1)[1].split("</ul>", 1)[0]
    for criterion in (first, third):
        assert re.search(
            rf'<ul class="field__errors" id="errors-{criterion.pk}" data-invalid="" hx-swap-oob',
            body,
        )
    assert re.search(rf'<span class="criterion__flag" id="flag-{faulty.pk}"[^>]*>To fix<', body)
    # The page goes on from the version just saved.
    assert 'name="version" value="1" id="id_version" hx-swap-oob="true"' in body

    reloaded = text(client.get(page_url(scene.assignment)))
    assert 'value="3"' in value_input(reloaded, first)
    assert 'value="4"' in value_input(reloaded, third)


def test_saving_without_javascript_keeps_the_valid_scores_and_marks_the_faulty_field(client, scene):
    first, faulty, third = scene.criteria
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}), grid(scene, 3, 9, 4)
    )

    page = text(response)
    assert response.status_code == 200
    assert stored(Evaluation.objects.get()) == {first.pk: Decimal(3), third.pk: Decimal(4)}
    field = value_input(page, faulty)
    assert 'aria-invalid="true"' in field
    assert f"errors-{faulty.pk}" in re.search(r'aria-describedby="([^"]+)"', field).group(1)
    assert "aria-invalid" not in value_input(page, first)
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "2 scores saved; 1 score needs fixing" in summary
    assert 'href="#criterion-2"' in summary
    assert "Give a score from 0 to 5." in summary
    assert open_criteria(page) == ["2"]  # the criterion to fix, not the first one
    assert '<input type="hidden" name="version" value="1"' in page
    assert "Your evaluation is saved as a draft." not in page


# --- a refused submission ----------------------------------------------------------------


def test_a_refused_submit_lists_each_faulty_criterion_above_the_grid_and_keeps_the_rest(
    client, scene
):
    first, missing, faulty = scene.criteria
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, "", 9, overall="Bien"),
    )

    page = text(response)
    assert response.status_code == 200
    evaluation = Evaluation.objects.get()
    assert evaluation.status == EvaluationStatus.DRAFT
    assert stored(evaluation) == {first.pk: Decimal(4)}
    assert evaluation.overall_comment == "Bien"
    summary_at = page.index('id="error-summary"')
    assert summary_at < page.index('id="scoring-form"')
    summary = page[summary_at:].split("</div>", 1)[0]
    assert "Not submitted: 2 criteria need fixing." in summary
    assert re.findall(r'href="#criterion-(\d)"', summary) == ["2", "3"]
    assert "Score this criterion before submitting." in summary
    assert "Give a score from 0 to 5." in summary
    assert 'tabindex="-1"' in summary.split(">", 1)[0]  # focus is moved to it
    assert open_criteria(page) == ["2"]
    assert 'aria-invalid="true"' in value_input(page, missing)
    assert 'aria-invalid="true"' in value_input(page, faulty)
    assert f'<input type="hidden" name="version" value="{evaluation.version}"' in page

    fixed = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, 2, 5, overall="Bien", version=evaluation.version),
    )
    assert fixed.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED


def test_a_stale_tab_still_saves_nothing_when_a_score_is_out_of_range(client, scene):
    client.force_login(scene.juror)
    url = reverse("jury:save", kwargs={"pk": scene.assignment.pk})
    client.post(url, grid(scene, 4, 4, 4, overall="First tab"), **HTMX)

    response = client.post(url, grid(scene, 1, 9, 1, overall="Second tab"), **HTMX)

    body = text(response)
    assert "Changed in another tab: reload." in body
    assert "Saved at" not in body
    assert "scores saved" not in body
    evaluation = Evaluation.objects.get()
    assert evaluation.overall_comment == "First tab"
    assert set(stored(evaluation).values()) == {Decimal(4)}


# --- the queue and the next application -----------------------------------------------------


def test_the_queue_lists_work_to_do_before_work_submitted(client, scene, busy):  # noqa: F811
    client.force_login(scene.juror)

    response = client.get(reverse("jury:workspace"))

    assert queue_references(response) == [
        busy[name].application.reference for name in ("todo", "draft", "elsewhere", "submitted")
    ]


def _score_all(scene, assignment, value=3):
    evaluation = evaluation_start(assignment=assignment, actor=scene.juror)
    return evaluation_save(
        evaluation=evaluation,
        actor=scene.juror,
        version=evaluation.version,
        scores={c.pk: ScoreInput(Decimal(value)) for c in scene.criteria},
        overall_comment="",
    )


def test_a_submitted_evaluation_offers_the_next_application_to_score(client, scene):
    later = assign(scene, scene.member, submit_application(scene))
    done = assign(scene, scene.member, submit_application(scene))
    evaluation = _score_all(scene, done)
    evaluation_submit(evaluation=evaluation, actor=scene.juror, version=evaluation.version)
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, 3, 5),
        follow=True,
    )

    page = text(response)
    assert f"Your evaluation of {scene.application.reference} is submitted." in page
    next_link = re.search(r'<a class="button" href="([^"]+)"[^>]*data-next-application>', page)
    assert next_link.group(1) == page_url(later)
    assert "Next application" in page.split("data-next-application", 1)[1].split("</a>", 1)[0]
    assert later.application.reference in page
    assert "All done" not in page


def test_the_last_submitted_evaluation_says_all_is_done(client, scene):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, 3, 5),
        follow=True,
    )

    page = text(response)
    assert "data-next-application" not in page
    assert "All done: every application assigned to you is evaluated." in page
    assert f'href="{reverse("jury:workspace")}"' in page


def test_a_draft_offers_no_next_application(client, scene):
    assign(scene, scene.member, submit_application(scene))
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))

    assert "data-next-application" not in page
    assert "All done" not in page


# --- the round's name ---------------------------------------------------------------------


@pytest.fixture
def screening(db):
    scene = build_call(blind=True)
    scene.round.kind = RoundKind.SCREENING
    scene.round.save(update_fields=["kind"])
    member = add_juror(scene)
    scene.juror = member.user
    scene.assignment = assign(scene, member, submit_application(scene))
    return scene


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_jurors_read_the_round_as_the_jurys_round_not_as_eligibility_screening(
    client, screening, language
):
    client.force_login(screening.juror)
    with translation.override(language):
        urls = [reverse("jury:workspace"), page_url(screening.assignment)]
        round_label = translation.pgettext("round", "Screening")
        eligibility = str(BulkActionKind.SCREENING.label)

    for url in urls:
        page = text(client.get(url))
        assert f"{screening.call.title} · {round_label}" in page, url
        assert eligibility not in page, url
