"""An application's page for its organizers: answers, documents, the submitted profile,
revisions, the jury (names and means), the automatic eligibility rule by rule, screening
with a reason, and the whole history from every app, newest first, in Morocco's time."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.enums import LegalForm
from juries.services import evaluation as evaluation_services
from submissions import services as submissions
from submissions.enums import EventKind
from submissions.models import ApplicationEvent
from submissions.services_screening import ScreeningError, application_screen
from tests.factories import OrganizerFactory
from tests.submissions.manage.conftest import S, add_juror, grade, screen, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, scene):
    client.force_login(scene.organizer)

    def get(application, **params):
        response = client.get(scene.url("detail", application.pk), params)
        assert response.status_code == 200
        return response.text

    return get


def section(text, anchor):
    """The HTML of one section of the page."""
    start = text.index(f'id="{anchor}"')
    return text[start : text.index("</section>", start)]


def test_answers_documents_profile_and_revisions(scene, page):
    application = submit(
        scene, name="Coopérative Amal", project="Un séchoir solaire", files=("statutes",)
    )
    application.organization.name = "Changé depuis"
    application.organization.save()
    submissions.application_submit(
        application=application,
        actor=application.applicant,
        answers={scene.questions["project"].pk: "Un séchoir solaire, en mieux"},
        notify=False,
    )
    text = page(application)
    assert "Un séchoir solaire, en mieux" in section(text, "answers")
    documents = section(text, "documents")
    attachment = application.attachments.get()
    assert scene.url("attachment", application.pk, attachment.pk) in documents
    assert "statutes.pdf" in documents
    assert "Missing" in documents  # no photos (optional)
    profile = section(text, "profile")
    assert "Changé depuis" in profile  # the profile as submitted the second time
    assert "March 14, 2019" in profile
    assert application.applicant.email in profile
    revisions = section(text, "revisions")
    assert revisions.count('<td class="number" data-label=') == 4  # two revisions, two numbers


def test_the_jury_with_names_counts_and_means(scene, page):
    application = screen(submit(scene), S.ELIGIBLE)
    first, second = add_juror(scene, name="Zineb Alaoui"), add_juror(scene, name="Omar Idrissi")
    third = add_juror(scene, name="Salma Bennani")
    grade(scene, first, application, 10, 5)  # 80
    grade(scene, second, application, 5, 5)  # 50
    grade(scene, third, application, 1, 1, submit=False)
    evaluation_services.conflict_declare(
        actor=third.user, application=application, reason="Je connais la présidente."
    )
    jury = section(page(application), "jury")
    assert "2 of 3 evaluations submitted" in jury
    assert "mean score 65.0 / 100" in jury
    assert "30.0 points between the highest and the lowest" in jury
    assert "Zineb Alaoui" in jury
    assert "80.0" in jury
    assert "Omar Idrissi" in jury
    assert "50.0" in jury
    assert "Salma Bennani" in jury
    assert "In progress" in jury
    assert "Je connais la présidente." in jury


def test_the_automatic_result_rule_by_rule(scene, page):
    application = submit(
        scene, legal_form=LegalForm.ASSOCIATION, members_count=10, women_members_count=8
    )
    screening = section(page(application), "screening")
    assert "<strong>Not eligible</strong>" in screening
    assert screening.count("checklist__item--failed") == 1
    assert screening.count("checklist__item--met") == 1
    assert "Your organization does not meet this condition: Open to: Cooperative." in screening


def test_a_rule_changed_since_is_pointed_out(scene, page):
    application = submit(scene)
    rule = scene.call.eligibility_rules.get(kind="legal-form-in")
    rule.choices = [LegalForm.ASSOCIATION]
    rule.save()
    assert "The call's rules changed since this application was submitted" in page(application)


# --- screening --------------------------------------------------------------------------


def screen_post(client, scene, application, **data):
    return client.post(scene.url("screen", application.pk), data)


def test_screening_along_the_automatic_result_needs_no_reason(client, scene):
    application = submit(scene)
    client.force_login(scene.organizer)
    response = screen_post(client, scene, application, decision="eligible", back="sort=-score")
    assert response.status_code == 302
    assert response.url.endswith("?back=sort%3D-score#screening")
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE
    event = application.events.get(kind=EventKind.STATUS_CHANGED)
    assert (event.actor, event.from_status, event.to_status) == (
        scene.organizer,
        "submitted",
        "eligible",
    )


def test_overriding_the_automatic_result_needs_a_reason(client, scene):
    application = submit(scene, legal_form=LegalForm.ASSOCIATION)  # not eligible automatically
    client.force_login(scene.organizer)
    response = screen_post(client, scene, application, decision="eligible", reason="  ")
    assert response.status_code == 400
    assert "Say why you decide against the automatic eligibility result." in response.text
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    why = "Association de femmes reconnue par la commune : le règlement l'admet."
    response = screen_post(client, scene, application, decision="eligible", reason=why)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE
    event = application.events.get(kind=EventKind.STATUS_CHANGED)
    assert event.reason == why
    assert event.actor == scene.organizer
    history = section(client.get(scene.url("detail", application.pk)).text, "history")
    assert "Association de femmes reconnue" in history


def test_screening_not_eligible_against_an_eligible_result_needs_a_reason(client, scene):
    application = submit(scene)
    client.force_login(scene.organizer)
    assert screen_post(client, scene, application, decision="ineligible").status_code == 400
    response = screen_post(
        client, scene, application, decision="ineligible", reason="Statuts non conformes."
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.INELIGIBLE


def test_a_decided_application_is_no_longer_screened(client, scene):
    application = screen(submit(scene), S.ELIGIBLE, S.WINNER)
    client.force_login(scene.organizer)
    text = client.get(scene.url("detail", application.pk)).text
    assert "screening no longer applies" in text
    response = screen_post(client, scene, application, decision="ineligible", reason="Erreur")
    assert response.status_code == 400
    assert "cannot become" in response.text
    application.refresh_from_db()
    assert application.status == S.WINNER


def test_the_service_checks_the_organizer_and_the_reason(scene):
    application = submit(scene, legal_form=LegalForm.ASSOCIATION)
    with pytest.raises(ScreeningError):
        application_screen(application=application, to=S.ELIGIBLE, actor=OrganizerFactory())
    with pytest.raises(ScreeningError):
        application_screen(application=application, to=S.ELIGIBLE, actor=scene.organizer)
    with pytest.raises(ScreeningError):
        application_screen(application=application, to=S.SHORTLISTED, actor=scene.organizer)
    application_screen(
        application=application, to=S.INELIGIBLE, actor=scene.organizer
    )  # along the automatic result: no reason needed
    application.refresh_from_db()
    assert application.status == S.INELIGIBLE


# --- history ----------------------------------------------------------------------------


def test_the_history_shows_every_kind_of_event_newest_first(scene, page):
    application = screen(submit(scene), S.ELIGIBLE)
    juror = add_juror(scene, name="Zineb Alaoui")
    grade(scene, juror, application, 8, 6)
    recorded = set(application.events.values_list("kind", flat=True))
    start = timezone.now() + datetime.timedelta(minutes=1)
    missing = [kind for kind in EventKind.values if kind not in recorded]
    for offset, kind in enumerate(missing):
        # As juries and awards write them: straight through `event_record`.
        submissions.event_record(
            application=application,
            kind=kind,
            actor=scene.organizer,
            reason=f"Raison {kind}",
            at=start + datetime.timedelta(minutes=offset),
            jury=scene.jury.pk,
            member=juror.pk,
        )
    history = section(page(application), "history")
    for kind in EventKind:
        assert f"history-entry--{kind.value}" in history, kind
        assert str(kind.label) in history, kind
    kinds = re.findall(r'class="history-entry history-entry--([a-z-]+)"', history)
    assert kinds[0] == missing[-1]
    assert kinds[-1] == EventKind.CREATED
    assert len(kinds) == application.events.count()
    assert "Raison reopened" not in history
    assert f"Raison {missing[-1]}" in history
    assert "Juror: Zineb Alaoui" in history
    assert "Round: Screening" in history
    assert "Submitted → Eligible" in history


def test_an_event_from_the_juries_written_directly_is_in_the_history(scene, page):
    application = submit(scene)
    submissions.event_record(
        application=application,
        kind=EventKind.EVALUATION_REOPENED,
        actor=scene.organizer,
        reason="Le score de viabilité contredit le commentaire.",
        from_status="submitted",
        to_status="draft",
    )
    history = section(page(application), "history")
    assert "Evaluation reopened" in history
    assert "Le score de viabilité contredit le commentaire." in history
    assert "Draft" not in history.split("Evaluation reopened")[1].split("</tr>")[0]


def test_history_times_are_morocco_time_and_name_who(scene, page):
    application = submit(scene)
    ApplicationEvent.objects.filter(application=application).update(
        created_at=datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
    )
    submissions.event_record(
        application=application,
        kind=EventKind.RESULT_NOTIFIED,
        actor=None,
        at=datetime.datetime(2026, 1, 16, 9, 30, tzinfo=datetime.UTC),
    )
    history = section(page(application), "history")
    assert "Jan. 15, 2026, 1 p.m." in history  # UTC+1
    assert "Jan. 16, 2026, 10:30 a.m." in history
    assert "The portal" in history  # no one: the portal did it
    assert str(application.applicant) in history
