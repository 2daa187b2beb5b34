"""Reminders to jurors with unfinished evaluations: automatic ones 3 days and 1 day before
the jury's deadline (the hourly beat task), and the organizer's "remind late jurors";
each logged, and never sent twice for the same occasion."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from juries import tasks
from juries.models import ConflictDeclaration, Reminder
from juries.services import panel as services
from notifications.models import Message
from tests.factories import JurorFactory
from tests.juries.panel_fixtures import add_juror, assign, build_panel, evaluate

pytestmark = pytest.mark.django_db

DEADLINE = datetime.datetime(2026, 12, 20, 18, 0, tzinfo=datetime.UTC)


def reminders():
    return Message.objects.filter(template="juries/email/reminder")


@pytest.fixture
def panel():
    """Three jurors: one with an assignment to do, one with a draft, one finished; and a
    removed juror who had work left."""
    with time_machine.travel(DEADLINE - datetime.timedelta(days=10), tick=False):
        panel = build_panel(applications=3, jurors=0, k=1, deadline=DEADLINE)
        todo = add_juror(panel, JurorFactory(language="ar"))
        drafting = add_juror(panel)
        done = add_juror(panel)
        removed = add_juror(panel)
        assign(panel, todo, panel.applications[0])
        evaluate(panel, assign(panel, drafting, panel.applications[1]), submit=False)
        evaluate(panel, assign(panel, done, panel.applications[2]))
        assign(panel, removed, panel.applications[2])
        services.member_deactivate(member=removed, actor=panel.organizer)
    panel.todo, panel.drafting, panel.done = todo, drafting, done
    return panel


def test_three_days_before_the_deadline_jurors_with_unfinished_work_are_reminded_once(panel):
    moment = DEADLINE - datetime.timedelta(days=2, hours=20)

    first = services.reminders_send_due(now=moment)
    second = services.reminders_send_due(now=moment + datetime.timedelta(hours=1))

    assert {member.pk for member in first[panel.jury.pk]} == {panel.todo.pk, panel.drafting.pk}
    assert second == {}
    assert sorted(reminders().values_list("to_email", flat=True)) == sorted(
        [panel.todo.user.email, panel.drafting.user.email]
    )
    assert set(Reminder.objects.values_list("member", "occasion")) == {
        (panel.todo.pk, "deadline-3d"),
        (panel.drafting.pk, "deadline-3d"),
    }


def test_one_day_before_comes_a_second_reminder_then_nothing_after_the_deadline(panel):
    services.reminders_send_due(now=DEADLINE - datetime.timedelta(days=3))

    one_day = services.reminders_send_due(now=DEADLINE - datetime.timedelta(hours=23))
    again = services.reminders_send_due(now=DEADLINE - datetime.timedelta(hours=2))
    after = services.reminders_send_due(now=DEADLINE + datetime.timedelta(hours=1))

    assert {member.pk for member in one_day[panel.jury.pk]} == {panel.todo.pk, panel.drafting.pk}
    assert again == after == {}
    assert reminders().count() == 4
    assert Reminder.objects.filter(occasion="deadline-1d").count() == 2


def test_nothing_is_sent_more_than_three_days_before_the_deadline(panel):
    assert services.reminders_send_due(now=DEADLINE - datetime.timedelta(days=3, hours=1)) == {}
    assert not reminders().exists()


def test_a_jury_created_two_days_before_its_deadline_gets_the_three_day_reminder_once(panel):
    moment = DEADLINE - datetime.timedelta(days=2)

    services.reminders_send_due(now=moment)
    services.reminders_send_due(now=moment)

    assert Reminder.objects.filter(occasion="deadline-3d").count() == 2
    assert not Reminder.objects.filter(occasion="deadline-1d").exists()


def test_the_reminder_is_in_the_jurors_language_with_the_deadline_and_their_count(panel):
    services.reminders_send_due(now=DEADLINE - datetime.timedelta(days=2))

    message = reminders().get(to_email=panel.todo.user.email)
    assert message.language == "ar"
    assert "/ar/jury/" in message.body_text
    with translation.override("ar"):
        expected = translation.ngettext(
            "Reminder: %(n)s evaluation to finish — %(call)s",
            "Reminder: %(n)s evaluations to finish — %(call)s",
            1,
        )
        title = panel.call.title
    assert message.subject == expected.replace("%(n)s", "1").replace("%(call)s", title)


def test_the_organizers_reminder_goes_once_a_day(panel):
    moment = DEADLINE + datetime.timedelta(days=1)

    first = services.reminders_send_late(jury=panel.jury, actor=panel.organizer, now=moment)
    same_day = services.reminders_send_late(
        jury=panel.jury, actor=panel.organizer, now=moment + datetime.timedelta(hours=2)
    )
    next_day = services.reminders_send_late(
        jury=panel.jury, actor=panel.organizer, now=moment + datetime.timedelta(days=1)
    )

    assert {member.pk for member in first} == {panel.todo.pk, panel.drafting.pk}
    assert same_day == []
    assert len(next_day) == 2
    assert reminders().count() == 4
    local = timezone.localtime(moment).date()
    assert Reminder.objects.filter(occasion=f"manual-{local.isoformat()}").count() == 2
    late = reminders().filter(to_email=panel.drafting.user.email).first()
    assert "The deadline was" in late.body_text or "La date limite" in late.body_text


def test_the_organizers_reminder_uses_moroccos_date_for_its_occasion():
    # 23:30 UTC on 31 December is already 1 January in Morocco (UTC+1).
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)

    assert services.manual_occasion(moment) == "manual-2027-01-01"


def test_the_beat_task_runs_the_service_hourly(panel):
    assert settings.CELERY_BEAT_SCHEDULE["jury-deadline-reminders"] == {
        "task": "juries.tasks.send_deadline_reminders",
        "schedule": 3600.0,
    }

    with time_machine.travel(DEADLINE - datetime.timedelta(hours=12), tick=False):
        sent = tasks.send_deadline_reminders.delay().get()
        again = tasks.send_deadline_reminders.delay().get()

    assert (sent, again) == (2, 0)
    assert set(Reminder.objects.values_list("occasion", flat=True)) == {"deadline-1d"}


def test_a_juror_is_not_reminded_of_an_application_they_declared_a_conflict_with(panel):
    ConflictDeclaration.objects.create(juror=panel.todo.user, application=panel.applications[0])

    reminded = services.reminders_send_due(now=DEADLINE - datetime.timedelta(days=2, hours=20))

    assert {member.pk for member in reminded[panel.jury.pk]} == {panel.drafting.pk}
    assert list(reminders().values_list("to_email", flat=True)) == [panel.drafting.user.email]
