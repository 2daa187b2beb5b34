"""The juror's workspace, role by role: the queue and its filters, an assigned application
with its scoring grid (autosave, two tabs, submit, deadline), documents, conflicts, and
query counts that do not grow with the rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from juries.enums import EvaluationStatus, MemberRole
from juries.models import ConflictDeclaration, Evaluation, JurorProfile
from juries.services.evaluation import (
    ScoreInput,
    conflict_declare,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
)
from submissions.enums import EventKind
from submissions.services import application_withdraw, attachment_add
from tests.factories import JurorFactory, OrganizationFactory, OrganizerFactory
from tests.juries.workspace_fixtures import (  # noqa: F401 (the fixtures)
    _english,
    add_criterion,
    add_juror,
    assign,
    build_call,
    identified_organization,
    scene_fixture,
    submit_application,
)
from tests.submissions.conftest import MINIMAL_PDF, jpeg_bytes

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(assignment):
    return reverse("jury:assignment", kwargs={"pk": assignment.pk})


def juror_urls(assignment):
    """Every address a juror reaches for one assignment, with its method."""
    pk = assignment.pk
    attachment = assignment.application.attachments.order_by("pk").first()
    return [
        ("get", page_url(assignment)),
        ("post", reverse("jury:save", kwargs={"pk": pk})),
        ("post", reverse("jury:submit", kwargs={"pk": pk})),
        ("post", reverse("jury:declare_conflict", kwargs={"pk": pk})),
        ("get", reverse("jury:document", kwargs={"pk": pk, "attachment_pk": attachment.pk})),
    ]


def grid(scene, *values, version=0, overall="", comment=""):
    data = {"version": str(version), "overall_comment": overall}
    for criterion, value in zip(scene.criteria, values, strict=False):
        data[f"score-{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment-{criterion.pk}"] = comment
    return data


def text(response):
    return response.content.decode()


# --- who may open what ------------------------------------------------------------------


def _other_juror_same_jury(scene):
    return add_juror(scene).user


def _juror_of_another_call(scene):
    other = build_call(prefix="OTH")
    member = add_juror(other)
    assign(other, member, submit_application(other))
    return member.user


def _removed_member(scene):
    scene.member.is_active = False
    scene.member.save(update_fields=["is_active"])
    return scene.juror


def _declared_application(scene):
    ConflictDeclaration.objects.create(juror=scene.juror, application=scene.application)
    return scene.juror


def _declared_organization(scene):
    ConflictDeclaration.objects.create(
        juror=scene.juror, organization=scene.application.organization
    )
    return scene.juror


def _same_email_domain(scene):
    """Automatic conflict: the juror's private e-mail domain is the applicant's."""
    juror = JurorFactory(email="expert@tafoukt-coop.ma")
    member = add_juror(scene, user=juror)
    scene.assignment.member = member
    scene.assignment.save(update_fields=["member"])
    return juror


def _withdrawn_application(scene):
    application_withdraw(application=scene.application, actor=scene.application.applicant)
    return scene.juror


JUROR_WITHOUT_ACCESS = {
    "another juror of the same jury": _other_juror_same_jury,
    "a juror of another call": _juror_of_another_call,
    "a juror removed from the jury": _removed_member,
    "a declared conflict with the application": _declared_application,
    "a declared link with the organization": _declared_organization,
    "the same private e-mail domain": _same_email_domain,
    "a withdrawn application": _withdrawn_application,
}


@pytest.mark.parametrize("case", JUROR_WITHOUT_ACCESS, ids=list(JUROR_WITHOUT_ACCESS))
def test_a_juror_without_access_gets_404_on_every_juror_url(client, scene, case):
    urls = juror_urls(scene.assignment)
    user = JUROR_WITHOUT_ACCESS[case](scene)
    client.force_login(user)

    codes = {url: getattr(client, method)(url, **HTMX).status_code for method, url in urls}

    assert set(codes.values()) == {404}, codes
    assert not Evaluation.objects.exists()
    assert scene.application.reference not in text(client.get(reverse("jury:workspace")))


@pytest.mark.parametrize("who", ["the applicant", "an organizer of the call"])
def test_people_who_are_not_jurors_are_refused_the_workspace(client, scene, who):
    user = scene.application.applicant if who == "the applicant" else scene.organizer
    client.force_login(user)

    responses = [getattr(client, method)(url) for method, url in juror_urls(scene.assignment)]
    responses.append(client.get(reverse("jury:workspace")))

    assert {response.status_code for response in responses} == {403}
    assert not any(scene.application.reference in text(r) for r in responses)


def test_a_visitor_is_sent_to_log_in(client, scene):
    for method, url in juror_urls(scene.assignment):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- the queue ----------------------------------------------------------------------------


@pytest.fixture
def busy(scene):
    """The scene's juror with three assignments: to do, in progress, submitted (late jury),
    plus one in another call's jury."""
    juror, member = scene.juror, scene.member
    in_progress = assign(scene, member, submit_application(scene))
    draft = evaluation_start(assignment=in_progress, actor=juror)
    evaluation_save(
        evaluation=draft,
        actor=juror,
        version=0,
        scores={scene.criteria[0].pk: ScoreInput(Decimal(3))},
        overall_comment="",
    )
    done = assign(scene, member, submit_application(scene))
    evaluation = evaluation_start(assignment=done, actor=juror)
    evaluation = evaluation_save(
        evaluation=evaluation,
        actor=juror,
        version=0,
        scores={c.pk: ScoreInput(Decimal(4)) for c in scene.criteria},
        overall_comment="",
    )
    evaluation_submit(evaluation=evaluation, actor=juror, version=evaluation.version)
    scene.jury.deadline = timezone.now() - datetime.timedelta(hours=2)
    scene.jury.save(update_fields=["deadline"])
    other = build_call(prefix="AUT")
    other_member = add_juror(other, user=juror)
    elsewhere = assign(other, other_member, submit_application(other))
    scene.other_call = other.call
    return {
        "todo": scene.assignment,
        "draft": in_progress,
        "submitted": done,
        "elsewhere": elsewhere,
    }


def queue_references(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+"><span dir="ltr">([^<]+)<', text(response)
    )


def test_the_queue_shows_status_deadline_late_marker_and_progress(client, scene, busy):
    client.force_login(scene.juror)

    response = client.get(reverse("jury:workspace"))

    page = text(response)
    assert sorted(queue_references(response)) == sorted(
        assignment.application.reference for assignment in busy.values()
    )
    assert page.count('class="badge badge--todo"') == 2
    assert page.count('class="badge badge--draft"') == 1
    assert page.count('class="badge badge--submitted"') == 1
    assert page.count('class="badge badge--late"') == 2  # to do and in progress, late jury
    assert '<progress max="4" value="1"' in page
    assert "1 of 4 evaluations submitted" in page
    assert "(Morocco time)" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "todo"}, {"todo", "elsewhere"}),
        ({"status": "draft"}, {"draft"}),
        ({"status": "submitted"}, {"submitted"}),
        ({"call": "other"}, {"elsewhere"}),
        ({"status": "todo", "call": "scene"}, {"todo"}),
    ],
)
def test_the_queue_filters_by_status_and_call(client, scene, busy, query, expected):
    calls = {"other": scene.other_call.pk, "scene": scene.call.pk}
    query = {
        key: calls.get(value, value) if key == "call" else value for key, value in query.items()
    }
    client.force_login(scene.juror)

    response = client.get(reverse("jury:workspace"), query)

    assert sorted(queue_references(response)) == sorted(
        busy[name].application.reference for name in expected
    )
    # The progress bar counts every assignment, whatever the filters.
    assert '<progress max="4" value="1"' in text(response)


def test_the_queue_filter_offers_only_the_jurors_calls(client, scene, busy):
    stranger = build_call(prefix="STR")
    client.force_login(scene.juror)

    response = client.get(reverse("jury:workspace"), {"call": stranger.call.pk})

    assert queue_references(response) == queue_references(client.get(reverse("jury:workspace")))
    assert stranger.call.title not in text(response)


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_query_count_does_not_grow_with_assignments(
    client, assert_num_queries, count, db
):
    scene = build_call()
    member = add_juror(scene)
    for _ in range(count):
        application = submit_application(scene, photo=False)
        assignment = assign(scene, member, application)
    evaluation_start(assignment=assignment, actor=member.user)
    ConflictDeclaration.objects.create(juror=member.user, application=application)
    client.force_login(member.user)
    client.get(reverse("jury:workspace"))

    with assert_num_queries(14):
        response = client.get(reverse("jury:workspace"), {"status": "todo"})

    assert len(queue_references(response)) == count - 1


# --- the application page and its scoring grid -----------------------------------------


def test_the_page_shows_answers_documents_and_the_grid_with_guidance(client, scene):
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))

    assert "Séchoir solaire collectif" in page
    assert "Project title" in page
    assert "85,000" in page
    assert ">Document 1</a>" in page
    assert ">Document 2</a>" in page
    for number in range(1, len(scene.criteria) + 1):
        assert f'id="criterion-{number}"' in page
        assert f"What {number} looks like" in page
    assert 'href="#criterion-2" data-open-next' in page
    assert 'href="#application"' in page  # the application a tap away on a phone
    assert 'hx-post="' + reverse("jury:save", kwargs={"pk": scene.assignment.pk}) in page


def test_autosave_stores_the_draft_and_answers_with_the_saved_state_and_version(client, scene):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, "", 2.5, overall="Prometteur"),
        **HTMX,
    )

    body = text(response)
    assert response.status_code == 200
    assert "Saved at" in body
    assert 'name="version" value="1" id="id_version" hx-swap-oob="true"' in body
    assert f'<span id="score-{scene.criteria[0].pk}" hx-swap-oob="true">4</span>' in body
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.version, evaluation.overall_comment) == (
        EvaluationStatus.DRAFT,
        1,
        "Prometteur",
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("7", "Give a score from 0 to 5."),
        ("-1", "Give a score from 0 to 5."),
        ("abc", "Give a number"),
    ],
    ids=["above", "below", "not a number"],
)
def test_a_bad_score_is_refused_in_place_and_the_valid_one_is_kept(client, scene, value, message):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 3, value),
        **HTMX,
    )

    body = text(response)
    assert "1 score saved; 1 score needs fixing" in body
    assert "Saved at" not in body
    pk = scene.criteria[1].pk
    assert re.search(
        rf'<ul class="field__errors" id="errors-{pk}" data-invalid="id_score-{pk}" '
        rf'hx-swap-oob="true"><li>{message}',
        body,
    )
    assert 'name="version" value="1" id="id_version" hx-swap-oob="true"' in body
    evaluation = Evaluation.objects.get()
    assert {s.criterion_id: s.value for s in evaluation.scores.all()} == {
        scene.criteria[0].pk: Decimal(3)
    }


def test_a_second_tab_with_an_older_version_is_refused_and_shown_the_newer_content(client, scene):
    client.force_login(scene.juror)
    url = reverse("jury:save", kwargs={"pk": scene.assignment.pk})
    client.post(url, grid(scene, 4, 4, 4, overall="First tab"), **HTMX)

    response = client.post(url, grid(scene, 1, 1, 1, overall="Second tab"), **HTMX)

    body = text(response)
    assert "Changed in another tab: reload." in body
    assert "First tab" in body  # the newer content, shown
    assert 'id="stale-notice" hx-swap-oob="true"' in body
    assert "id_version" not in body
    evaluation = Evaluation.objects.get()
    assert evaluation.overall_comment == "First tab"
    assert set(evaluation.scores.values_list("value", flat=True)) == {Decimal("4")}


def test_the_save_button_without_javascript_saves_and_comes_back(client, scene):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}), grid(scene, 2), follow=True
    )

    assert response.redirect_chain[-1][0] == page_url(scene.assignment)
    assert "Your evaluation is saved as a draft." in text(response)
    assert 'name="version" value="1"' in text(response)


def test_submitting_with_a_criterion_missing_says_which(client, scene):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}), grid(scene, 4, "", 3)
    )

    body = text(response)
    assert response.status_code == 200
    assert "Not submitted: 1 criterion needs fixing." in body
    pk = scene.criteria[1].pk
    assert (
        f'<ul class="field__errors" id="errors-{pk}" data-invalid="id_score-{pk}">'
        "<li>Score this criterion before submitting." in body
    )
    assert not Evaluation.objects.filter(status=EvaluationStatus.SUBMITTED).exists()


def test_submitting_locks_the_evaluation_and_writes_the_history(client, scene):
    client.force_login(scene.juror)

    response = client.post(
        reverse("jury:submit", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 4, 3, 5, overall="Bien"),
        follow=True,
    )

    body = text(response)
    assert f"Your evaluation of {scene.application.reference} is submitted." in body
    assert "It is locked: only the organizers can reopen it." in body
    assert '<fieldset class="scoring-fields" disabled>' in body
    assert "hx-post" not in body.split('id="scoring-form"', 1)[1].split(">", 1)[0]
    evaluation = Evaluation.objects.get()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert scene.application.events.filter(
        kind=EventKind.EVALUATION_SUBMITTED, actor=scene.juror
    ).exists()
    refused = client.post(
        reverse("jury:save", kwargs={"pk": scene.assignment.pk}),
        grid(scene, 1, 1, 1, version=evaluation.version),
        **HTMX,
    )
    assert "submitted and locked" in text(refused)


def test_scoring_after_the_deadline_is_refused_until_it_is_extended(client, scene):
    scene.jury.deadline = timezone.now() - datetime.timedelta(minutes=5)
    scene.jury.save(update_fields=["deadline"])
    client.force_login(scene.juror)
    url = reverse("jury:save", kwargs={"pk": scene.assignment.pk})

    page = text(client.get(page_url(scene.assignment)))
    refused = text(client.post(url, grid(scene, 3), **HTMX))

    assert "The jury's deadline passed on" in page
    assert '<fieldset class="scoring-fields" disabled>' in page
    assert "deadline passed" in refused
    assert not Evaluation.objects.exists()

    scene.jury.deadline = timezone.now() + datetime.timedelta(days=1)  # the extension
    scene.jury.save(update_fields=["deadline"])
    assert "Saved at" in text(client.post(url, grid(scene, 3), **HTMX))


@pytest.fixture
def panel(scene):
    """Three jurors on the scene's application; the first two submitted."""
    scene.jury.scores_visible_after_submit = True
    scene.jury.save(update_fields=["scores_visible_after_submit"])
    chair = add_juror(scene, role=MemberRole.CHAIR)
    third = add_juror(scene)
    for member, value in ((chair, 5), (third, None)):
        assignment = assign(scene, member, scene.application)
        evaluation = evaluation_start(assignment=assignment, actor=member.user)
        if value is not None:
            evaluation = evaluation_save(
                evaluation=evaluation,
                actor=member.user,
                version=0,
                scores={c.pk: ScoreInput(Decimal(value)) for c in scene.criteria},
                overall_comment="",
            )
            evaluation_submit(evaluation=evaluation, actor=member.user, version=evaluation.version)
    return chair, third


def test_other_jurors_scores_show_only_after_submitting_and_without_names(client, scene, panel):
    chair, third = panel
    client.force_login(scene.juror)

    before = text(client.get(page_url(scene.assignment)))
    client.post(reverse("jury:submit", kwargs={"pk": scene.assignment.pk}), grid(scene, 3, 3, 3))
    after = text(client.get(page_url(scene.assignment)))

    assert "The other jurors' scores" not in before
    assert "The other jurors' scores" in after
    assert "<h4>Juror B</h4>" in after  # the chair's assignment came second
    assert "Juror C" not in after  # not submitted
    for member in panel:
        assert member.user.full_name not in after
        assert member.user.email not in after


def test_other_jurors_scores_stay_hidden_where_the_jury_does_not_allow_it(client, scene, panel):
    scene.jury.scores_visible_after_submit = False
    scene.jury.save(update_fields=["scores_visible_after_submit"])
    client.force_login(scene.juror)

    client.post(reverse("jury:submit", kwargs={"pk": scene.assignment.pk}), grid(scene, 3, 3, 3))
    after = text(client.get(page_url(scene.assignment)))

    assert "The other jurors' scores" not in after
    assert "Juror B" not in after


@pytest.mark.parametrize("count", [2, 6])
def test_the_application_page_query_count_does_not_grow_with_criteria(
    client, assert_num_queries, count, db
):
    scene = build_call(criteria=count, scores_visible=True)
    application = submit_application(scene)
    member = add_juror(scene)
    assignment = assign(scene, member, application)
    peer = add_juror(scene)
    for juror_member in (peer, member):
        mine = assign(scene, juror_member, application) if juror_member is peer else assignment
        evaluation = evaluation_start(assignment=mine, actor=juror_member.user)
        evaluation = evaluation_save(
            evaluation=evaluation,
            actor=juror_member.user,
            version=0,
            scores={c.pk: ScoreInput(Decimal(2), "ok") for c in scene.criteria},
            overall_comment="",
        )
        evaluation_submit(
            evaluation=evaluation, actor=juror_member.user, version=evaluation.version
        )
    client.force_login(member.user)
    client.get(page_url(assignment))

    # One of them reads the documents received on the organizers' requests (none here);
    # six find the next application to score (conflicts of interest left out).
    with assert_num_queries(27):
        response = client.get(page_url(assignment))

    assert text(response).count('class="criterion"') == count
    assert "<h4>Juror B</h4>" in text(response)


# --- documents ------------------------------------------------------------------------------


def test_a_pdf_opens_in_the_browser_under_a_neutral_name(client, scene):
    client.force_login(scene.juror)
    attachment = scene.application.attachments.get(content_type="application/pdf")

    response = client.get(
        reverse("jury:document", kwargs={"pk": scene.assignment.pk, "attachment_pk": attachment.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{scene.application.reference}-document-1.pdf"'
    )
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_another_applications_file_is_404_through_this_assignment(client, scene):
    other = submit_application(scene)
    client.force_login(scene.juror)

    response = client.get(
        reverse(
            "jury:document",
            kwargs={"pk": scene.assignment.pk, "attachment_pk": other.attachments.first().pk},
        )
    )

    assert response.status_code == 404


def test_jurors_read_the_submitted_files_not_the_applicants_later_changes(client, scene):
    """A file added after submitting (not submitted again) is not what the jury judges."""
    applicant = scene.application.applicant
    later = attachment_add(
        application=scene.application,
        question=scene.questions["photos"],
        uploaded_file=SimpleUploadedFile("plus.jpg", jpeg_bytes(50, 20), "image/jpeg"),
        actor=applicant,
    )
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))
    response = client.get(
        reverse("jury:document", kwargs={"pk": scene.assignment.pk, "attachment_pk": later.pk})
    )

    assert ">Document 2</a>" in page
    assert ">Document 3</a>" not in page
    assert response.status_code == 404


# --- conflicts ----------------------------------------------------------------------------


def test_declaring_a_conflict_from_the_page_removes_the_application_at_once(client, scene):
    client.force_login(scene.juror)
    client.post(reverse("jury:save", kwargs={"pk": scene.assignment.pk}), grid(scene, 2), **HTMX)

    response = client.post(
        reverse("jury:declare_conflict", kwargs={"pk": scene.assignment.pk}),
        {"target": "application", "reason": "Je connais la présidente"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("jury:workspace")
    assert "has left your queue" in text(response)
    assert scene.application.reference not in queue_references(response)
    assert client.get(page_url(scene.assignment)).status_code == 404
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.application, declaration.reason) == (
        scene.application,
        "Je connais la présidente",
    )
    assert scene.application.events.filter(kind=EventKind.CONFLICT_DECLARED).count() == 1
    assert Evaluation.objects.filter(assignment=scene.assignment).exists()  # kept


def test_under_blind_review_a_conflict_with_the_organization_is_not_offered(client, scene):
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))
    response = client.post(
        reverse("jury:declare_conflict", kwargs={"pk": scene.assignment.pk}),
        {"target": "organization"},
    )

    assert 'value="organization"' not in page
    assert response.status_code == 302
    assert not ConflictDeclaration.objects.exists()


@pytest.fixture
def open_scene(db):
    """A call without blind review, the juror with one application to score."""
    scene = build_call(blind=False, prefix="OPN")
    application = submit_application(scene, organization=identified_organization(), identity=True)
    member = add_juror(scene)
    scene.member, scene.juror, scene.application = member, member.user, application
    scene.assignment = assign(scene, member, application)
    return scene


def test_outside_blind_review_the_organization_is_named_and_a_link_can_be_declared(
    client, open_scene
):
    scene = open_scene
    other = assign(scene, scene.member, submit_application(scene))
    client.force_login(scene.juror)

    page = text(client.get(page_url(scene.assignment)))
    client.post(
        reverse("jury:declare_conflict", kwargs={"pk": scene.assignment.pk}),
        {"target": "organization"},
    )

    assert scene.application.organization.name in page
    assert "Statuts_Tafoukt_Imintanout.pdf" in page  # its name as stored
    assert 'value="organization"' in page
    declaration = ConflictDeclaration.objects.get()
    assert declaration.organization == scene.application.organization
    assert client.get(page_url(other)).status_code == 200


def test_the_conflicts_page_lists_declarations_and_declares_a_link_by_name(client, open_scene):
    scene = open_scene
    other = submit_application(scene, photo=False)
    assign(scene, scene.member, other)
    conflict_declare(actor=scene.juror, application=other)
    client.force_login(scene.juror)
    url = reverse("jury:conflicts")

    page = text(client.get(url))
    response = client.post(
        url,
        {"name": "  coopérative   TAFOUKT imintanout ", "reason": "Ancienne salariée"},
        follow=True,
    )

    assert other.reference in page
    assert '<option value="Coopérative Tafoukt Imintanout">' in page
    assert "is recorded" in text(response)
    assert '<option value="Coopérative Tafoukt Imintanout">' not in text(response)
    assert ConflictDeclaration.objects.filter(
        juror=scene.juror, organization=scene.application.organization, reason="Ancienne salariée"
    ).exists()
    assert client.get(page_url(scene.assignment)).status_code == 404


def test_a_typed_name_is_matched_only_among_organizations_of_open_calls(client, scene):
    """The blind call's organization and an unknown name get the same answer: nobody learns
    whether a name applied to a call under blind review."""
    stranger = OrganizationFactory(name="Association Inconnue")
    client.force_login(scene.juror)
    url = reverse("jury:conflicts")

    blind_name = client.post(url, {"name": scene.application.organization.name})
    unknown = client.post(url, {"name": stranger.name})

    def form_errors(response):
        return re.findall(r'<ul class="field__errors"[^>]*>(.*?)</ul>', text(response), re.S)

    assert form_errors(blind_name) == form_errors(unknown) != []
    assert not ConflictDeclaration.objects.exists()
    assert scene.application.organization.name not in text(blind_name).replace(
        f'value="{scene.application.organization.name}"', ""
    )


def test_the_conflicts_page_offers_organizations_of_open_calls_the_juror_judges(client, open_scene):
    scene = open_scene
    elsewhere = build_call(blind=False, prefix="ELS")
    outsider = OrganizationFactory(name="Coopérative Hors Jury")
    submit_application(elsewhere, organization=outsider)
    client.force_login(scene.juror)

    page = text(client.get(reverse("jury:conflicts")))

    assert '<option value="Coopérative Tafoukt Imintanout">' in page
    assert "Coopérative Hors Jury" not in page


def test_a_juror_profile_is_what_opens_the_workspace(client, db):
    organizer = OrganizerFactory()
    JurorProfile.objects.create(user=organizer)
    client.force_login(organizer)

    response = client.get(reverse("jury:workspace"))

    assert response.status_code == 200
    assert "No application is assigned to you yet." in text(response)
