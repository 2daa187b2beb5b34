"""Blind review: the organization's name, registration number, phone, e-mail and the
documents' original names reach a juror through no response at all — pages in every
language, htmx fragments, refusals, downloads (bodies and headers), e-mails. The same
journey outside blind review shows them, so the check is known to see them."""

import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from juries.selectors.workspace import (
    assignment_for_juror,
    juror_application,
    organizations_open_to_juror,
)
from juries.services.evaluation import (
    ScoreInput,
    evaluation_reopen,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
)
from notifications.models import Message
from tests.juries.workspace_fixtures import (  # noqa: F401 (the fixtures)
    IDENTIFYING,
    _english,
    add_juror,
    assign,
    build_call,
    identified_organization,
    scene_fixture,
    submit_application,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


def grid(scene, *values, version=0, overall=""):
    data = {"version": str(version), "overall_comment": overall}
    for criterion, value in zip(scene.criteria, values, strict=False):
        data[f"score-{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment-{criterion.pk}"] = ""
    return data


def content_of(response) -> str:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8", "replace")
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return headers + "\n" + body


def leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [needle for needle in IDENTIFYING if needle.casefold() in folded]


def every_juror_response(client, scene):
    """(what, response) for everything the scene's juror can obtain, in order: the queue,
    the application in three languages, autosaves (saved, refused, stale), submitting
    (refused, then done, with another juror's scores shown), each document, the conflicts
    page, declaring a conflict, and the pages that then answer 404."""
    pk = scene.assignment.pk
    save_url = reverse("jury:save", kwargs={"pk": pk})
    submit_url = reverse("jury:submit", kwargs={"pk": pk})
    page_url = reverse("jury:assignment", kwargs={"pk": pk})
    got = []

    def get(what, url, **extra):
        got.append((what, client.get(url, **extra)))
        return got[-1][1]

    def post(what, url, data, **extra):
        got.append((what, client.post(url, data, **extra)))
        return got[-1][1]

    get("queue", reverse("jury:workspace"))
    get(
        "queue, filtered", reverse("jury:workspace"), data={"status": "todo", "call": scene.call.pk}
    )
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            get(f"application page ({language})", reverse("jury:assignment", kwargs={"pk": pk}))
            get(f"queue ({language})", reverse("jury:workspace"))
    post("autosave", save_url, grid(scene, 3, overall="Bien"), **HTMX)
    post("autosave, not a number", save_url, grid(scene, "abc", version=1), **HTMX)
    post("save without JavaScript, refused", save_url, grid(scene, 9, version=1))
    post("autosave from a stale tab", save_url, grid(scene, 1, 1, version=0), **HTMX)
    post("submit, incomplete", submit_url, grid(scene, 3, version=1))
    post("save without JavaScript", save_url, grid(scene, 3, 4, version=1), follow=True)
    for document in re.findall(r'href="([^"]+/files/\d+/)"', content_of(get("page", page_url))):
        get(f"document {document}", document)
    post("submit", submit_url, grid(scene, 3, 4, 5, version=2), follow=True)
    get("page after submitting, other jurors' scores shown", page_url)
    get("conflicts page", reverse("jury:conflicts"))
    post(
        "declaring a link by the organization's name",
        reverse("jury:conflicts"),
        {"name": scene.application.organization.name},
    )
    post(
        "declaring a conflict with the application",
        reverse("jury:declare_conflict", kwargs={"pk": pk}),
        {"target": "application", "reason": ""},
        follow=True,
    )
    get("page after the conflict (404)", page_url)
    post("autosave after the conflict (404)", save_url, grid(scene, 3), **HTMX)
    get("conflicts page after declaring", reverse("jury:conflicts"))
    return got


def with_a_peer_who_submitted(scene):
    scene.jury.scores_visible_after_submit = True
    scene.jury.save(update_fields=["scores_visible_after_submit"])
    peer = add_juror(scene)
    assignment = assign(scene, peer, scene.application)
    evaluation = evaluation_start(assignment=assignment, actor=peer.user)
    evaluation = evaluation_save(
        evaluation=evaluation,
        actor=peer.user,
        version=0,
        scores={c.pk: ScoreInput(Decimal(2)) for c in scene.criteria},
        overall_comment="",
    )
    evaluation_submit(evaluation=evaluation, actor=peer.user, version=evaluation.version)


def test_no_response_a_juror_can_obtain_identifies_the_applicant(client, scene):
    with_a_peer_who_submitted(scene)
    client.force_login(scene.juror)

    responses = every_juror_response(client, scene)

    statuses = {what: response.status_code for what, response in responses}
    assert statuses["page after the conflict (404)"] == 404
    assert all(code in (200, 404) for code in statuses.values()), statuses
    assert sum(what.startswith("document ") for what in statuses) == 2
    typed = f'value="{scene.application.organization.name}"'  # the juror's own typing, echoed
    found = {what: leaks(content_of(response).replace(typed, "")) for what, response in responses}
    assert {what: needles for what, needles in found.items() if needles} == {}
    page = content_of(dict(responses)["application page (en)"])
    assert "[hidden: blind review]" in page  # what the applicant typed about themselves
    assert scene.application.reference in page


def test_documents_download_under_neutral_names(client, scene):
    client.force_login(scene.juror)
    reference = scene.application.reference
    headers = []
    for attachment in scene.application.attachments.all():
        url = reverse(
            "jury:document", kwargs={"pk": scene.assignment.pk, "attachment_pk": attachment.pk}
        )
        headers.append(client.get(url)["Content-Disposition"])

    assert sorted(headers) == [
        f'inline; filename="{reference}-document-1.pdf"',
        f'inline; filename="{reference}-document-2.jpg"',
    ]


def test_the_reopened_evaluation_e_mail_names_only_the_reference(client, scene):
    evaluation = evaluation_start(assignment=scene.assignment, actor=scene.juror)
    evaluation = evaluation_save(
        evaluation=evaluation,
        actor=scene.juror,
        version=0,
        scores={c.pk: ScoreInput(Decimal(3)) for c in scene.criteria},
        overall_comment="",
    )
    evaluation_submit(evaluation=evaluation, actor=scene.juror, version=evaluation.version)

    evaluation_reopen(evaluation=evaluation, actor=scene.organizer, reason="Le critère 3")

    message = Message.objects.get(to_email=scene.juror.email)
    assert leaks(message.subject + message.body_text + message.body_html) == []
    assert scene.application.reference in message.subject


def test_the_selector_builds_a_blind_record(scene):
    """Blind review is applied where the juror's view is built, not in a template: the
    record a page receives holds nothing identifying and no application object."""
    assignment = assignment_for_juror(user=scene.juror, pk=scene.assignment.pk)

    view = juror_application(assignment=assignment)

    assert view.blind
    assert view.organization_name == ""
    assert view.title == scene.application.reference
    assert [fact.label for fact in view.profile] == [
        "Legal form",
        "Region",
        "Sector",
        "Members",
        "Women members",
        "Young members",
    ]
    assert [document.name for document in view.documents] == ["", ""]
    assert leaks(repr(view)) == []


def test_organizations_of_blind_calls_are_never_offered_to_declare_a_link(scene):
    open_call = build_call(blind=False, prefix="OPN")
    visible = submit_application(open_call)
    add_juror(open_call, user=scene.juror)

    offered = list(organizations_open_to_juror(user=scene.juror))

    assert offered == [visible.organization]


def test_outside_blind_review_the_same_journey_shows_the_applicant(client, db):
    """The check above sees identities when they are there."""
    scene = build_call(blind=False)
    application = submit_application(scene, organization=identified_organization(), identity=True)
    member = add_juror(scene)
    scene.juror, scene.application = member.user, application
    scene.assignment = assign(scene, member, application)
    client.force_login(scene.juror)

    page = content_of(client.get(reverse("jury:assignment", kwargs={"pk": scene.assignment.pk})))

    assert set(leaks(page)) >= {
        "Coopérative Tafoukt Imintanout",
        "ODCO-2019-77341",
        "+212661234567",
        "presidente@tafoukt-coop.ma",
        "06 61 23 45 67",
    }
    assert "[hidden: blind review]" not in page
