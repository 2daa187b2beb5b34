"""The list of a call's applications: what each line shows, each filter, the search, the
sorting and the pages; links keep the filter."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import LegalForm, Region, Sector
from awards.scoreboard import scoreboard
from awards.services.policy import policy_of
from calls import services as call_services
from calls.enums import RoundKind
from juries.services import evaluation as evaluation_services
from juries.services import panel as panel_services
from submissions import services as submissions
from submissions import services_documents as documents
from submissions.models import Application
from submissions.selectors_manage import application_list, flags_of
from tests.factories import UserFactory
from tests.juries.panel_fixtures import add_criterion
from tests.submissions.manage.conftest import (
    DAY,
    S,
    Scene,
    add_juror,
    bulk_applications,
    grade,
    screen,
    submit,
)

pytestmark = pytest.mark.django_db


def references(response) -> list[str]:
    """The references listed, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]*">([A-Z]+-\d+-\d+)</a></th>', response.text)


@pytest.fixture
def listing(client, scene):
    client.force_login(scene.organizer)

    def get(**params):
        response = client.get(scene.url("list"), params)
        assert response.status_code == 200
        return response

    return get


@pytest.fixture
def three(scene):
    """Three applications unlike each other, screened eligible and scored differently."""
    amal = submit(
        scene,
        name="Coopérative Amal",
        region=Region.SOUSS_MASSA,
        sector=Sector.ARGAN,
        project="Un séchoir solaire pour le safran",
    )
    nour = submit(
        scene,
        name="Association Nour",
        region=Region.ORIENTAL,
        legal_form=LegalForm.ASSOCIATION,  # not eligible automatically
        sector=Sector.HONEY,
        project="Des ruches pour la vallée",
        files=("statutes", "photos"),
    )
    tiwizi = submit(
        scene,
        name="Coopérative Tiwizi",
        region=Region.DRAA_TAFILALET,
        sector=Sector.DATES,
        project="Conditionnement des dattes",
    )
    amal, tiwizi = screen(amal, S.ELIGIBLE), screen(tiwizi, S.ELIGIBLE)
    first, second = add_juror(scene, name="Zineb Alaoui"), add_juror(scene, name="Omar Idrissi")
    grade(scene, first, amal, 10, 5)  # 80
    grade(scene, second, amal, 10, 5)  # 80
    grade(scene, first, tiwizi, 5, 5)  # 50
    grade(scene, second, tiwizi, 10, 10)  # 100: jurors disagree (spread 50)
    return amal, nour, tiwizi


# --- what a line shows ------------------------------------------------------------------


def test_received_applications_are_listed_and_drafts_only_counted(scene, listing):
    sent = submit(scene, name="Coopérative Amal")
    withdrawn = submit(scene, name="Coopérative Partie")
    submissions.application_withdraw(application=withdrawn, actor=withdrawn.applicant)
    submissions.application_start(call=scene.call, applicant=UserFactory(password=None))
    response = listing()
    assert references(response) == [sent.reference, withdrawn.reference]
    assert "2 applications received." in response.text
    assert "1 draft is being written: it is not listed, a draft is its applicant's" in (
        response.text
    )


def test_a_line_reads_the_profile_as_submitted(scene, listing):
    application = submit(
        scene, name="Coopérative Amal", region=Region.ORIENTAL, sector=Sector.SAFFRON
    )
    organization = application.organization
    organization.name = "Nouveau nom"
    organization.save()
    text = listing().text
    assert "Coopérative Amal" in text
    assert "Nouveau nom" not in text
    assert "Oriental" in text
    assert "Saffron" in text
    assert "Cooperative" in text


def test_statuses_read_as_organizers_name_them(scene, listing):
    application = screen(submit(scene), S.ELIGIBLE, S.SHORTLISTED)
    text = listing().text
    assert ">Shortlisted</span>" in text
    assert "Under review" not in text
    assert application.reference in text


def test_the_automatic_result_eligible_not_eligible_or_unknown(scene, listing):
    submit(scene, name="Coopérative Amal")
    submit(scene, name="Association Nour", legal_form=LegalForm.ASSOCIATION)
    unknown = submit(scene, name="Coopérative Ancienne")
    Application.objects.filter(pk=unknown.pk).update(eligible_at_submission=None)
    result = r"(Eligible|<strong>Not eligible</strong>|Unknown)"
    cells = re.findall(f'<td data-label="Automatic eligibility">{result}</td>', listing().text)
    assert cells == ["Eligible", "<strong>Not eligible</strong>", "Unknown"]


def test_the_mean_score_is_the_weighted_total_out_of_100(scene, three):
    amal, nour, tiwizi = three
    rows = {a.pk: a for a in application_list(call=scene.call)}
    # 6 × 10 + 4 × 5 = 80 for both jurors: the plain mean of the scores would say 75.
    assert rows[amal.pk].mean_score == pytest.approx(80)
    assert rows[amal.pk].evaluation_count == 2
    assert rows[tiwizi.pk].mean_score == pytest.approx(75)
    assert rows[tiwizi.pk].score_spread == pytest.approx(50)
    assert rows[nour.pk].mean_score is None
    assert rows[nour.pk].evaluation_count == 0


def test_the_mean_score_agrees_with_the_deliberations_scoreboard(scene):
    """Uneven weights and scales: the database's totals are those of awards.statistics."""
    call_services.rounds_save(
        call=scene.call,
        actor=scene.organizer,
        rows=[(None, {"kind": RoundKind.SHORTLIST, "position": 2})],
    )
    round_ = scene.call.rounds.get(kind=RoundKind.SHORTLIST)
    jury = panel_services.jury_save(
        round=round_,
        actor=scene.organizer,
        deadline=timezone.now() + 10 * DAY,
        jurors_per_application=3,
        scores_visible_after_submit=False,
    )
    later = Scene(call=scene.call, organizer=scene.organizer, questions=scene.questions)
    later.round, later.jury = round_, jury
    later.criteria = [
        add_criterion(later, label="Impact", weight=55, high=10),
        add_criterion(later, label="Viabilité", weight=45, high=10),
    ]
    later.criteria[1].max_score = 4
    later.criteria[1].min_score = 1
    later.criteria[1].save()
    jurors = [add_juror(later) for _ in range(3)]
    applications = [screen(submit(scene), S.ELIGIBLE) for _ in range(3)]
    scores = [[(7, 2), (3, 4), (9, 1)], [(0, 1), (10, 4), (6, 3)], [(5, 3), (5, 3), (2, 2)]]
    for application, marks in zip(applications, scores, strict=True):
        for juror, (impact, viability) in zip(jurors, marks, strict=True):
            grade(later, juror, application, impact, viability)
    board = scoreboard(round_=round_, policy=policy_of(scene.call))
    rows = {a.pk: a for a in application_list(call=scene.call)}
    for application in applications:
        entry = board.entry_of(application.pk)
        assert rows[application.pk].mean_score == pytest.approx(entry.summary.mean)
        assert rows[application.pk].score_spread == pytest.approx(entry.summary.spread)
        assert rows[application.pk].evaluation_count == 3


def test_the_mean_score_is_read_in_the_latest_round_evaluated(scene, three):
    amal, _nour, _tiwizi = three
    call_services.rounds_save(
        call=scene.call,
        actor=scene.organizer,
        rows=[(None, {"kind": RoundKind.SHORTLIST, "position": 2})],
    )
    later = Scene(call=scene.call, organizer=scene.organizer, questions=scene.questions)
    later.round = scene.call.rounds.get(kind=RoundKind.SHORTLIST)
    later.jury = panel_services.jury_save(
        round=later.round,
        actor=scene.organizer,
        deadline=timezone.now() + 10 * DAY,
        jurors_per_application=1,
        scores_visible_after_submit=False,
    )
    later.criteria = [
        add_criterion(later, label="Impact", weight=60, high=10),
        add_criterion(later, label="Viabilité", weight=40, high=10),
    ]
    grade(later, add_juror(later), amal, 0, 5)  # 20
    row = application_list(call=scene.call).get(pk=amal.pk)
    assert row.mean_score == pytest.approx(20)
    assert row.evaluation_count == 1


def test_a_draft_evaluation_does_not_count(scene, three):
    amal = three[0]
    grade(scene, add_juror(scene), amal, 0, 0, submit=False)
    assert application_list(call=scene.call).get(pk=amal.pk).mean_score == pytest.approx(80)


def ask_for_a_document(scene, application):
    """An open document request: the application misses a document until it comes."""
    return documents.document_request(
        application=application,
        actor=scene.organizer,
        label="Attestation ODCO",
        message="Merci d'envoyer l'attestation de cette année.",
        due_at=timezone.now() + 7 * DAY,
    )


def test_flags(scene, three):
    amal, nour, tiwizi = three
    evaluation_services.conflict_declare(
        actor=scene.members[0].user, application=amal, reason="Ma cousine en est membre."
    )
    for application in (amal, tiwizi):
        ask_for_a_document(scene, application)
    rows = {a.pk: flags_of(a) for a in application_list(call=scene.call)}
    assert rows[amal.pk] == ["conflict", "missing-documents"]  # photos are optional
    assert rows[nour.pk] == []
    assert rows[tiwizi.pk] == ["disagreement", "missing-documents"]


def test_a_conflict_with_the_organization_flags_its_applications(scene, three):
    amal = three[0]
    evaluation_services.conflict_declare(
        actor=scene.members[1].user, organization=amal.organization
    )
    assert flags_of(application_list(call=scene.call).get(pk=amal.pk))[0] == "conflict"


def test_the_disagreement_threshold_is_the_ranking_policys(scene, three):
    tiwizi = three[2]
    policy = policy_of(scene.call)
    policy.disagreement_threshold = Decimal(60)
    policy.save()
    assert "disagreement" not in flags_of(application_list(call=scene.call).get(pk=tiwizi.pk))


# --- filters ----------------------------------------------------------------------------


def test_filter_by_statuses(scene, listing, three):
    amal, nour, tiwizi = three
    assert references(listing(status="submitted")) == [nour.reference]
    assert references(listing(status=["submitted", "eligible"])) == [
        amal.reference,
        nour.reference,
        tiwizi.reference,
    ]
    assert references(listing(status="withdrawn")) == []


def test_filter_by_region_legal_form_and_sector(scene, listing, three):
    amal, nour, tiwizi = three
    assert references(listing(region=Region.ORIENTAL)) == [nour.reference]
    assert references(listing(legal_form=LegalForm.COOPERATIVE)) == [
        amal.reference,
        tiwizi.reference,
    ]
    assert references(listing(sector=Sector.DATES)) == [tiwizi.reference]
    assert references(listing(region=Region.ORIENTAL, sector=Sector.ARGAN)) == []


def test_filter_by_the_automatic_result(scene, listing, three):
    amal, nour, tiwizi = three
    Application.objects.filter(pk=tiwizi.pk).update(eligible_at_submission=None)
    assert references(listing(eligibility="eligible")) == [amal.reference]
    assert references(listing(eligibility="not-eligible")) == [nour.reference]
    assert references(listing(eligibility="unknown")) == [tiwizi.reference]


def test_filter_by_score_range(scene, listing, three):
    amal, _nour, tiwizi = three
    assert references(listing(score_min=76)) == [amal.reference]
    assert references(listing(score_max=79.5)) == [tiwizi.reference]
    assert references(listing(score_min=75, score_max=80)) == [amal.reference, tiwizi.reference]
    assert references(listing(score_min=81)) == []


def test_an_impossible_score_is_refused_not_applied(scene, listing, three):
    response = listing(score_min=150)
    assert len(references(response)) == 3
    assert "Ensure this value is less than or equal to 100" in response.text


def test_filter_by_juror(scene, listing, three):
    amal, nour, tiwizi = three
    third = add_juror(scene, name="Yasmine Berrada")
    grade(scene, third, tiwizi, 5, 5)
    response = listing(juror=third.user.pk)
    assert references(response) == [tiwizi.reference]
    assert "Yasmine Berrada" in response.text  # a choice of the filter
    assert len(references(listing(juror=scene.members[0].user.pk))) == 2
    assert nour.reference not in references(listing(juror=scene.members[0].user.pk))


def test_a_juror_of_another_call_is_no_choice(scene, listing, three):
    from tests.submissions.manage.conftest import make_scene

    other = make_scene()
    stranger = add_juror(other, name="Juré Ailleurs")
    response = listing(juror=stranger.user.pk)
    assert "Juré Ailleurs" not in response.text
    assert len(references(response)) == 3  # an unknown choice filters nothing


def test_filter_by_flags(scene, listing, three):
    amal, nour, tiwizi = three
    evaluation_services.conflict_declare(actor=scene.members[0].user, application=amal)
    for application in (amal, tiwizi):
        ask_for_a_document(scene, application)
    assert references(listing(flags="conflict")) == [amal.reference]
    assert references(listing(flags="disagreement")) == [tiwizi.reference]
    assert references(listing(flags="missing-documents")) == [amal.reference, tiwizi.reference]
    assert references(listing(flags=["conflict", "disagreement"])) == [
        amal.reference,
        tiwizi.reference,
    ]


# --- search -----------------------------------------------------------------------------


def test_search_by_reference_name_email_and_answers(scene, listing, three):
    amal, nour, tiwizi = three
    assert references(listing(q=nour.reference)) == [nour.reference]
    assert references(listing(q="tiwizi")) == [tiwizi.reference]
    assert references(listing(q=amal.applicant.email.upper())) == [amal.reference]
    assert references(listing(q="ruches")) == [nour.reference]
    assert references(listing(q="séchoir")) == [amal.reference]  # an accent, as typed
    assert references(listing(q="coopérative dattes")) == [tiwizi.reference]  # every word
    assert references(listing(q="introuvable")) == []


def test_search_reads_arabic_answers(scene, listing):
    application = submit(scene, project="تجفيف الزعفران بالطاقة الشمسية")
    submit(scene, project="Autre chose")
    assert references(listing(q="الزعفران")) == [application.reference]


# --- sorting and pages ------------------------------------------------------------------


def test_sorting(scene, listing, three):
    amal, nour, tiwizi = three
    Application.objects.filter(pk=amal.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert references(listing()) == [amal.reference, nour.reference, tiwizi.reference]
    assert references(listing(sort="-reference")) == [
        tiwizi.reference,
        nour.reference,
        amal.reference,
    ]
    assert references(listing(sort="submitted"))[0] == amal.reference
    assert references(listing(sort="-submitted"))[-1] == amal.reference
    # Without a score, last either way.
    assert references(listing(sort="-score")) == [amal.reference, tiwizi.reference, nour.reference]
    assert references(listing(sort="score")) == [tiwizi.reference, amal.reference, nour.reference]
    assert references(listing(sort="organization")) == [
        nour.reference,
        amal.reference,
        tiwizi.reference,
    ]
    assert references(listing(sort="-organization"))[0] == tiwizi.reference


def test_sorting_links_toggle_and_keep_the_filter(scene, listing, three):
    text = listing(sort="-score", region=Region.ORIENTAL).text
    assert 'aria-sort="descending"><a href="?sort=score&amp;region=oriental">' in text
    assert '<a href="?sort=reference&amp;region=oriental">Reference</a>' in text


def test_pages_of_25_by_default_50_or_100_on_demand(scene, listing):
    bulk_applications(scene.call, 120)
    assert len(references(listing())) == 25
    assert len(references(listing(page_size=50))) == 50
    assert len(references(listing(page_size=100))) == 100
    assert len(references(listing(page_size=1000))) == 25
    last = listing(page_size=50, page=3)
    assert len(references(last)) == 20
    assert references(last)[0] == "MAN-2026-0101"


def test_page_links_keep_the_filter_and_the_sort(scene, listing):
    bulk_applications(scene.call, 90)
    text = listing(region=Region.ORIENTAL, sort="-reference").text
    assert "30 applications match." in text
    assert 'href="?region=oriental&amp;sort=-reference&amp;page=2"' in text


def test_detail_links_carry_the_list_to_come_back_to(scene, client, listing, three):
    amal = three[0]
    text = listing(region=Region.SOUSS_MASSA, page_size=50).text
    link = f"{scene.url('detail', amal.pk)}?back=region%3Dsouss-massa%26page_size%3D50"
    assert f'href="{link}"' in text
    detail = client.get(link).text
    assert f'href="{scene.url("list")}?region=souss-massa&amp;page_size=50"' in detail


def test_an_empty_list_says_so(scene, listing):
    assert "No application has been submitted yet." in listing().text
    submit(scene)
    assert "No application matches these filters." in listing(q="introuvable").text
