"""The deliberation pages, for the call's organizers (/<lang>/manage/calls/<slug>/…) and the
chair of its jury (/<lang>/jury/calls/<slug>/…): who reaches them, what blind review hides
from the chair, decisions recorded and the deliberation locked through the forms, the
minutes, and a page whose queries do not grow with the applications."""

import io
import unicodedata
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from awards.enums import Outcome
from awards.models import Decision, Deliberation, Promotion
from awards.services.deliberation import decision_record, deliberation_lock, deliberation_of
from calls.enums import RoundKind
from submissions.enums import ApplicationStatus as S
from submissions.models import Application
from tests.awards.conftest import (
    WHY,
    add_application,
    build_scene,
    decide_all,
    grade,
    scored_scene,
)
from tests.factories import OrganizationFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


def manage(name, call, *args):
    return reverse(f"awards_manage:{name}", args=[call.slug, *args])


def chair_url(name, call, *args):
    return reverse(f"deliberation_chair:{name}", args=[call.slug, *args])


def deliberation_pages(scene, url):
    """Every deliberation page of the scene's call at one address (`manage` or `chair_url`),
    those read with GET."""
    call = scene.call
    return [
        url("deliberation", call),
        url("round", call, scene.round.pk),
        url("decision", call, scene.applications[0].pk),
        url("lock", call),
    ]


def deliberation_posts(scene, url):
    call = scene.call
    return [
        url("decision", call, scene.applications[0].pk),
        url("proposal_accept", call),
        url("chair_order", call),
        url("lock", call),
        url("round", call, scene.round.pk),
    ]


def text(response) -> str:
    return unescape(response.content.decode())


def nothing_changed(scene):
    assert not Decision.objects.exists()
    assert not Promotion.objects.exists()
    assert not Deliberation.objects.filter(locked_at__isnull=False).exists()
    assert {a.status for a in Application.objects.all()} == {S.ELIGIBLE}


# --- who reaches the deliberation -----------------------------------------------------------------


def test_the_organizer_of_the_call_opens_every_deliberation_page(client, scene):
    client.force_login(scene.organizer)

    assert manage("deliberation", scene.call) == f"/fr/manage/calls/{scene.call.slug}/deliberation/"
    for page in deliberation_pages(scene, manage):
        assert client.get(page).status_code == 200, page
    response = client.get(manage("deliberation", scene.call))
    for application in scene.applications:
        assert application.reference in text(response)


def test_others_get_404_on_the_organizers_deliberation_pages_and_change_nothing(client, scene):
    others = [
        OrganizerFactory(password=None),
        scene.applications[0].applicant,
        scene.juror.user,
        scene.chair.user,  # the chair deliberates from the jury workspace only
    ]
    for person in others:
        client.force_login(person)
        for page in deliberation_pages(scene, manage):
            assert client.get(page).status_code == 404, (person, page)
        for page in deliberation_posts(scene, manage):
            response = client.post(
                page, {"outcome": "prize", "justification": WHY, "rule": "top", "value": "2"}
            )
            assert response.status_code == 404, (person, page)
    nothing_changed(scene)


def test_an_organizer_whose_role_was_taken_away_reaches_nothing_of_the_call(client, scene):
    """Still listed among the call's organizers, but no longer an organizer: 404 on every
    deliberation page, by the organizers' and by the chair's addresses, and on the call's
    back-office pages."""
    former = scene.organizer
    former.is_organizer = False
    former.save(update_fields=["is_organizer"])
    assert scene.call.organizers.filter(pk=former.pk).exists()
    client.force_login(former)
    for page in deliberation_pages(scene, manage) + deliberation_pages(scene, chair_url):
        assert client.get(page).status_code == 404, page
    for page in deliberation_posts(scene, manage) + deliberation_posts(scene, chair_url):
        response = client.post(page, {"outcome": "prize", "justification": WHY})
        assert response.status_code == 404, page
    assert client.get(reverse("exports:call", args=[scene.call.slug])).status_code in (403, 404)
    assert client.get(reverse("manage:call", args=[scene.call.slug])).status_code in (403, 404)
    nothing_changed(scene)


def test_visitors_are_sent_to_the_login_page(client, scene):
    login = reverse("account_login")
    for page in deliberation_pages(scene, manage) + deliberation_pages(scene, chair_url):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(login), page
    for page in deliberation_posts(scene, manage) + deliberation_posts(scene, chair_url):
        response = client.post(page, {"justification": WHY})
        assert response.status_code == 302, page
        assert response.url.startswith(login), page
    nothing_changed(scene)


def test_the_chair_deliberates_from_the_jury_workspace(client, scene):
    client.force_login(scene.chair.user)

    assert chair_url("deliberation", scene.call) == (
        f"/fr/jury/calls/{scene.call.slug}/deliberation/"
    )
    for page in deliberation_pages(scene, chair_url):
        assert client.get(page).status_code == 200, page
    response = client.get(chair_url("deliberation", scene.call))
    assert manage("results", scene.call) not in text(response)  # no way to publish


def test_a_juror_who_is_not_the_chair_never_sees_the_deliberation(client, scene):
    client.force_login(scene.juror.user)

    for page in deliberation_pages(scene, chair_url):
        assert client.get(page).status_code == 404, page
    for page in deliberation_posts(scene, chair_url):
        response = client.post(page, {"outcome": "not-selected", "justification": WHY})
        assert response.status_code == 404, page
    nothing_changed(scene)


def test_an_applicant_or_another_calls_chair_is_refused_the_jury_address(client, scene):
    other = build_scene(prefix="OTH")
    for person in (scene.applications[0].applicant, other.chair.user):
        client.force_login(person)
        for page in deliberation_pages(scene, chair_url):
            assert client.get(page).status_code == 404, (person, page)
    nothing_changed(scene)


def test_a_call_with_no_jury_yet_shows_an_empty_deliberation(client):
    scene = build_scene()
    scene.jury.delete()
    client.force_login(scene.organizer)

    response = client.get(manage("deliberation", scene.call))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "awards/deliberation_empty.html"
    assert client.get(manage("lock", scene.call)).status_code == 404


# --- blind review ---------------------------------------------------------------------------------


@pytest.fixture
def blind():
    scene = scored_scene(blind=True)
    scene.names = [a.submitted_profile["name"] for a in scene.applications]
    assert all(scene.names)
    return scene


def test_under_blind_review_the_chair_never_reads_the_applicants_names(client, blind):
    client.force_login(blind.chair.user)

    for page in deliberation_pages(blind, chair_url):
        content = text(client.get(page))
        for name in blind.names:
            assert name not in content, (page, name)
    for application in blind.applications:
        assert application.reference in text(client.get(chair_url("deliberation", blind.call)))


def test_under_blind_review_the_locked_deliberation_keeps_the_names_from_the_chair(client, blind):
    deliberation_lock(deliberation=decide_all(blind), actor=blind.organizer)
    client.force_login(blind.chair.user)

    chairs = text(client.get(chair_url("deliberation", blind.call)))
    client.force_login(blind.organizer)
    organizers = text(client.get(manage("deliberation", blind.call)))

    for name in blind.names:
        assert name not in chairs
        assert name in organizers
    for application in blind.applications[:2]:  # the first prize and the special mention
        assert application.reference in chairs


def test_under_blind_review_the_organizer_still_reads_the_names(client, blind):
    client.force_login(blind.organizer)

    content = text(client.get(manage("deliberation", blind.call)))

    for name in blind.names:
        assert name in content


def test_without_blind_review_the_chair_reads_the_names(client, scene):
    client.force_login(scene.chair.user)

    content = text(client.get(chair_url("deliberation", scene.call)))

    assert scene.applications[0].submitted_profile["name"] in content


# --- deciding and locking through the pages -------------------------------------------------------


def test_decisions_then_the_lock_through_the_forms(client, scene):
    a, b, c, d = scene.applications
    first = scene.prizes[0]
    client.force_login(scene.organizer)
    posts = [
        (a, {"outcome": "prize", "prize_category": first.pk, "public_summary": "Séchoir."}),
        (b, {"outcome": "special-mention"}),
        (c, {"outcome": "not-selected"}),
        (d, {"outcome": "not-selected"}),
    ]
    for application, data in posts:
        response = client.post(
            manage("decision", scene.call, application.pk), {"justification": WHY, **data}
        )
        assert response.status_code == 302
        assert response.url == (
            manage("deliberation", scene.call) + f"#application-{application.pk}"
        )

    decision = Decision.objects.get(application=a)
    assert (decision.prize_category, decision.amount_mad) == (first, first.amount_mad)
    assert decision.public_summary == "Séchoir."
    assert decision.follows_proposal  # A is the proposed first prize
    assert Decision.objects.get(application=c).outcome == Outcome.NOT_SELECTED

    confirm = client.get(manage("lock", scene.call))
    assert confirm.status_code == 200
    assert confirm.context["undecided"] == []

    response = client.post(manage("lock", scene.call))

    assert response.status_code == 302
    assert response.url == manage("deliberation", scene.call)
    deliberation = Deliberation.objects.get(call=scene.call)
    assert deliberation.is_locked
    assert deliberation.locked_by == scene.organizer
    assert [row["application"] for row in deliberation.minutes["rows"]] == [
        a.pk,
        b.pk,
        c.pk,
        d.pk,
    ]
    statuses = [Application.objects.get(pk=app.pk).status for app in (a, b, c, d)]
    assert statuses == [S.WINNER, S.SPECIAL_MENTION, S.NOT_SELECTED, S.NOT_SELECTED]
    page = client.get(manage("deliberation", scene.call))
    assert page.status_code == 200
    assert manage("minutes", scene.call) in text(page)
    assert manage("lock", scene.call) not in text(page)


def test_a_decision_against_the_proposal_is_marked_so(client, scene):
    _a, b, *_rest = scene.applications
    client.force_login(scene.organizer)

    client.post(
        manage("decision", scene.call, b.pk),
        {"outcome": "prize", "prize_category": scene.prizes[0].pk, "justification": WHY},
    )

    assert not Decision.objects.get(application=b).follows_proposal


def test_a_decision_without_justification_or_prize_shows_the_form_again(client, scene):
    a = scene.applications[0]
    client.force_login(scene.organizer)

    for data in (
        {"outcome": "not-selected", "justification": "  "},
        {"outcome": "prize", "justification": WHY},
    ):
        response = client.post(manage("decision", scene.call, a.pk), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not Decision.objects.exists()


def test_a_prize_already_given_is_refused_on_the_form(client, scene):
    a, b, *_rest = scene.applications
    first = scene.prizes[0]
    client.force_login(scene.organizer)
    data = {"outcome": "prize", "prize_category": first.pk, "justification": WHY}
    client.post(manage("decision", scene.call, a.pk), data)

    response = client.post(manage("decision", scene.call, b.pk), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Decision.objects.filter(application=b).exists()


def test_an_application_outside_the_deliberated_round_has_no_decision_page(client, scene):
    elsewhere = build_scene(applications=1, prefix="ELS").applications[0]
    client.force_login(scene.organizer)

    assert client.get(manage("decision", scene.call, elsewhere.pk)).status_code == 404
    response = client.post(
        manage("decision", scene.call, elsewhere.pk),
        {"outcome": "not-selected", "justification": WHY},
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_the_chair_records_decisions_and_locks_from_the_jury_address(client, scene):
    client.force_login(scene.chair.user)

    response = client.post(
        chair_url("proposal_accept", scene.call), {"justification": "Classement suivi."}
    )
    assert response.url == chair_url("deliberation", scene.call)
    assert Decision.objects.count() == 4
    assert {d.decided_by for d in Decision.objects.all()} == {scene.chair.user}

    response = client.post(chair_url("lock", scene.call))

    assert response.url == chair_url("deliberation", scene.call)
    assert Deliberation.objects.get().locked_by == scene.chair.user
    assert client.get(chair_url("minutes", scene.call)).status_code == 200


def test_locking_with_undecided_applications_lists_them_and_changes_nothing(client, scene):
    a, b, c, d = scene.applications
    client.force_login(scene.organizer)
    client.post(
        manage("decision", scene.call, a.pk),
        {"outcome": "prize", "prize_category": scene.prizes[0].pk, "justification": WHY},
    )

    confirm = client.get(manage("lock", scene.call))
    assert [app.pk for app in confirm.context["undecided"]] == [b.pk, c.pk, d.pk]
    assert d.reference in text(confirm)

    response = client.post(manage("lock", scene.call))

    assert response.status_code == 302
    assert not Deliberation.objects.get().is_locked
    assert Application.objects.get(pk=a.pk).status == S.ELIGIBLE


def test_the_chairs_order_is_typed_beside_the_tied_applications(client):
    scene = build_scene(applications=3)
    first, second, third = scene.applications
    for member in scene.members:
        for application in scene.applications:
            grade(scene, member, application, 6, 6)  # all tied
    client.force_login(scene.chair.user)
    page = client.get(chair_url("deliberation", scene.call))
    assert len(page.context["tied"]) == 3

    client.post(
        chair_url("chair_order", scene.call),
        {f"order-{third.pk}": "1", f"order-{first.pk}": "2", f"order-{second.pk}": "3"},
    )

    assert Deliberation.objects.get().chair_order == [third.pk, first.pk, second.pk]
    board = client.get(chair_url("deliberation", scene.call)).context["board"]
    assert [e.application for e in board.entries] == [third, first, second]
    assert [e.position for e in board.entries] == [1, 2, 3]


def test_promotion_from_the_round_page(client, scene):
    client.force_login(scene.organizer)
    page = manage("round", scene.call, scene.round.pk)

    response = client.post(page, {"rule": "top", "value": "2"})

    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert promotion.promoted == [a.pk for a in scene.applications[:2]]
    response = client.get(page)
    assert response.context["promotion"] == promotion


def test_the_final_rounds_page_offers_no_promotion(client):
    scene = build_scene(applications=1, kind=RoundKind.FINAL)
    client.force_login(scene.organizer)

    response = client.get(manage("round", scene.call, scene.round.pk))

    assert response.status_code == 200
    assert response.context["can_promote"] is False
    client.post(manage("round", scene.call, scene.round.pk), {"rule": "top", "value": "1"})
    assert not Promotion.objects.exists()


# --- the minutes ----------------------------------------------------------------------------------


def test_the_minutes_are_a_pdf_once_the_deliberation_is_locked(client, scene):
    client.force_login(scene.organizer)
    assert client.get(manage("minutes", scene.call)).status_code == 404
    deliberation = decide_all(scene)
    deliberation_lock(deliberation=deliberation, actor=scene.organizer)

    for language in ("fr", "ar", "en"):
        response = client.get(manage("minutes", scene.call) + f"?language={language}")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"minutes-{scene.call.slug}-{language}.pdf" in response["Content-Disposition"]
    assert client.get(manage("minutes", scene.call) + "?language=de").status_code == 404


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_under_blind_review_the_chairs_minutes_leave_the_names_out(client, blind):
    deliberation_lock(deliberation=decide_all(blind), actor=blind.organizer)

    client.force_login(blind.organizer)
    organizers = pdf_text(client.get(manage("minutes", blind.call) + "?language=fr").content)
    client.force_login(blind.chair.user)
    chairs = pdf_text(client.get(chair_url("minutes", blind.call) + "?language=fr").content)

    for application, name in zip(blind.applications, blind.names, strict=True):
        assert application.reference in organizers
        assert application.reference in chairs
        assert name in organizers
        assert name not in chairs


def test_the_minutes_are_refused_to_others(client, scene):
    deliberation_lock(deliberation=decide_all(scene), actor=scene.organizer)

    for person in (OrganizerFactory(password=None), scene.juror.user):
        client.force_login(person)
        assert client.get(manage("minutes", scene.call)).status_code == 404
        assert client.get(chair_url("minutes", scene.call)).status_code == 404


# --- queries --------------------------------------------------------------------------------------


def test_the_deliberation_page_runs_as_many_queries_for_5_as_for_30_applications(client):
    scene = build_scene(applications=5)

    def grade_and_decide():
        deliberation = deliberation_of(scene.call)
        for application in scene.applications:
            if application.assignments.exists():
                continue
            for index, member in enumerate(scene.members):
                grade(
                    scene, member, application, 4 + index, application.pk % 7 + 3, comment="Bien."
                )
            decision_record(
                deliberation=deliberation,
                application=application,
                outcome=Outcome.NOT_SELECTED,
                justification=WHY,
                actor=scene.organizer,
            )

    grade_and_decide()
    client.force_login(scene.organizer)
    page = manage("deliberation", scene.call)
    assert client.get(page).status_code == 200  # warms what a first request loads once

    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    for _n in range(25):
        add_application(scene, organization=OrganizationFactory(owner__password=None))
    grade_and_decide()
    with CaptureQueriesContext(connection) as many:
        response = client.get(page)

    assert len(response.context["rows"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)
