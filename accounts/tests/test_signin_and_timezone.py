"""Sign-in's blank and wrong answers, and the account page's time-zone picker, through the pages."""

import re
import zoneinfo

import pytest

from core.timezones import COMMON_ZONES, accepted_names

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's


def _page(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "answers",
    [{"username": "", "password": ""}, {"username": "manager@example.com", "password": ""}, {"password": PASSWORD}],
)
def test_a_blank_email_or_password_asks_for_both_and_counts_as_no_attempt(client, user, answers):
    for _ in range(8):  # more than AXES_FAILURE_LIMIT: none of them is a failed attempt
        response = client.post("/login/", answers)
        assert response.status_code == 200
        page = _page(response)
        assert "Enter your email and password." in page
        assert "This field is required" not in page
    assert client.post("/login/", {"username": "manager@example.com", "password": PASSWORD}).status_code == 302


def test_a_wrong_password_says_so_in_words_and_the_lockout_still_follows(client, user, settings):
    response = client.post("/login/", {"username": "manager@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "That email and password don't match an account." in _page(response)
    assert "Please enter a correct" not in _page(response)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "manager@example.com", "password": "nope"})
    locked = client.post("/login/", {"username": "manager@example.com", "password": PASSWORD})
    assert locked.status_code == 429 and "Sign-in paused" in _page(locked)


def _zone_options(page):
    select = page[page.index('<select name="timezone"') :]
    select = select[: select.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    return [(label, re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', body)) for label, body in groups]


def test_the_time_zone_picker_lists_common_zones_first_then_every_accepted_one(client, user):
    client.force_login(user)
    page = _page(client.get("/account/"))
    groups = _zone_options(page)
    assert [label for label, _ in groups] == ["Common time zones", "All places", "Other names and fixed offsets"]
    common = groups[0][1]
    assert [value for value, _ in common] == [name for name, _ in COMMON_ZONES]
    assert common[0][1].startswith("Eastern Time (New York) · UTC−0")
    assert [value for value, _ in groups[1][1]][:2] == ["Africa/Abidjan", "Africa/Accra"]
    every = {value for _, options in groups for value, _ in options}
    assert every == accepted_names()
    assert not {"Factory", "localtime", "posixrules"} & every
    assert not [value for value, _ in groups[1][1] if value.startswith("Etc/")]
    # The user's own zone is chosen once, in its friendly entry.
    assert re.findall(r'<option value="([^"]+)" selected>([^<]*)<', page) == [
        ("America/Chicago", "Central Time (Chicago) · " + re.search(r"UTC.\d\d:\d\d", common[1][1]).group())
    ]
    assert 'class="tz-search"' in page and "hidden" in page[page.index('class="tz-search"') :][:300]


def test_every_zone_the_api_accepts_is_on_the_page_and_saves_there(client, api_client, user):
    client.force_login(user)
    offered = {value for _, options in _zone_options(_page(client.get("/account/"))) for value, _ in options}
    for name in sorted(zoneinfo.available_timezones()):
        accepted = api_client.patch("/api/users/me", {"timezone": name}, format="json").status_code == 200
        assert accepted == (name in offered), name
    for name in ("Factory", "localtime"):
        refused = api_client.patch("/api/users/me", {"timezone": name}, format="json")
        assert refused.status_code == 400
    for name in ("America/Denver", "Etc/GMT+5", "US/Eastern", "UTC"):
        response = client.post("/account/", {"name": "Morgan", "timezone": name})
        assert response.status_code == 302, name
        user.refresh_from_db()
        assert user.timezone == name


def test_the_account_page_refuses_a_zone_that_is_not_a_place_in_words(client, user):
    client.force_login(user)
    for name in ("Factory", "localtime", "Mars/Olympus"):
        response = client.post("/account/", {"name": "Morgan", "timezone": name})
        assert response.status_code == 200
        page = _page(response)
        assert "Time zone: choose one of the options listed." in page
        assert "Not saved yet: 1 thing to fix." in page
        assert "Select a valid choice" not in page
    user.refresh_from_db()
    assert user.timezone == "America/Chicago"


def test_the_account_page_reports_a_long_name_and_a_bad_zone_together(client, user):
    client.force_login(user)
    response = client.post("/account/", {"name": "n" * 151, "timezone": "Nowhere/Land"})
    page = _page(response)
    assert "Not saved yet: 2 things to fix." in page
    assert "Your name can be at most 150 characters (this has 151)." in page
    assert "Time zone: choose one of the options listed." in page
    assert "Ensure this value" not in page


def test_a_stored_zone_that_is_not_a_place_is_not_shown_as_another_zone(client, user):
    type(user).objects.filter(pk=user.pk).update(timezone="localtime")
    client.force_login(user)
    page = _page(client.get("/account/"))
    assert re.findall(r'<option value="([^"]*)" selected>([^<]*)<', page) == [("", "Choose a time zone")]
    response = client.post("/account/", {"name": "Morgan", "timezone": ""})
    assert "Time zone is required." in _page(response)
    assert client.post("/account/", {"name": "Morgan", "timezone": "America/Denver"}).status_code == 302


def test_a_refused_change_is_not_shown_as_the_signed_in_name(client, user):
    client.force_login(user)
    page = _page(client.post("/account/", {"name": "Zed Unsaved", "timezone": "Mars/Olympus"}))
    assert page.count("Zed Unsaved") == 1  # only in the name field, not in the page's header
    assert "Morgan Manager" in page
