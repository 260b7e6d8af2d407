"""Writes from VAPI's messages: the Call log and idempotent, recorded tool calls."""

import logging
import time

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Subquery

from agents.tools import ToolError, arguments_parse
from leads.services import lead_fill_from_structured_data, lead_for_call

from .models import Call, ToolInvocation
from .tools import LEASELINE_FAILED, ToolOutcome, tool_run

logger = logging.getLogger(__name__)

ENDED = "ended"
_TEXT_FIELDS = ("status", "ended_reason", "customer_number", "transcript", "summary", "recording_url")
_VALUE_FIELDS = ("started_at", "ended_at", "duration_seconds", "cost")


def _check_owner(user, agent):
    if agent.user_id != user.pk:
        raise ValueError("The agent must be the user's own.")


def _lead_link(call, *, user):
    """The caller becomes (or is found as) a lead the first time the call is recorded with their number."""
    if call.lead_id is None and call.customer_number:
        call.lead = lead_for_call(user=user, phone=call.customer_number, started_at=call.started_at)


def call_record(*, user, agent, vapi_call_id, fields):
    """Create or update the Call from a status update or end-of-call report.

    Only values the message carries overwrite stored ones; a status update that arrives
    after the call ended (messages can overtake each other) changes nothing. The duration is
    `ended_at - started_at` when VAPI does not give one. Tool invocations recorded before
    the call was known are linked to it. Call ids are the user's own: another manager's
    call with the same id is neither read nor changed. Returns the call.
    """
    _check_owner(user, agent)
    calls = Call.objects.for_user(user).select_for_update()
    with transaction.atomic():
        call = calls.filter(vapi_call_id=vapi_call_id).first()
        if call is None:
            try:
                with transaction.atomic():
                    call = Call.objects.create(user=user, agent=agent, vapi_call_id=vapi_call_id)
            except IntegrityError:  # created a moment ago by a concurrent message
                call = calls.get(vapi_call_id=vapi_call_id)
        if call.status == ENDED and fields.get("status") != ENDED:
            return call  # an update that was overtaken by the end of the call
        for name in _TEXT_FIELDS:
            if fields.get(name):
                setattr(call, name, fields[name])
        for name in _VALUE_FIELDS:
            if fields.get(name) is not None:
                setattr(call, name, fields[name])
        if fields.get("messages"):
            call.messages = fields["messages"]
        times_changed = fields.get("started_at") or fields.get("ended_at")
        if fields.get("duration_seconds") is None and times_changed and call.started_at and call.ended_at:
            call.duration_seconds = max(0.0, (call.ended_at - call.started_at).total_seconds())
        if call.agent_id is None:
            call.agent = agent
        _lead_link(call, user=user)
        call.save()
        if call.lead_id is not None and fields.get("structured_data"):
            lead_fill_from_structured_data(user=user, lead=call.lead, data=fields["structured_data"])
        ToolInvocation.objects.filter(user=user, vapi_call_id=vapi_call_id, call__isnull=True).update(call=call)
    return call


def tool_call_answer(*, user, agent, tool_call_id, name, arguments, vapi_call_id="", caller_number=""):
    """Run a tool call once: the same `tool_call_id` again returns the first answer.

    The invocation row is inserted before the tool runs, inside one transaction with it, so
    a concurrent duplicate waits on the (user, tool call id) unique index until the first
    answer is committed, then reads it. Ids are per manager: another manager's tool call
    with the same id neither blocks this one nor answers it.
    """
    _check_owner(user, agent)
    try:
        recorded_arguments = arguments_parse(arguments)
    except ToolError:
        recorded_arguments = {"unreadable": str(arguments)[:2000]}
    started = time.monotonic()
    try:
        with transaction.atomic():
            invocation = ToolInvocation.objects.create(
                user=user,
                agent=agent,
                call_id=Subquery(Call.objects.filter(user=user, vapi_call_id=vapi_call_id).values("pk")[:1]),
                vapi_call_id=vapi_call_id,
                tool_call_id=tool_call_id,
                name=name[:64],
                arguments=recorded_arguments,
            )
            outcome = tool_run(
                agent=agent,
                name=name,
                arguments=arguments,
                vapi_call_id=vapi_call_id,
                tool_call_id=tool_call_id,
                caller_number=caller_number,
            )
            invocation.result = outcome.result or ""
            invocation.error = outcome.error or ""
            invocation.duration_ms = round((time.monotonic() - started) * 1000, 2)
            invocation.save(update_fields=["result", "error", "duration_ms"])
        return outcome
    except IntegrityError:
        stored = ToolInvocation.objects.for_user(user).filter(tool_call_id=tool_call_id).first()
        if stored is None:  # the first answer was rolled back a moment ago: this one may run again
            return ToolOutcome(error=LEASELINE_FAILED)
        return ToolOutcome(error=stored.error) if stored.error else ToolOutcome(result=stored.result)
    except DatabaseError:
        # The database failed mid-call: the whole call was rolled back (nothing is booked or
        # recorded), so the same tool call id may simply be tried again.
        logger.exception("Tool call %s of agent %s could not be recorded", tool_call_id, agent.pk)
        return ToolOutcome(error=LEASELINE_FAILED)
