"""No 500 for any input, on the pages.

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
back after it, so every example meets the same objects (the `world` fixture, in conftest.py).

The try-a-tool panel and the VAPI webhook are fuzzed in test_fuzz_vapi.py, the Clerk webhook in
test_fuzz_clerk.py, and the API from its schema in test_fuzz_api.py.
"""

import pytest
from django.urls import resolve, reverse

from testsupport.routes import html_pages

from .form_reader_support import page_targets, view_name
from .fuzz_support import filled, fuzz, short

pytestmark = pytest.mark.django_db

# Pages whose answer to a POST is the form again when they refuse it (and only then).
FORM_PAGES = {
    "account",
    "login",
    "agents:new",
    "agents:edit",
    "rentals:new",
    "rentals:edit",
    "rentals:source-new",
    "rentals:source-edit",
    "rentals:source-preview",
    "calendars:book",
}
EXAMPLES_PER_FORM = 15
EXAMPLES_PER_PAGE = 4
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
    findings += fuzz(
        f"POST {url}", client, "post", url, {}, examples=EXAMPLES_PER_PAGE, form_page=page.name in FORM_PAGES
    )
    for target in targets:
        seen = (target.method, view_name(target.url), tuple(sorted(target.fields)))
        if seen in FUZZED:
            continue  # reached from another page already (the sign-out button of every page)
        FUZZED.add(seen)
        defaults = filled(target.fields, world.fills)
        findings += fuzz(
            str(target),
            client,
            target.method,
            target.url,
            defaults,
            kinds=target.kinds,
            examples=EXAMPLES_PER_FORM if defaults else EXAMPLES_PER_PAGE,
            form_page=view_name(target.url) in FORM_PAGES,
        )
    assert not findings, "\n".join(str(finding) for finding in findings)
    assert world.manager.get("/account/").status_code == 200, "the fuzzing lost the manager's session"


def test_the_fuzzing_reaches_every_kind_of_form_on_the_site(world):
    """The page walk finds the forms it is meant to fuzz (a template change cannot hide one)."""
    found = set()
    for page in PAGES:
        client = world.client_for(page.name)
        url = page.url(world.objects)
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found |= {
                (target.method, view_name(target.url))
                for target in page_targets(url, response.content.decode())
                if target.fields
            }
    expected = {
        ("post", "account"),
        ("post", "login"),
        ("post", "agents:new"),
        ("post", "agents:edit"),
        ("post", "voice:agent-try"),
        ("get", "voice:agent-try-fields"),
        ("post", "rentals:new"),
        ("post", "rentals:edit"),
        ("post", "rentals:source-new"),
        ("post", "rentals:source-edit"),
        ("post", "rentals:source-preview"),
        ("get", "rentals:list"),
        ("get", "voice:call-list"),
        ("post", "calendars:book"),
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
