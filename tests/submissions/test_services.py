"""Starting, submitting, re-submitting and withdrawing, through the services."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from calls.models import Call
from notifications.models import Message
from submissions import services
from submissions.enums import ApplicationStatus, EventKind
from submissions.models import Application, Submission
from tests.factories import CallFactory, OrganizationFactory
from tests.submissions.conftest import pdf_upload


def submit(application, call_form, **overrides):
    return services.application_submit(
        application=application,
        actor=application.applicant,
        answers=call_form.answers(**overrides),
        declarations={call_form.declaration.pk: True},
    )


@pytest.fixture
def draft(applicant, call_form):
    application = services.application_start(call=call_form.call, applicant=applicant)
    services.attachment_add(
        application=application,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload(),
        actor=applicant,
    )
    return application


def test_starting_twice_gives_the_same_draft(applicant, call_form):
    first = services.application_start(call=call_form.call, applicant=applicant)
    second = services.application_start(call=call_form.call, applicant=applicant)

    assert first.pk == second.pk
    assert list(first.events.values_list("kind", flat=True)) == [EventKind.CREATED]


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 10, "not open yet"), (-10, -1, "closed on")],
    ids=["upcoming", "closed"],
)
def test_a_call_that_is_not_open_refuses_new_applications(applicant, opens, closes, message):
    now = timezone.now()
    call = CallFactory(
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
    )

    with pytest.raises(services.ApplicationError, match=message):
        services.application_start(call=call, applicant=applicant)
    assert not Application.objects.exists()


def test_the_limit_of_applications_per_organization_is_kept(draft, call_form):
    submit(draft, call_form)

    with pytest.raises(services.ApplicationError, match="already sent"):
        services.application_start(call=call_form.call, applicant=draft.applicant)


def test_submitting_numbers_references_per_call_and_locks_the_form(
    draft, call_form, django_capture_on_commit_callbacks
):
    other = OrganizationFactory().owner
    second = services.application_start(call=call_form.call, applicant=other)
    services.attachment_add(
        application=second,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload(),
        actor=other,
    )

    with django_capture_on_commit_callbacks(execute=True):
        submit(draft, call_form)
        submit(second, call_form)

    draft.refresh_from_db()
    second.refresh_from_db()
    year = call_form.call.opens_at.year
    assert (draft.reference, second.reference) == (f"LAM-{year}-0001", f"LAM-{year}-0002")
    assert Call.objects.get(pk=call_form.call.pk).form_locked_at is not None
    assert Message.objects.filter(template="submissions/email/receipt").count() == 2
    assert list(draft.events.values_list("kind", "to_status")) == [
        (EventKind.CREATED, ""),
        (EventKind.ATTACHMENT_ADDED, ""),
        (EventKind.SUBMITTED, ApplicationStatus.SUBMITTED),
    ]


def test_the_same_content_sent_twice_is_one_submission_and_one_receipt(draft, call_form):
    submit(draft, call_form)
    submit(draft, call_form)

    assert Submission.objects.filter(application=draft).count() == 1
    assert Message.objects.count() == 1


def test_a_change_before_the_deadline_is_recorded_as_a_new_submission(draft, call_form):
    submit(draft, call_form)
    submit(draft, call_form, project="Séchoir solaire et emballage")

    draft.refresh_from_db()
    assert list(draft.submissions.values_list("number", flat=True)) == [1, 2]
    assert draft.answers.get(question=call_form.q["project"]).value == (
        "Séchoir solaire et emballage"
    )
    assert draft.events.last().kind == EventKind.RESUBMITTED
    subjects = list(Message.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects[0].startswith("Candidature reçue")  # the applicant reads French
    assert subjects[1].startswith("Modifications reçues")


def test_a_missing_required_answer_or_document_refuses_the_submission(applicant, call_form):
    application = services.application_start(call=call_form.call, applicant=applicant)

    with pytest.raises(services.ApplicationError) as refusal:
        submit(application, call_form, project="")

    assert call_form.q["project"].label in str(refusal.value)
    assert call_form.q["statutes"].label in str(refusal.value)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not application.submissions.exists()


def test_submitting_after_the_deadline_is_refused_and_the_draft_stays(draft, call_form):
    after_deadline = call_form.call.closes_at + datetime.timedelta(seconds=1)
    with (
        time_machine.travel(after_deadline),
        pytest.raises(services.ApplicationError, match="closed on"),
    ):
        submit(draft, call_form)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_someone_else_cannot_submit_an_application(draft, call_form):
    stranger = OrganizationFactory().owner
    with pytest.raises(services.ApplicationError, match="Only the person"):
        services.application_submit(application=draft, actor=stranger, answers=call_form.answers())


def test_an_organization_not_meeting_a_rule_may_submit_and_is_marked(draft, call_form):
    organization = draft.applicant.organization
    organization.women_members_count = 2
    organization.save(update_fields=["women_members_count"])

    submit(draft, call_form)

    draft.refresh_from_db()
    assert draft.eligible_at_submission is False
    assert draft.profile_snapshot["profile"]["women_members_count"] == 2


def test_withdrawing_a_submitted_application_is_recorded_once(draft, call_form):
    submit(draft, call_form)

    services.application_withdraw(application=draft, actor=draft.applicant, reason="Projet reporté")
    services.application_withdraw(application=draft, actor=draft.applicant)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN
    assert draft.withdrawn_at is not None
    withdrawals = draft.events.filter(kind=EventKind.WITHDRAWN)
    assert list(withdrawals.values_list("reason", flat=True)) == ["Projet reporté"]


def test_a_discarded_draft_frees_the_place_for_a_new_one(draft, call_form):
    services.application_withdraw(application=draft, actor=draft.applicant)

    again = services.application_start(call=call_form.call, applicant=draft.applicant)

    assert again.pk != draft.pk
    assert draft.events.last().kind == EventKind.DISCARDED


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, True),
        (ApplicationStatus.SUBMITTED, ApplicationStatus.WINNER, False),
        (ApplicationStatus.WITHDRAWN, ApplicationStatus.ELIGIBLE, False),
        (ApplicationStatus.ELIGIBLE, ApplicationStatus.SHORTLISTED, True),
    ],
)
def test_transitions_follow_the_map(draft, call_form, start, target, allowed):
    submit(draft, call_form)
    if start == ApplicationStatus.WITHDRAWN:
        services.application_withdraw(application=draft, actor=draft.applicant)
    elif start != ApplicationStatus.SUBMITTED:
        services.application_transition(application=draft, to=start, actor=None)

    if allowed:
        services.application_transition(application=draft, to=target, actor=None)
        draft.refresh_from_db()
        assert draft.status == target
    else:
        with pytest.raises(services.ApplicationError):
            services.application_transition(application=draft, to=target, actor=None)


def test_repeating_the_current_status_changes_nothing(draft, call_form):
    submit(draft, call_form)
    events = draft.events.count()

    services.application_transition(application=draft, to=ApplicationStatus.SUBMITTED, actor=None)

    assert draft.events.count() == events


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_exactly_one(applicant, call_form):
    application = services.application_start(call=call_form.call, applicant=applicant)
    services.attachment_add(
        application=application,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload(),
        actor=applicant,
    )
    barrier = threading.Barrier(2)
    errors = []

    def press_submit():
        try:
            barrier.wait()
            submit(application, call_form)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press_submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Submission.objects.filter(application=application).count() == 1
    assert Message.objects.filter(template="submissions/email/receipt").count() == 1
    application.refresh_from_db()
    assert application.reference_number == 1
