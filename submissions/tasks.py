from celery import shared_task

from submissions import reminders, services_bulk


@shared_task
def send_draft_reminders():
    """Beat, hourly: remind applicants whose application to an open call is still a
    draft, a week and a day before the call closes (each occasion once)."""
    return reminders.draft_reminders_send()


@shared_task
def bulk_action_perform(bulk_action_id):
    """Carry out a bulk action confirmed on the applications list. Not retried: a
    delivery repeated after a lost worker finds the row claimed and does nothing."""
    services_bulk.bulk_action_run(bulk_action_id=bulk_action_id)
