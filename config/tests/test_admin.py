"""Every model in the admin opens for staff: list (with a search), add form, and a change page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agents.tests.factories import AgentFactory
from calendars.tests.factories import AppointmentFactory, ConnectionFactory
from rentals.tests.factories import RentalFactory, ScrapeRunFactory
from voice.tests.factories import ToolInvocationFactory


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_every_admin_page_opens(staff_client):
    owner = UserFactory()
    AgentFactory(user=owner)
    ConnectionFactory(user=owner, token_ciphertext="gAAAAA-not-shown")
    AppointmentFactory(user=owner)
    RentalFactory(user=owner)
    ScrapeRunFactory(source__user=owner, user=owner)
    ToolInvocationFactory(call__agent__user=owner)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        changelist = staff_client.get(reverse(f"admin:{info}_changelist"), {"q": "a"})
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert staff_client.get(reverse(f"admin:{info}_add")).status_code == 200, info
        row = model.objects.first()
        if row is not None:
            page = staff_client.get(reverse(f"admin:{info}_change", args=[row.pk]))
            assert page.status_code == 200, info
            assert b"gAAAAA-not-shown" not in page.content
        checked += 1
    assert checked >= 9
