from celery import shared_task

from juries.services import panel


@shared_task
def send_deadline_reminders():
    """Beat, hourly: remind jurors with unfinished evaluations 3 days and 1 day before
    their jury's deadline (each occasion once)."""
    reminded = panel.reminders_send_due()
    return sum(len(members) for members in reminded.values())
