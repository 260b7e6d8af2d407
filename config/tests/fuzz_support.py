"""Fuzzing kit for the page and webhook fuzz tests: hostile values, requests sent as a browser or
a script would send them (urlencoded, multipart or JSON, encoded by hand), and `fuzz`, which
sends a form's sweep values and then generated submissions, each in a savepoint rolled back
after it, and reports every 5xx and every refused request that wrote.
"""

import copy
import json
import re
import zlib
import zoneinfo
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# Hostile values ------------------------------------------------------------------------------

HUGE_NUMBERS = [
    "1" + "0" * 30,
    "-1" + "0" * 30,
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "-2147483649",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "-nan",
    "Infinity",
    "-Infinity",
    "inf",
    "9" * 400,
    "0x1F",
    "1_000",
    "١٢٣",
    "１２３",  # digits Python's int() reads: Arabic-Indic and full-width
    "0.1",
    "-0",
    "1.5e3",
    "12abc",
]
FAR_DATES = [
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "9999-12-31 23:59:59.999999",
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "-0001-01-01",
    "+10000-01-01",
    "99999-01-01",
    "24:00",
    "23:59:60",
    "99:99",
    "2026-05-04T25:00",
]
ODD_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 10_000,
    "\ud800",
    "a\udfffb",
    "\ufeff",
    "\u202eevil",
    "😀" * 300,
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%",
    "%00",
    "../../etc/passwd",
    "null",
    "true",
    "[]",
    "{}",
    "{{ request }}",
    "ß" * 300,
    "+1" + "5" * 40,
    "a" * 300 + "@example.com",
]
NOT_UTF8 = [b"\xff", b"\xc0\x80", b"caf\xe9", b"\xed\xa0\x80"]


@dataclass(frozen=True)
class Upload:
    """A file sent where a text field is expected."""

    name: str = "rentals.csv"
    content: bytes = b"title,price\nFuzz flat,1850\n"


# The far ends of the world's offsets (+14:00, -12:00), a quarter-hour one and a DST one.
ZONES = [
    zoneinfo.ZoneInfo(name) for name in ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu", "America/Chicago")
]
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
    return "&".join(
        f"{quote_from_bytes(_as_bytes(name))}={quote_from_bytes(_as_bytes(value))}" for name, value in _pairs(data)
    )


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


# Sending, in a savepoint, and checking what changed ----------------------------------------

# The apps whose tables a GET or a refused form must leave as they were.
DATA_APPS = ["accounts", "agents", "rentals", "calendars", "voice"]
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
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=NO_SHRINKING,
        suppress_health_check=list(HealthCheck),
    )
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


# Ids longer than the database holds, for the webhooks ----------------------------------------

# Around each column's limit: clerk_user_id 64, email 254, name 150, svix id 128.
ID_LENGTHS = st.sampled_from([1, 63, 64, 65, 100, 128, 129, 300])


def long_text(length):
    return ("user_" + "x" * length)[:length]
