"""No 500 for any input, from Clerk's side: the Clerk webhook is sent user ids, emails, names and
svix ids longer than the database holds, and refuses them cleanly, changing nothing.
"""

import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import ProcessedWebhook, User
from testsupport.fakes.clerk import TEST_WEBHOOK_SECRET, clerk_event, clerk_user_payload, svix_headers

from .fuzz_support import ID_LENGTHS, NO_SHRINKING, cause, long_text

pytestmark = pytest.mark.django_db

CLERK_WEBHOOK = "/api/webhooks/clerk"


@st.composite
def clerk_deliveries(draw):
    kind = draw(st.sampled_from(["user.created", "user.updated", "user.deleted"]))
    clerk_id = long_text(draw(ID_LENGTHS))
    if kind == "user.deleted":
        data = {"object": "user", "id": clerk_id, "deleted": True}
    else:
        local = "m" * draw(st.sampled_from([10, 64, 242, 243, 254, 300]))
        first = "F" * draw(st.sampled_from([4, 150, 151, 300]))
        data = clerk_user_payload(clerk_id, f"{local}@example.com", first=first, last="Renter")
    svix_id = ("msg_" + "s" * 300)[: draw(st.sampled_from([10, 128, 129, 300]))]
    return kind, data, svix_id


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    phases=NO_SHRINKING,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(delivery=clerk_deliveries())
def test_clerk_webhook_with_ids_longer_than_the_database_holds_is_refused_cleanly(settings, db, delivery):
    settings.CLERK_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    kind, data, svix_id = delivery
    body = json.dumps(clerk_event(kind, data))
    before = (list(User.objects.order_by("pk").values()), ProcessedWebhook.objects.count())
    with transaction.atomic():
        response = Client(raise_request_exception=False).post(
            CLERK_WEBHOOK, data=body, content_type="application/json", **svix_headers(body, msg_id=svix_id)
        )
        after = (list(User.objects.order_by("pk").values()), ProcessedWebhook.objects.count())
        transaction.set_rollback(True)
    lengths = f"{kind}: data.id {len(data['id'])}, svix-id {len(svix_id)}" + (
        f", email {len(data['email_addresses'][1]['email_address'])}, first_name {len(data['first_name'])}"
        if kind != "user.deleted"
        else ""
    )
    assert response.status_code < 500, f"{lengths} answered {response.status_code} {cause(response)}"
    assert response.status_code in (200, 400), f"{lengths} answered {response.status_code}"
    if response.status_code == 400:
        assert after == before, f"{lengths} was refused but changed the database"
