"""No 500 for any input, on the pages and the webhooks.

Every page of the URL configuration (testsupport.routes) is fetched as a signed-in manager;
every form it shows, every htmx request it makes and every link with a query string (filters,
sorting, pages) is then sent back as a browser would send it, with a few fields swapped for
hostile values: huge numbers, far dates, 10,000 characters, NUL bytes, lone surrogates and
bytes that are not UTF-8, empty strings, a field sent twice or as a file, a field left out, a
body of the wrong content type. Each page is also sent unknown parameters, and each id in a
page's URL is swapped for numbers no table holds. The forms are read from the pages, so a form
added tomorrow is fuzzed tomorrow.

What must hold: no answer is a 5xx; a GET changes nothing in the database, and neither does a
form page that answers with the form again (refused). Each example runs in a savepoint rolled
back after it, so every example meets the same objects.

The Clerk and VAPI webhooks are fuzzed with ids longer than the database holds; the API is
fuzzed from its schema in test_fuzz_api.py.
"""
import copy
import json
import re
import zlib
import zoneinfo
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_from_bytes, urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.models import ProcessedWebhook, User
from agents.models import Agent
from agents.tests.factories import AgentFactory
from agents.tools import TOOL_SPECS as TOOLS
from calendars.models import Appointment, CalendarConnection
from calendars.selectors import agent_free_slots
from calendars.tests.conftest import calendar_settings, google  # noqa: F401  (fixtures)
from calendars.tests.factories import AppointmentFactory
from calendars.tests.flows import connect
from rentals.models import Rental, RentalSource, ScrapeRun
from rentals.tests.factories import RentalFactory, RentalSourceFactory, ScrapeRunFactory
from testsupport.clients import signed_in
from testsupport.fakes.clerk import TEST_WEBHOOK_SECRET, clerk_event, clerk_user_payload, svix_headers
from testsupport.routes import PUBLIC_PAGES, html_pages
from voice.models import Call
from voice.tests.factories import CallFactory, ToolInvocationFactory
from voice.tests.payloads import WEBHOOK, assistant_request, end_of_call_report, status_update, tool_calls

pytestmark = pytest.mark.django_db

# Hostile values ------------------------------------------------------------------------------

HUGE_NUMBERS = [
    "1" + "0" * 30, "-1" + "0" * 30, "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649",
    "1e400", "-1e400", "1e-400", "NaN", "-nan", "Infinity", "-Infinity", "inf", "9" * 400, "0x1F", "1_000",
    "١٢٣", "１２３",  # digits Python's int() reads: Arabic-Indic and full-width
    "0.1", "-0", "1.5e3", "12abc",
]
FAR_DATES = [
    "9999-12-31", "0001-01-01", "10000-01-01", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
    "9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31 23:59:59.999999", "0000-00-00", "2026-02-30",
    "2026-13-01", "-0001-01-01", "+10000-01-01", "99999-01-01", "24:00", "23:59:60", "99:99", "2026-05-04T25:00",
]
ODD_TEXT = [
    "", " ", "\x00", "a\x00b", "x" * 10_000, "\ud800", "a\udfffb", "\ufeff", "\u202eevil", "😀" * 300,
    "\r\n", "\t", "<script>alert(1)</script>", "' OR '1'='1", "%", "%00", "../../etc/passwd", "null", "true",
    "[]", "{}", "{{ request }}", "ß" * 300, "+1" + "5" * 40, "a" * 300 + "@example.com",
]
NOT_UTF8 = [b"\xff", b"\xc0\x80", b"caf\xe9", b"\xed\xa0\x80"]


@dataclass(frozen=True)
class Upload:
    """A file sent where a text field is expected."""

    name: str = "rentals.csv"
    content: bytes = b"title,price\nFuzz flat,1850\n"


# The far ends of the world's offsets (+14:00, -12:00), a quarter-hour one and a DST one.
ZONES = [zoneinfo.ZoneInfo(name) for name in ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu",
                                               "America/Chicago")]
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # lone surrogates included
SCALARS = st.one_of(
    st.sampled_from([*HUGE_NUMBERS, *FAR_DATES, *ODD_TEXT, *NOT_UTF8, Upload()]),
    st.sampled_from([*HUGE_NUMBERS, *FAR_DATES]),
    ANY_TEXT,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats().map(str),
    st.datetimes(timezones=st.none() | st.sampled_from(ZONES)).map(lambda moment: moment.isoformat()),
)
# A field sent once, or several times (a list where one value is expected).
VALUES = st.one_of(SCALARS, SCALARS, st.lists(SCALARS, min_size=2, max_size=3))
# Parameters pages read that their forms do not show.
EXTRA_NAMES = ["page", "next", "tool", "ordering", "connected", "error", "q", "pk", "id", "user", "user_id"]


def short(value):
    """A value as the failure report shows it: `'x' * 10000`, not ten thousand x's."""
    if isinstance(value, list):
        return "[" + ", ".join(short(item) for item in value) + "]"
    if isinstance(value, str | bytes) and len(value) > 40:
        if len(set(value)) == 1:
            return f"{value[:1]!r} * {len(value)}"
        return f"{value[:30]!r}... ({len(value)} long)"
    return repr(value)


# Requests as a browser (or a script) sends them ------------------------------------------------


def _as_bytes(value):
    if isinstance(value, Upload):
        return value.name.encode()
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")  # a lone surrogate goes out as its (invalid) bytes


def _pairs(data):
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            yield name, value


def urlencoded(data):
    """The application/x-www-form-urlencoded form of `data`, encoded by hand: Django's test client
    refuses to send a lone surrogate or bytes that are not UTF-8, a browser or a script does not."""
    return "&".join(f"{quote_from_bytes(_as_bytes(name))}={quote_from_bytes(_as_bytes(value))}"
                    for name, value in _pairs(data))


BOUNDARY = "FuzzBoundary7MA4YWxkTrZu0gW"


def multipart(data):
    parts = []
    for name, value in _pairs(data):
        disposition = b'Content-Disposition: form-data; name="' + _as_bytes(name) + b'"'
        if isinstance(value, Upload):
            disposition += b'; filename="' + value.name.encode() + b'"\r\nContent-Type: text/csv'
            body = value.content
        else:
            body = _as_bytes(value)
        parts.append(b"--" + BOUNDARY.encode() + b"\r\n" + disposition + b"\r\n\r\n" + body + b"\r\n")
    return b"".join(parts) + b"--" + BOUNDARY.encode() + b"--\r\n"


def as_json(data):
    def plain(value):
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, Upload):
            return value.name
        return value.decode("latin-1") if isinstance(value, bytes) else value

    return json.dumps({str(name): plain(value) for name, value in data.items()})


@dataclass(frozen=True)
class Submission:
    data: dict
    encoding: str = "urlencoded"
    htmx: bool = False

    def __str__(self):
        fields = ", ".join(f"{short(name)}: {short(value)}" for name, value in self.data.items())
        return f"{{{fields}}} as {self.encoding}{' (htmx)' if self.htmx else ''}"


def send(client, method, url, submission):
    headers = {"HX-Request": "true"} if submission.htmx else {}
    if method == "get":
        query = urlencoded(submission.data)
        return client.get(f"{url}{'&' if '?' in url else '?'}{query}" if query else url, headers=headers)
    if submission.encoding == "multipart":
        body, content_type = multipart(submission.data), f"multipart/form-data; boundary={BOUNDARY}"
    elif submission.encoding == "json":
        body, content_type = as_json(submission.data), "application/json"
    else:
        body, content_type = urlencoded(submission.data), "application/x-www-form-urlencoded"
    return client.post(url, data=body, content_type=content_type, headers=headers)


@st.composite
def submissions(draw, defaults, *, encodings=("urlencoded", "urlencoded", "multipart", "json")):
    """The form as the page shows it, with one to three fields changed or added and maybe some left out."""
    names = [*sorted(defaults), *EXTRA_NAMES]
    changed = draw(st.dictionaries(st.sampled_from(names) | ANY_TEXT, VALUES, min_size=1, max_size=3))
    left_out = draw(st.sets(st.sampled_from(sorted(defaults)), max_size=2)) if defaults else set()
    data = {name: value for name, value in defaults.items() if name not in left_out}
    data.update(changed)
    return Submission(data, draw(st.sampled_from(encodings)), draw(st.booleans()))


# The forms, htmx requests and links of a page ------------------------------------------------


@dataclass
class Target:
    """Somewhere a page sends the browser with values: a form, an htmx request or a link."""

    method: str
    url: str
    fields: dict = field(default_factory=dict)  # name: the value a browser sends unchanged
    kinds: dict = field(default_factory=dict)  # name: its input type ("number", "date", "select", ...)

    def __str__(self):
        return f"{self.method.upper()} {self.url}"


class FormReader(HTMLParser):
    """Every form of a page with the values a browser would send unchanged, every htmx request
    (with the values of the form it sits in) and every same-site link with a query string."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.targets = []
        self._form = None
        self._inside_form = []  # htmx targets waiting for their form's fields
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = Target(method, attrs.get("action") or self.page_url)
            self.targets.append(self._form)
        elif tag == "input" and name and self._form is not None:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                self._form.kinds[name] = kind
                if "checked" in attrs:
                    self._form.fields[name] = attrs.get("value") or "on"
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._form.kinds[name] = kind
                self._form.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            href = attrs["href"]
            if href.startswith("?"):
                href = urlsplit(self.page_url).path + href
            if href.startswith("/"):
                split = urlsplit(href)
                self.targets.append(Target("get", split.path, dict(parse_qsl(split.query, keep_blank_values=True))))
        for method in ("get", "post"):
            url = attrs.get(f"hx-{method}")
            if url:
                target = Target(method, url, {name: ""} if name else {})
                self.targets.append(target)
                if self._form is not None:
                    self._inside_form.append(target)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select = self._select
            value = select["selected"] if select["selected"] is not None else select["first"]
            if self._form is not None and value is not None:
                self._form.fields[select["name"]] = value
                self._form.kinds[select["name"]] = "select"
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields[self._textarea[0]] = self._textarea[1].removeprefix("\n")
                self._form.kinds[self._textarea[0]] = "textarea"
            self._textarea = None
        elif tag == "form" and self._form is not None:
            for target in self._inside_form:
                target.fields = {**self._form.fields, **target.fields}
                target.kinds = {**self._form.kinds, **target.kinds}
            self._form, self._inside_form = None, []


def page_targets(url, html):
    """The page's targets, one per method and path: a filter form and the sorting and paging links
    beside it are one target with all their parameters."""
    reader = FormReader(url)
    reader.feed(html)
    merged = {}
    for target in reader.targets:
        target.fields.pop("csrfmiddlewaretoken", None)
        key = (target.method, urlsplit(target.url).path)
        if key in merged:
            merged[key].fields = {**target.fields, **merged[key].fields}
            merged[key].kinds = {**target.kinds, **merged[key].kinds}
        else:
            merged[key] = target
    return list(merged.values())


# The manager's world -------------------------------------------------------------------------

DATA_APPS = ["accounts", "agents", "rentals", "calendars", "voice"]
# Pages whose answer to a POST is the form again when they refuse it (and only then).
FORM_PAGES = {
    "account", "login", "agents:new", "agents:edit", "rentals:new", "rentals:edit", "rentals:source-new",
    "rentals:source-edit", "rentals:source-preview", "calendars:book",
}
LISTING_PAGE = """<html><body>
<div class="listing" data-id="fz-1"><h2>Fuzz flat</h2><span class="rent">$1,850/mo</span>
<span class="beds">2 bd</span><a href="/listings/fz-1">Details</a></div>
<div class="listing" data-id="fz-2"><h2>Fuzz loft</h2><span class="rent">$2,100/mo</span>
<span class="beds">Studio</span><a href="/listings/fz-2">Details</a></div>
</body></html>"""
EXAMPLES_PER_FORM = 15
EXAMPLES_PER_PAGE = 4
EXAMPLES_PER_TOOL = 10
NO_SHRINKING = [Phase.explicit, Phase.generate]  # a failing request is reported as found: shrinking costs minutes


def quote_name(table):
    return connection.ops.quote_name(table)


def database_digest():
    """A digest of every row of each table of the data apps, read in one query: {table: md5}."""
    tables = [model._meta.db_table for label in DATA_APPS for model in apps.get_app_config(label).get_models()]
    digests = ", ".join(
        f"(SELECT md5(coalesce(string_agg(row::text, ',' ORDER BY row::text), '')) FROM {quote_name(table)} row)"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {digests}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@dataclass
class World:
    user: object
    objects: dict  # {model: [objects]}, as testsupport.routes.Page.url reads it
    fills: dict  # a valid value for each required field a page shows blank
    manager: Client
    visitor: Client

    def client_for(self, page_name):
        return self.visitor if page_name in PUBLIC_PAGES else self.manager


@pytest.fixture
def world(user, settings, httpserver, google):  # noqa: F811
    settings.VAPI_API_KEY = ""  # agents stay local: no request leaves for VAPI
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True  # sources read the listing site on loopback
    settings.SCRAPER_POLITENESS_DELAY_SECONDS = 0
    settings.SCRAPER_RETRY_BACKOFF_SECONDS = 0
    settings.AXES_FAILURE_LIMIT = 1  # every refused sign-in also meets the lockout answer
    httpserver.expect_request(re.compile(".*")).respond_with_data(LISTING_PAGE, content_type="text/html")
    agent = AgentFactory(user=user, agent_name="Fuzz line", vapi_assistant_id="asst-fuzz-pages")
    source = RentalSourceFactory(user=user, name="Fuzz site", website_url=httpserver.url_for("/listings"))
    rental = RentalFactory(user=user, source=source, title="Fuzz flat")
    run = ScrapeRunFactory(source=source, status=ScrapeRun.Status.FAILED, error="The site answered 500.")
    # Google's calendar on loopback: the pages read its events and busy times as they would Google's.
    connection = connect(signed_in(user), google, "google", email="fuzz@example.com")
    appointment = AppointmentFactory(user=user, agent=agent, rental=rental, start=timezone.now() + timedelta(days=1))
    phone_call = CallFactory(agent=agent, summary="Asked about the Fuzz flat.")
    ToolInvocationFactory(call=phone_call)
    slot = timezone.localtime(agent_free_slots(user=user, agent=agent).slots[0].start, zoneinfo.ZoneInfo(user.timezone))
    fills = {
        "agent_name": "Fuzz line two", "title": "Fuzz cottage", "price": "1850", "website_url": source.website_url,
        "agent": str(agent.pk), "start": slot.strftime("%Y-%m-%dT%H:%M"),
        "attendee_name": "Fuzz Renter", "username": user.email, "password": "not the password",
    }
    objects = {Agent: [agent], RentalSource: [source], Rental: [rental], ScrapeRun: [run],
               CalendarConnection: [connection], Appointment: [appointment], Call: [phone_call]}
    manager, visitor = signed_in(user, Client), Client()
    # A 5xx is answered and reported with its cause, not raised into the test.
    manager.raise_request_exception = visitor.raise_request_exception = False
    return World(user, objects, fills, manager, visitor)


def filled(defaults, fills):
    return {name: fills.get(name, value) if value == "" else value for name, value in defaults.items()}


def cause(response):
    """The exception behind a 5xx, in one line."""
    if not response.exc_info:
        return ""
    error = response.exc_info[1]
    return f"{type(error).__name__}: {(str(error).strip().splitlines() or [''])[0][:160]}"


@dataclass
class Finding:
    target: str
    submission: Submission
    problem: str

    def __str__(self):
        return f"{self.target} {self.submission}: {self.problem}"


def checked_send(client, method, url, submission, *, form_page):
    """Sends in a savepoint rolled back after it; returns what went wrong (a 5xx, a GET or a refused
    form that wrote), or None."""
    watched = method == "get" or form_page
    cookies = copy.deepcopy(client.cookies)  # signing out or in lasts one example too
    with transaction.atomic():
        before = database_digest() if watched else None
        response = send(client, method, url, submission)
        # A GET reads; a form page answering with the form again (200, not a redirect) refused.
        must_not_write = watched and (method == "get" or response.status_code == 200)
        after = database_digest() if must_not_write and response.status_code < 500 else before
        transaction.set_rollback(True)
    client.cookies = cookies
    if response.status_code >= 500:
        return f"answered {response.status_code} {cause(response)}".rstrip()
    if after != before:
        changed = sorted(table for table in before if before[table] != after[table])
        return f"answered {response.status_code} and changed {', '.join(changed)}"
    return None


# The values every field meets for sure (the others it may meet at random): the worst for its
# input type, or for what its name says it holds when the page shows a plain text box.
SWEEP_BY_KIND = {
    "number": ["1" + "0" * 30],
    "date": ["9999-12-31", "0001-01-01"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "time": ["24:00"],
    "email": ["a" * 300 + "@example.com"],
    "select": ["1" + "0" * 30],
}
SWEEP_BY_NAME = [
    (re.compile(r"date|start|end|_by$"), ["9999-12-31T23:59:59+14:00", "0001-01-01"]),
    (re.compile(r"price|minutes|days|bed|bath|square|limit|page|_id$|^id$|phone|number"), ["9223372036854775808"]),
]
SWEEP_TEXT = ["x" * 10_000]
# And once, in every field at the same time.
SWEEP_EVERYWHERE = ["\x00", "\ud800"]


# The seven days of a week editor are one family of fields: Monday's stand for the others.
WEEKDAY_PREFIX = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)_")


def sweep(defaults, kinds):
    """One submission per field and hostile value, the other fields as the page shows them; then
    each of SWEEP_EVERYWHERE in every field."""
    families = {}
    for name in sorted(defaults):
        families.setdefault((WEEKDAY_PREFIX.sub("day_", name), kinds.get(name)), name)
    for name in sorted(families.values()):
        values = SWEEP_BY_KIND.get(kinds.get(name))
        if values is None:
            values = next((hinted for pattern, hinted in SWEEP_BY_NAME if pattern.search(name)), SWEEP_TEXT)
        for value in values:
            yield Submission({**defaults, name: value})
    if defaults:
        for value in SWEEP_EVERYWHERE:
            yield Submission(dict.fromkeys(defaults, value))


def fuzz(target_label, client, method, url, defaults, *, examples, kinds=None, form_page=False):
    """Every field meets its sweep values, then `examples` generated submissions. Returns the findings:
    each failing sweep value, and the first failing generated submission (Hypothesis stops there)."""
    findings = []
    for submission in sweep(defaults, kinds or {}):
        problem = checked_send(client, method, url, submission, form_page=form_page)
        if problem:
            findings.append(Finding(target_label, submission, problem))

    @seed(zlib.crc32(re.sub(r"\d+", "N", target_label).encode()))  # the same examples every run
    @hypothesis_settings(max_examples=examples, deadline=None, database=None, phases=NO_SHRINKING,
                         suppress_health_check=list(HealthCheck))
    @given(submission=submissions(defaults))
    def generated(submission):
        problem = checked_send(client, method, url, submission, form_page=form_page)
        if problem:
            findings.append(Finding(target_label, submission, problem))
            raise AssertionError(problem)

    try:
        generated()
    except AssertionError:
        pass
    return findings


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


PAGES = html_pages()
# Targets fuzzed in this session, by method, view and field names.
FUZZED = set()


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_every_form_filter_and_link_of_the_page_answers_hostile_input_without_a_server_error(world, page):
    client = world.client_for(page.name)
    url = page.url(world.objects)
    response = client.get(url)
    assert response.status_code < 500, f"GET {url} answered {response.status_code}"
    is_html = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
    targets = page_targets(url, response.content.decode()) if is_html else []

    # The page itself, sent parameters it may not expect, by GET and POST.
    findings = fuzz(f"GET {url}", client, "get", url, {}, examples=EXAMPLES_PER_PAGE)
    findings += fuzz(f"POST {url}", client, "post", url, {}, examples=EXAMPLES_PER_PAGE,
                     form_page=page.name in FORM_PAGES)
    for target in targets:
        seen = (target.method, view_name(target.url), tuple(sorted(target.fields)))
        if seen in FUZZED:
            continue  # reached from another page already (the sign-out button of every page)
        FUZZED.add(seen)
        defaults = filled(target.fields, world.fills)
        findings += fuzz(str(target), client, target.method, target.url, defaults, kinds=target.kinds,
                         examples=EXAMPLES_PER_FORM if defaults else EXAMPLES_PER_PAGE,
                         form_page=view_name(target.url) in FORM_PAGES)
    assert not findings, "\n".join(str(finding) for finding in findings)
    assert world.manager.get("/account/").status_code == 200, "the fuzzing lost the manager's session"


@pytest.mark.parametrize("tool", TOOLS)
def test_the_try_panel_runs_each_tool_on_hostile_arguments_without_a_server_error(world, tool):
    """The panel on the agent page shows the first tool's arguments; each tool's own are here."""
    agent = world.objects[Agent][0]
    fields_url = reverse("voice:agent-try-fields", kwargs={"pk": agent.pk})
    fragment = world.manager.get(fields_url, {"tool": tool}).content.decode()
    try_url = reverse("voice:agent-try", kwargs={"pk": agent.pk})
    [target] = page_targets(try_url, f'<form method="post" action="{try_url}">{fragment}</form>')
    assert target.fields, f"no argument fields for {tool}"
    findings = fuzz(f"POST {try_url} ({tool})", world.manager, "post", try_url, {"tool": tool, **target.fields},
                    kinds=target.kinds, examples=EXAMPLES_PER_TOOL)
    assert not findings, "\n".join(str(finding) for finding in findings)


def test_the_fuzzing_reaches_every_kind_of_form_on_the_site(world):
    """The page walk finds the forms it is meant to fuzz (a template change cannot hide one)."""
    found = set()
    for page in PAGES:
        client = world.client_for(page.name)
        url = page.url(world.objects)
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found |= {(target.method, view_name(target.url)) for target in page_targets(url, response.content.decode())
                      if target.fields}
    expected = {
        ("post", "account"), ("post", "login"), ("post", "agents:new"), ("post", "agents:edit"),
        ("post", "voice:agent-try"), ("get", "voice:agent-try-fields"), ("post", "rentals:new"), ("post", "rentals:edit"),
        ("post", "rentals:source-new"), ("post", "rentals:source-edit"), ("post", "rentals:source-preview"),
        ("get", "rentals:list"), ("get", "voice:call-list"), ("post", "calendars:book"),
    }
    assert expected <= found, f"not found on any page: {sorted(expected - found)}"


# Ids in the URL that no table holds --------------------------------------------------------

NUMBER_IDS = ["0", "2147483648", "9223372036854775807", "9223372036854775808", "1" + "0" * 30, "9" * 400]
TEXT_IDS = ["", "x" * 10_000, "%00", "%ED%A0%80", "%FF", "..", "%2E%2E%2F", "😀", "9999-12-31"]
PAGES_WITH_IDS = [page for page in PAGES if page.arguments]
PLACEHOLDERS = {int: 987654321, str: "fuzzplaceholder"}


@pytest.mark.parametrize("page", PAGES_WITH_IDS, ids=[page.name for page in PAGES_WITH_IDS])
def test_ids_no_table_holds_in_a_page_url_are_not_found_not_a_server_error(world, page):
    client = world.client_for(page.name)
    real = resolve(page.url(world.objects)).kwargs
    problems = []
    for argument in page.arguments:
        number = isinstance(real[argument], int)
        placeholder = PLACEHOLDERS[int if number else str]
        template = reverse(page.name, kwargs={**real, argument: placeholder})
        for value in NUMBER_IDS if number else TEXT_IDS + NUMBER_IDS:
            path = template.replace(str(placeholder), value)
            for method in ("get", "post"):
                status = getattr(client, method)(path).status_code
                if status >= 500 or (number and status not in (404, 405)):
                    problems.append(f"{method.upper()} {short(path)} answered {status}")
    assert not problems, "\n".join(problems)


# Webhooks with ids longer than the database holds -------------------------------------------

CLERK_WEBHOOK = "/api/webhooks/clerk"
# Around each column's limit: clerk_user_id 64, email 254, name 150, svix id 128.
ID_LENGTHS = st.sampled_from([1, 63, 64, 65, 100, 128, 129, 300])


def long_text(length):
    return ("user_" + "x" * length)[:length]


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
    svix_id = ("msg_" + "s" * 300)[:draw(st.sampled_from([10, 128, 129, 300]))]
    return kind, data, svix_id


@hypothesis_settings(max_examples=40, deadline=None, derandomize=True, database=None, phases=NO_SHRINKING,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delivery=clerk_deliveries())
def test_clerk_webhook_with_ids_longer_than_the_database_holds_is_refused_cleanly(settings, db, delivery):
    settings.CLERK_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    kind, data, svix_id = delivery
    body = json.dumps(clerk_event(kind, data))
    before = (list(User.objects.order_by("pk").values()), ProcessedWebhook.objects.count())
    with transaction.atomic():
        response = Client(raise_request_exception=False).post(CLERK_WEBHOOK, data=body, content_type="application/json",
                                 **svix_headers(body, msg_id=svix_id))
        after = (list(User.objects.order_by("pk").values()), ProcessedWebhook.objects.count())
        transaction.set_rollback(True)
    lengths = f"{kind}: data.id {len(data['id'])}, svix-id {len(svix_id)}" + (
        f", email {len(data['email_addresses'][1]['email_address'])}, first_name {len(data['first_name'])}"
        if kind != "user.deleted" else "")
    assert response.status_code < 500, f"{lengths} answered {response.status_code} {cause(response)}"
    assert response.status_code in (200, 400), f"{lengths} answered {response.status_code}"
    if response.status_code == 400:
        assert after == before, f"{lengths} was refused but changed the database"


@st.composite
def vapi_messages(draw, assistant_id):
    call_id = long_text(draw(ID_LENGTHS))
    customer = "+1" + "5" * draw(st.sampled_from([10, 30, 31, 60, 300]))
    kind = draw(st.sampled_from(["tool-calls", "status-update", "end-of-call-report", "assistant-request"]))
    if kind == "tool-calls":
        tool_call_id = long_text(draw(ID_LENGTHS))
        name, arguments = draw(st.sampled_from([
            ("search_rentals", {"city": "Austin"}),
            ("book_appointment", {"start": "2026-05-04T10:00:00-05:00", "attendee_name": "R" * 300,
                                  "attendee_phone": customer}),
            ("cancel_appointment", {"attendee_phone": customer}),
        ]))
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


@hypothesis_settings(max_examples=40, deadline=None, derandomize=True, database=None, phases=NO_SHRINKING,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_vapi_webhook_with_ids_longer_than_the_database_holds_answers_without_a_server_error(user, settings, data):
    settings.VAPI_API_KEY = ""
    settings.VAPI_WEBHOOK_SECRET = "platform-secret-for-fuzz"
    with transaction.atomic():
        agent = AgentFactory(user=user, vapi_assistant_id="asst-fuzz-webhook", phone_number="")
        payload = data.draw(vapi_messages(agent.vapi_assistant_id))
        message = payload["message"]
        secret = "platform-secret-for-fuzz" if message["type"] == "assistant-request" else agent.webhook_secret
        response = APIClient(raise_request_exception=False).post(
            WEBHOOK, data=json.dumps(payload), content_type="application/json", HTTP_X_VAPI_SECRET=secret
        )
        transaction.set_rollback(True)
    call = message.get("call", {})
    described = (f"{message['type']}: call.id {len(call.get('id', ''))}, assistantId {len(call.get('assistantId', ''))}"
                 f", customer.number {len(message.get('customer', {}).get('number', ''))}")
    if message["type"] == "tool-calls":
        described += f", toolCall id {len(message['toolCallList'][0]['id'])}"
    assert response.status_code < 500, f"{described} answered {response.status_code} {cause(response)}"
