"""`{% slot_picker %}`: an agent's free times on one day as buttons, with day-to-day navigation.

The arguments are described on the `slot_picker` tag below.
"""

import re
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from calendars.slots import agent_day_slots

register = template.Library()

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


def picker_name(value, default="start"):
    """A safe input name from a caller or a query string."""
    value = str(value or "")
    return value if NAME_PATTERN.match(value) else default


def _with_query(url, params):
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def slot_picker_context(
    *,
    agent,
    name="start",
    day=None,
    selected="",
    tz=None,
    day_url=None,
    page_url=None,
    user=None,
    slot_day=None,
    style=None,
):
    """What `calendars/_slot_picker.html` renders (the tag's arguments, described above)."""
    name = picker_name(name)
    slot_day = slot_day or agent_day_slots(user=user or agent.user, agent=agent, day=day, tz=tz, style=style)
    endpoint = day_url or reverse("calendars:slots")
    fixed = {"name": name, "selected": selected or "", "tz": str(tz) if tz else ""}
    if not day_url:
        fixed["agent"] = agent.pk

    def link(to_day):
        if to_day is None:
            return None
        hx = _with_query(endpoint, {**fixed, "day": to_day.isoformat()})
        href = _with_query(page_url, {"day": to_day.isoformat()}) if page_url else hx
        return {"hx": hx, "href": href, "day": to_day}

    return {
        "agent": agent,
        "name": name,
        "picker_id": f"slot-picker-{name}",
        "slot_day": slot_day,
        "selected": selected or "",
        "previous": link(slot_day.previous_day),
        "next": link(slot_day.next_day),
        "next_free": link(slot_day.next_free_day),
        "tz_name": str(slot_day.tz),
    }


@register.inclusion_tag("calendars/_slot_picker.html")
def slot_picker(
    agent, name="start", day=None, selected="", tz=None, day_url=None, page_url=None, user=None, slot_day=None
):
    """An agent's free times on one day as radio buttons styled as buttons.

    Usage, inside a form::

        {% load slot_picker %}
        {% slot_picker agent=agent name="start" day=day %}

    Arguments (all but `agent` optional):

    - `agent`: the Agent whose free slots are offered (availability engine: working hours,
      notice, horizon, duration, buffers, busy time of all the owner's calendars).
    - `name` ("start"): the radio inputs' name. Each value is the slot's start as an ISO 8601
      string with its UTC offset (what `appointment_book` and the API take); the visible label is
      the time of day ("10:00 AM" or "10:00", the clock style of the manager's country, see
      core.clock). The chosen day is also sent, as `<name>_day` (YYYY-MM-DD).
    - `day` (today): a date or "YYYY-MM-DD"; the heading shows it in words ("Tue, Dec 3" or "Tue 3 Dec").
    - `selected` (""): the ISO value to show as chosen (a form shown again after an error).
    - `tz` (the agent's timezone): the zone for the day's bounds and the times shown.
    - `day_url` (the signed-in endpoint `calendars:slots`): where htmx fetches the picker for
      another day. It is called with `?day=YYYY-MM-DD&name=<name>` (plus `selected`, `tz` when
      given, and `agent=<id>` for the default endpoint) and must answer the picker's HTML, e.g.
      by rendering `calendars/_slot_picker.html` with `slot_picker_context(...)`. A page without
      a signed-in user (a renter's) passes its own URL here.
    - `page_url` (none): a full page to link the previous/next day to for browsers without
      JavaScript; `day=YYYY-MM-DD` is added to its query. Without it the links go to `day_url`.
    - `user` (the agent's owner): whose calendars are read; it must own the agent.
    - `slot_day` (none): an already read `calendars.slots.SlotDay`, so it is not read twice.

    A page without a signed-in manager (a renter's) passes `style` to `slot_picker_context`:
    `core.clock.clock_style(<the agent's zone>)`.
    """
    return slot_picker_context(
        agent=agent,
        name=name,
        day=day,
        selected=selected,
        tz=tz,
        day_url=day_url,
        page_url=page_url,
        user=user,
        slot_day=slot_day,
    )
