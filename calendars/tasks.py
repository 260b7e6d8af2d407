"""Celery tasks of calendars: thin, one service call each."""

from celery import shared_task

from .connections import connects_expired_purge


@shared_task(ignore_result=True)
def purge_expired_connects():
    """Every few minutes (CELERY_BEAT_SCHEDULE): parked calendar tokens never outlive their ten minutes."""
    return connects_expired_purge()
