from celery import shared_task

from notifications import services


@shared_task(bind=True, max_retries=services.MAX_ATTEMPTS - 1)
def deliver_message(self, message_id):
    try:
        services.message_deliver(message_id=message_id)
    except Exception as error:
        delay = services.retry_delay(self.request.retries + 1)
        raise self.retry(exc=error, countdown=delay.total_seconds()) from error


@shared_task
def deliver_pending_messages():
    """Beat sweep: queue what was never queued (broker down) or is due for a retry."""
    for message_id in services.messages_due():
        services.dispatch(message_id=message_id)
