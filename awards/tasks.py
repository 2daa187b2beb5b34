from celery import shared_task

from awards.services import publication


@shared_task(bind=True, max_retries=8)
def release_result_notices(self, publication_id):
    """Write the released result notices to the outbox; a failure retries from where it
    stopped (notices already written are skipped)."""
    try:
        return publication.notices_write(publication_id=publication_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task
def publish_scheduled_results():
    """Beat, every minute: publish the results whose scheduled time has come."""
    return publication.publish_due()


@shared_task
def release_unfinished_notices():
    """Beat, every 5 minutes: finish releases that stopped (broker down, retries spent)."""
    return publication.releases_unfinished()
