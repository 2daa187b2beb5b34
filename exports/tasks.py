from celery import shared_task

from exports import services


@shared_task
def export_build(export_id):
    """Build one export. Not retried: a failed build is shown to the organizer, who asks
    again; a delivery repeated after a lost worker finds the row claimed and does nothing."""
    services.export_run(export_id=export_id)
