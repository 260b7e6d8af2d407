"""Writes of notifications: planning the messages of a change, sending one, the beat's sweep,
and what the renter does on their page.

Every message is a Notification row first. Rows due now are handed to the queue once the
booking commits; reminders wait in the table with `due_at` until the beat schedule's sweep
(every minute) hands them over, so nothing sleeps in a worker and a restart loses none.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from calendars.models import Appointment
from calendars.services import appointment_cancel, appointment_reschedule
from calendars.signals import BOOKED, CANCELLED, RESCHEDULED

from .clients.twilio import twilio_configured
from .delivery import DeliveryFailed, email_send, sms_send
from .invites import CANCEL, REQUEST, invite_ics
from .links import renter_url
from .messages import email_bodies, wording
from .models import Notification, ViewingConfirmation

logger = logging.getLogger(__name__)

Kind, Channel, Status, Event = Notification.Kind, Notification.Channel, Notification.Status, Notification.Event
RENTER_KIND = {BOOKED: Kind.CONFIRMATION, CANCELLED: Kind.CANCELLATION, RESCHEDULED: Kind.RESCHEDULE}
# Changes made by these get the manager an email (the manager made the others themselves).
TOLD_TO_MANAGER = ("voice", "renter")
# A claim older than this is a sender that stopped mid-send (its worker killed): the message may
# have gone out, so it is not sent again (at most once) but recorded failed.
CLAIM_STALE_AFTER = timedelta(minutes=15)
INTERRUPTED = "Sending was interrupted; not sent again in case it had already gone out."
# A queued row handed to the queue this long ago without being claimed is handed again.
ENQUEUE_AGAIN_AFTER = timedelta(minutes=10)
DUE_BATCH = 200

DO_NOT_CONTACT = "The renter asked not to be contacted."
NO_EMAIL = "Email is not configured on this server (EMAIL_URL is not set)."
NO_TEXTS = "Texts are not configured on this server (TWILIO_ACCOUNT_SID is not set)."


class TransientSendError(Exception):
    """Sending failed in a way that may pass (the task retries it with backoff)."""


# Planning ---------------------------------------------------------------------------------


def _renter_contacts(appointment):
    """[(channel, address)] the renter can be reached on."""
    lead = appointment.lead if appointment.lead_id else None
    email = appointment.attendee_email or (lead.email if lead else "")
    phone = appointment.attendee_phone or (lead.phone if lead else "")
    contacts = [(Channel.EMAIL, email)] if email else []
    if phone and twilio_configured():
        contacts.append((Channel.SMS, phone))
    return contacts


def _do_not_contact(appointment):
    return bool(appointment.lead_id and appointment.lead and appointment.lead.do_not_contact)


def _row(appointment, *, channel, to, kind, event, due_at, by="", offset=0, status=Status.QUEUED, error=""):
    return Notification(
        user_id=appointment.user_id,
        appointment=appointment,
        lead_id=appointment.lead_id,
        channel=channel,
        kind=kind,
        event=event,
        by=by,
        offset_minutes=offset,
        sequence=appointment.sequence,
        to=to,
        status=status,
        error=error,
        due_at=due_at,
    )


def _reminder_rows(appointment, contacts, now):
    """One row per channel per reminder offset still ahead (none for a viewing booked closer)."""
    agent = appointment.agent if appointment.agent_id else None
    offsets = sorted({int(m) for m in (getattr(agent, "reminder_minutes", None) or [])}, reverse=True)
    rows = []
    for offset in offsets:
        due_at = appointment.start - timedelta(minutes=offset)
        if due_at <= now:
            continue
        rows += [
            _row(
                appointment,
                channel=channel,
                to=to,
                kind=Kind.REMINDER,
                event=Event.REMINDER,
                due_at=due_at,
                offset=offset,
            )
            for channel, to in contacts
        ]
    return rows


def _reminders_drop(appointment, reason):
    """Reminders not yet sent of an earlier version of the viewing, or of a cancelled one."""
    Notification.objects.filter(appointment=appointment, kind=Kind.REMINDER, status=Status.QUEUED).update(
        status=Status.SKIPPED, error=reason, updated_at=timezone.now()
    )


def _insert(rows):
    """Saves the rows the unique constraint lets in (a change told twice adds nothing)."""
    saved = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        saved.append(row)
    return saved


def notifications_plan(*, appointment, change, by=""):
    """The messages a booking, cancel or move of `appointment` calls for, saved as rows; those
    due now are handed to the queue once the surrounding transaction commits."""
    if appointment.source == Appointment.Source.TEST:
        return []
    now = timezone.now()
    contacts = _renter_contacts(appointment)
    if change in (CANCELLED, RESCHEDULED):
        _reminders_drop(appointment, "The viewing was cancelled." if change == CANCELLED else "The viewing moved.")
    blocked = _do_not_contact(appointment)
    rows = [
        _row(
            appointment,
            channel=channel,
            to=to,
            kind=RENTER_KIND[change],
            event=change,
            due_at=now,
            by=by,
            status=Status.SKIPPED if blocked else Status.QUEUED,
            error=DO_NOT_CONTACT if blocked else "",
        )
        for channel, to in contacts
    ]
    if change != CANCELLED and not blocked:
        rows += _reminder_rows(appointment, contacts, now)
    manager_email = getattr(appointment.user, "email", "")
    if by in TOLD_TO_MANAGER and manager_email:
        rows.append(
            _row(
                appointment, channel=Channel.EMAIL, to=manager_email, kind=Kind.MANAGER, event=change, due_at=now, by=by
            )
        )
    saved = _insert(rows)
    due = [row.pk for row in saved if row.status == Status.QUEUED and row.due_at <= now]
    if due:
        Notification.objects.filter(pk__in=due).update(enqueued_at=now)
        _enqueue_after_commit(due)
    return saved


def _enqueue_after_commit(notification_ids):
    """Hands the rows to the queue once the booking has committed.

    Not `delay_on_commit`: a broker that is down must not turn a saved booking into an error
    page; the rows stay queued and the beat's sweep hands them over later.
    """
    from .tasks import send_notification

    def enqueue():
        for notification_id in notification_ids:
            try:
                send_notification.delay(notification_id)
            except Exception:
                logger.exception("Notification %s not queued now; the sweep will queue it", notification_id)

    transaction.on_commit(enqueue, robust=True)


def notifications_enqueue_due(*, now=None, limit=DUE_BATCH):
    """The beat's sweep: claims due queued rows nobody is sending (skip_locked, so two sweeps
    never take the same rows) and hands them to the queue; a send interrupted long ago is
    recorded failed rather than sent again. Returns how many were handed over."""
    now = now or timezone.now()
    Notification.objects.filter(status=Status.QUEUED, claimed_at__lt=now - CLAIM_STALE_AFTER).update(
        status=Status.FAILED, error=INTERRUPTED, updated_at=now
    )
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Status.QUEUED, due_at__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - ENQUEUE_AGAIN_AFTER))
            .filter(claimed_at__isnull=True)
            .order_by("due_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(enqueued_at=now)
            _enqueue_after_commit(ids)
    return len(ids)


# Sending ----------------------------------------------------------------------------------


def _claim(notification_id, now):
    """Takes the row for this sender, committed before anything is sent; None when it is not
    due, already sent or settled, or another sender has it."""
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Status.QUEUED, due_at__lte=now, claimed_at__isnull=True)
            .first()
        )
        if row is None:
            return None
        row.claimed_at = now
        row.attempts += 1
        row.save(update_fields=["claimed_at", "attempts", "updated_at"])
    return Notification.objects.select_related(
        "appointment__agent", "appointment__rental", "appointment__user", "appointment__lead", "lead"
    ).get(pk=notification_id)


def _skip_reason(notification, now):
    appointment = notification.appointment
    if notification.kind in (Kind.CONFIRMATION, Kind.REMINDER, Kind.RESCHEDULE):
        if appointment.status != Appointment.Status.BOOKED:
            return "The viewing was cancelled."
        if notification.sequence != appointment.sequence:
            return "The viewing moved."
        if notification.kind == Kind.REMINDER and appointment.start <= now:
            return "The viewing has started."
    if notification.kind != Kind.MANAGER and _do_not_contact(appointment):
        return DO_NOT_CONTACT
    if notification.channel == Channel.EMAIL and not settings.EMAIL_URL:
        return NO_EMAIL
    if notification.channel == Channel.SMS and not twilio_configured():
        return NO_TEXTS
    return ""


def _deliver(notification):
    appointment = notification.appointment
    link = renter_url(appointment)
    if notification.channel == Channel.SMS:
        return sms_send(to=notification.to, body=wording(notification, link=link).sms)
    manager_link = settings.PUBLIC_BASE_URL + reverse("calendars:home")
    subject, text, html = email_bodies(notification, link=link, manager_link=manager_link, by=notification.by)
    invite = method = reply_to = None
    if notification.kind != Kind.MANAGER:
        # A renter's reply reaches the manager, not the sending address.
        reply_to = appointment.user.email or None
        method = CANCEL if notification.kind == Kind.CANCELLATION else REQUEST
        invite = invite_ics(appointment=appointment, method=method, renter_email=notification.to, link=link)
    return email_send(
        to=notification.to,
        subject=subject,
        text=text,
        html=html,
        invite=invite,
        invite_method=method,
        reply_to=reply_to,
    )


def _settle(notification, status, *, error="", provider_id=""):
    notification.status = status
    notification.error = error[:2000]
    notification.provider_id = provider_id[:255]
    notification.lead_id = notification.lead_id or notification.appointment.lead_id
    notification.sent_at = timezone.now() if status == Status.SENT else None
    notification.save(update_fields=["status", "error", "provider_id", "lead", "sent_at", "updated_at"])
    return notification


def notification_send(*, notification_id, final_attempt=False):
    """Sends one queued, due notification at most once. A failure that may pass raises
    TransientSendError (the task retries) unless this is the final attempt; every other
    outcome is recorded: sent, skipped with the reason, failed with the reason."""
    now = timezone.now()
    notification = _claim(notification_id, now)
    if notification is None:
        return None
    reason = _skip_reason(notification, now)
    if reason:
        return _settle(notification, Status.SKIPPED, error=reason)
    try:
        provider_id = _deliver(notification)
    except DeliveryFailed as exc:
        if exc.transient and not final_attempt:
            Notification.objects.filter(pk=notification.pk).update(
                claimed_at=None, error=exc.reason, updated_at=timezone.now()
            )
            raise TransientSendError(exc.reason) from exc
        return _settle(notification, Status.FAILED, error=exc.reason)
    return _settle(notification, Status.SENT, provider_id=provider_id or "")


# What the renter does on their page -------------------------------------------------------


def viewing_confirm(*, appointment):
    """The renter says they are coming (to this version of the viewing)."""
    confirmation, _ = ViewingConfirmation.objects.update_or_create(
        appointment=appointment,
        defaults={"user_id": appointment.user_id, "sequence": appointment.sequence, "confirmed_at": timezone.now()},
    )
    return confirmation


def viewing_cancel(*, appointment):
    return appointment_cancel(user=appointment.user, appointment=appointment, by="renter")


def viewing_reschedule(*, appointment, start):
    return appointment_reschedule(user=appointment.user, appointment=appointment, start=start, by="renter")
