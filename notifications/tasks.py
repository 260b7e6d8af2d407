"""Celery tasks of notifications: thin, ids in, one service call each."""

from celery import shared_task

from .services import TransientSendError, notification_send, notifications_enqueue_due


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(TransientSendError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_notification(self, notification_id):
    """Sends one notification at most once; a transient failure retries with exponential
    backoff, and the last attempt records it failed with the reason."""
    notification = notification_send(
        notification_id=notification_id, final_attempt=self.request.retries >= self.max_retries
    )
    return notification.status if notification is not None else None


@shared_task(ignore_result=True)
def send_due_notifications():
    """Every minute (CELERY_BEAT_SCHEDULE): hands due reminders (and any row left unsent) to the queue."""
    return notifications_enqueue_due()
