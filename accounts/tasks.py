from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import ProcessedWebhook

# Svix stops retrying a message after about five days; a month of ids is plenty to spot replays.
WEBHOOK_ID_RETENTION = timedelta(days=30)


@shared_task
def purge_processed_webhooks():
    """Forget webhook ids old enough that Svix will never deliver them again."""
    cutoff = timezone.now() - WEBHOOK_ID_RETENTION
    deleted, _ = ProcessedWebhook.objects.filter(received_at__lt=cutoff).delete()
    return deleted
