"""No 500 for any input, from VAPI's side: the agent page's try-a-tool panel runs each tool on
hostile arguments, and the VAPI webhook is sent ids longer than the database holds.
"""

import json

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from agents.models import Agent
from agents.tests.factories import AgentFactory
from agents.tools import TOOL_SPECS as TOOLS
from voice.tests.payloads import WEBHOOK, assistant_request, end_of_call_report, status_update, tool_calls

from .form_reader_support import page_targets
from .fuzz_support import ID_LENGTHS, NO_SHRINKING, cause, fuzz, long_text

pytestmark = pytest.mark.django_db

EXAMPLES_PER_TOOL = 10


@pytest.mark.parametrize("tool", TOOLS)
def test_the_try_panel_runs_each_tool_on_hostile_arguments_without_a_server_error(world, tool):
    """The panel on the agent page shows the first tool's arguments; each tool's own are here."""
    agent = world.objects[Agent][0]
    fields_url = reverse("voice:agent-try-fields", kwargs={"pk": agent.pk})
    fragment = world.manager.get(fields_url, {"tool": tool}).content.decode()
    try_url = reverse("voice:agent-try", kwargs={"pk": agent.pk})
    # The form's own post (the booking time's slot picker also links to other days).
    [target] = [
        target
        for target in page_targets(try_url, f'<form method="post" action="{try_url}">{fragment}</form>')
        if target.method == "post"
    ]
    assert target.fields, f"no argument fields for {tool}"
    findings = fuzz(
        f"POST {try_url} ({tool})",
        world.manager,
        "post",
        try_url,
        {"tool": tool, **target.fields},
        kinds=target.kinds,
        examples=EXAMPLES_PER_TOOL,
    )
    assert not findings, "\n".join(str(finding) for finding in findings)


@st.composite
def vapi_messages(draw, assistant_id):
    call_id = long_text(draw(ID_LENGTHS))
    customer = "+1" + "5" * draw(st.sampled_from([10, 30, 31, 60, 300]))
    kind = draw(st.sampled_from(["tool-calls", "status-update", "end-of-call-report", "assistant-request"]))
    if kind == "tool-calls":
        tool_call_id = long_text(draw(ID_LENGTHS))
        name, arguments = draw(
            st.sampled_from(
                [
                    ("search_rentals", {"city": "Austin"}),
                    (
                        "book_appointment",
                        {"start": "2026-05-04T10:00:00-05:00", "attendee_name": "R" * 300, "attendee_phone": customer},
                    ),
                    ("cancel_appointment", {"attendee_phone": customer}),
                ]
            )
        )
        payload = tool_calls(assistant_id, [(tool_call_id, name, arguments)], call_id=call_id)
    elif kind == "status-update":
        payload = status_update(assistant_id, "in-progress", call_id=call_id)
    elif kind == "end-of-call-report":
        payload = end_of_call_report(assistant_id, call_id=call_id, endedReason="e" * draw(ID_LENGTHS))
    else:
        payload = assistant_request(customer, customer=customer)
        payload["message"]["call"]["id"] = call_id
    if kind != "assistant-request":
        payload["message"]["call"]["customer"] = {"number": customer}
        payload["message"]["customer"] = {"number": customer}
    if draw(st.booleans()):  # the assistant id itself too long for the agents table
        payload["message"]["call"]["assistantId"] = long_text(draw(ID_LENGTHS))
    return payload


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=NO_SHRINKING,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_vapi_webhook_with_ids_longer_than_the_database_holds_answers_without_a_server_error(user, settings, data):
    settings.VAPI_API_KEY = ""
    settings.VAPI_WEBHOOK_SECRET = "platform-secret-for-fuzz"
    with transaction.atomic():
        agent = AgentFactory(user=user, vapi_assistant_id="asst-fuzz-webhook")
        payload = data.draw(vapi_messages(agent.vapi_assistant_id))
        message = payload["message"]
        secret = "platform-secret-for-fuzz" if message["type"] == "assistant-request" else agent.webhook_secret
        response = APIClient(raise_request_exception=False).post(
            WEBHOOK, data=json.dumps(payload), content_type="application/json", HTTP_X_VAPI_SECRET=secret
        )
        transaction.set_rollback(True)
    call = message.get("call", {})
    described = (
        f"{message['type']}: call.id {len(call.get('id', ''))}, assistantId {len(call.get('assistantId', ''))}"
        f", customer.number {len(message.get('customer', {}).get('number', ''))}"
    )
    if message["type"] == "tool-calls":
        described += f", toolCall id {len(message['toolCallList'][0]['id'])}"
    assert response.status_code < 500, f"{described} answered {response.status_code} {cause(response)}"
