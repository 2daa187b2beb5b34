"""Reminders to applicants whose application to an open call is still a draft: a week and
a day before the call closes, once per occasion, in each applicant's language, through the
outbox, with the call's own reminder text when it has one; never to an applicant who has
sent an application to the call, never twice (also when two runs meet)."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext

from calls.models import EmailTemplate, ReminderLog
from notifications.models import Message
from submissions import reminders, services
from submissions.tasks import send_draft_reminders
from tests.factories import CallFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
REMINDER = "submissions/email/draft_reminder"


def reminder_messages():
    return Message.objects.filter(template=REMINDER)


def recipients():
    return sorted(reminder_messages().values_list("to_email", flat=True))


def draft_of(call, *, language="fr", organization=True):
    """A draft for `call` by a new applicant reading `language`."""
    if organization:
        applicant = OrganizationFactory(owner__language=language, owner__password=None).owner
    else:
        applicant = UserFactory(language=language, password=None)
    return services.application_start(call=call, applicant=applicant)


@pytest.fixture
def call():
    """Open for ten more days; a person may send two applications."""
    now = timezone.now()
    return CallFactory(
        opens_at=now - 10 * DAY,
        closes_at=now + 10 * DAY,
        max_applications_per_organization=2,
    )


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_a_draft_is_reminded_a_week_and_a_day_before_the_call_closes_once_each(call):
    draft = draft_of(call)
    closes = call.closes_at

    with at(closes - 8 * DAY):
        assert reminders.draft_reminders_send() == 0
    with at(closes - 7 * DAY + HOUR):
        assert reminders.draft_reminders_send() == 1
        assert reminders.draft_reminders_send() == 0
    with at(closes - 3 * DAY):
        assert reminders.draft_reminders_send() == 0
    with at(closes - DAY + HOUR):
        assert reminders.draft_reminders_send() == 1
        assert reminders.draft_reminders_send() == 0
    with at(closes + HOUR):
        assert reminders.draft_reminders_send() == 0

    assert recipients() == [draft.applicant.email] * 2
    logs = ReminderLog.objects.order_by("sent_at")
    assert [(log.call, log.applicant, log.occasion) for log in logs] == [
        (call, draft.applicant, "7d"),
        (call, draft.applicant, "1d"),
    ]


def test_a_run_missing_the_week_sends_only_the_days_reminder(call):
    draft_of(call)

    with at(call.closes_at - 12 * HOUR):
        assert reminders.draft_reminders_send() == 1

    assert list(ReminderLog.objects.values_list("occasion", flat=True)) == ["1d"]


def test_applicants_who_sent_an_application_to_the_call_are_not_reminded(call):
    waiting = draft_of(call)
    sender = draft_of(call)
    services.application_submit(application=sender, actor=sender.applicant, answers={})
    second_draft = services.application_start(call=call, applicant=sender.applicant)
    assert second_draft.status == "draft"

    with at(call.closes_at - 2 * DAY):
        assert reminders.draft_reminders_send() == 1

    assert recipients() == [waiting.applicant.email]


def test_withdrawn_drafts_inactive_people_and_other_calls_are_left_alone(call):
    discarded = draft_of(call)
    services.application_withdraw(application=discarded, actor=discarded.applicant)
    inactive = draft_of(call)
    inactive.applicant.is_active = False
    inactive.applicant.save(update_fields=["is_active"])
    later = CallFactory(opens_at=call.opens_at, closes_at=call.closes_at + 30 * DAY)
    draft_of(later)
    hidden = CallFactory(opens_at=call.opens_at, closes_at=call.closes_at)
    draft_of(hidden)
    hidden.is_published = False
    hidden.save(update_fields=["is_published"])

    with at(call.closes_at - 2 * DAY):
        assert reminders.draft_reminders_send() == 0

    assert not reminder_messages().exists()


def test_each_applicant_is_reminded_in_their_language_with_a_link_to_the_draft(call):
    french = draft_of(call, language="fr")
    arabic = draft_of(call, language="ar", organization=False)

    with at(call.closes_at - 2 * DAY):
        reminders.draft_reminders_send()

    messages = {m.to_email: m for m in reminder_messages()}
    assert messages[arabic.applicant.email].language == "ar"
    with translation.override("ar"):
        subject = gettext("Your application to “%(call)s” is not sent yet") % {
            "call": call.title_ar
        }
    assert messages[arabic.applicant.email].subject == subject
    assert f"/ar/calls/{call.slug}/apply/{arabic.pk}/" in messages[arabic.applicant.email].body_text
    assert messages[french.applicant.email].language == "fr"
    assert f"/fr/calls/{call.slug}/apply/{french.pk}/" in messages[french.applicant.email].body_text
    assert call.title_fr in messages[french.applicant.email].subject


def test_the_calls_reminder_text_is_used_in_its_language_only(call):
    EmailTemplate.objects.create(
        call=call,
        kind="reminder",
        language="ar",
        subject="تذكير: {call}\nBcc: intrus@example.ma",
        body="{organization}، لم ترسلوا طلبكم بعد. آخر أجل: {closes_at}",
    )
    arabic = draft_of(call, language="ar")
    english = draft_of(call, language="en")

    with at(call.closes_at - 2 * DAY):
        reminders.draft_reminders_send()

    messages = {m.to_email: m for m in reminder_messages()}
    custom = messages[arabic.applicant.email]
    assert custom.subject == f"تذكير: {call.title_ar} Bcc: intrus@example.ma"
    assert f"{arabic.organization.name}، لم ترسلوا طلبكم بعد." in custom.body_text
    assert f"/ar/calls/{call.slug}/apply/{arabic.pk}/" in custom.body_text
    standard = messages[english.applicant.email]
    with translation.override("en"):
        subject = gettext("Your application to “%(call)s” is not sent yet") % {
            "call": call.title_en
        }
    assert standard.subject == subject


def test_an_occasion_already_claimed_sends_nothing(call):
    draft = draft_of(call)
    ReminderLog.objects.create(call=call, applicant=draft.applicant, occasion="7d")

    with at(call.closes_at - 2 * DAY):
        sent = reminders._remind(draft, call=call, occasion="7d", now=timezone.now())

    assert sent is False
    assert not reminder_messages().exists()


def test_the_beat_task_sends_the_due_reminders(call):
    draft_of(call)

    with at(call.closes_at - 2 * DAY):
        assert send_draft_reminders.delay().get() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remind_each_applicant_once(call):
    drafts = [draft_of(call) for _ in range(3)]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders.draft_reminders_send(now=call.closes_at - 2 * DAY)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert recipients() == sorted(draft.applicant.email for draft in drafts)
    assert ReminderLog.objects.count() == 3
