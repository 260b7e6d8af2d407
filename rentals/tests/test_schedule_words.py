"""A source's schedule reads the same on its pages as in the form that set it."""

import re

import pytest
from django.test import Client

from rentals.models import RentalSource
from testsupport.clients import signed_in

pytestmark = pytest.mark.django_db


def test_every_choice_of_the_source_form_reads_the_same_on_the_source_pages(user):
    web = signed_in(user, Client)
    form = web.get("/sources/new/").content.decode()
    select = re.search(r'<select name="scrape_interval_minutes"[^>]*>(.*?)</select>', form, re.S).group(1)
    choices = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select)
    assert [label for _, label in choices] == ["Every hour", "Every 6 hours", "Twice a day", "Every day", "Every week"]
    for minutes, label in choices:
        source = RentalSource.objects.create(
            user=user, name=f"Every {minutes}", website_url="https://maple.example", scrape_interval_minutes=minutes
        )
        assert f"<dd>{label}</dd>" in web.get(f"/sources/{source.pk}/").content.decode()
        assert label in web.get("/sources/").content.decode()
