"""What `make bench` measures. Each scenario returns Measures (latencies) or Rates (throughput)."""

import dataclasses
import http.client
import json
import re
import threading
import time
from dataclasses import dataclass

from .stats import Measure

CONCURRENCY = 8
WARM_UP = 20
_SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")


@dataclass
class Context:
    port: int
    user: object
    agent: object
    cookie: str
    requests: int
    extra_user: object = None
    google_fake: object = None


def http_measure(ctx, name, method, path_or_factory, *, body=None, headers=None, note="", expect=200, first=0):
    """Send `ctx.requests` requests from CONCURRENCY clients; collect the server time of each.

    Path and body may be functions of the request number; warm-up requests get numbers of
    their own, so requests that must differ (tool call ids, slots, windows) never repeat.
    """
    timings, failures = [], []
    lock = threading.Lock()
    counter = iter(range(first, first + ctx.requests))

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", ctx.port, timeout=30)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = path_or_factory(n) if callable(path_or_factory) else path_or_factory
            payload = body(n) if callable(body) else body
            conn.request(
                method,
                path,
                body=json.dumps(payload) if payload is not None else None,
                headers={"Cookie": f"sessionid={ctx.cookie}", "Content-Type": "application/json", **(headers or {})},
            )
            response = conn.getresponse()
            response.read()
            match = _SERVER_TIMING.search(response.getheader("Server-Timing") or "")
            with lock:
                if response.status != expect:
                    failures.append(response.status)
                elif match:
                    timings.append(float(match.group(1)) / 1000)
        conn.close()

    # Warm up every worker and cache before measuring.
    warm = dataclasses.replace(ctx, requests=WARM_UP)
    if first == 0:
        http_measure(warm, name, method, path_or_factory, body=body, headers=headers, expect=expect, first=ctx.requests)
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{name}: {len(failures)} answers were not {expect}: {sorted(set(failures))}")
    return Measure(name=name, seconds=timings, note=note)


def count_queries(method, path, *, user, body=None, headers=None):
    """Queries Django runs for one request, counted in-process against the same database.

    `body` may be a function of the attempt (0: warm-up, 1: counted), so that requests which
    must differ (a fresh tool call id, another slot) do.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:  # None: a caller without a session, as VAPI is
        client.force_login(user)
    call = getattr(client, method.lower())

    def send(attempt):
        payload = body(attempt) if callable(body) else body
        kwargs = {"data": json.dumps(payload), "content_type": "application/json"} if payload is not None else {}
        return call(path, **kwargs, **(headers or {}))

    send(0)  # warm caches the way the server's are
    with CaptureQueriesContext(connection) as queries:
        send(1)
    statements = [query["sql"] for query in queries.captured_queries]
    bookkeeping = sum(1 for sql in statements if sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")))
    work = len(statements) - bookkeeping
    return f"{work} (+{bookkeeping} savepoint)" if bookkeeping else str(work)


def in_process_measure(name, function, *, repeat=200, note=""):
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return Measure(name=name, seconds=seconds, note=note)


RENTALS_QUERY = "/api/rentals?max_price=2500&min_bedrooms=2&city=Austin&status=available&ordering=price"


def rentals_plan(user):
    from rentals.models import Rental

    queryset = (
        Rental.objects.for_user(user)
        .filter(price__lte=2500, bedrooms__gte=2, city__iexact="Austin", status="available")
        .order_by("price")[:50]
    )
    return queryset.explain()


def run_all(ctx):
    measures, rates, notes = [], [], []
    floor = http_measure(ctx, "process floor: /healthz (no database, no DRF)", "GET", "/healthz")
    floor.queries = "0"
    measures.append(floor)
    trivial = http_measure(
        ctx,
        "trivial JSON view: GET /api/users/me",
        "GET",
        "/api/users/me",
        note="same stack as the API: session, DRF, one user row",
    )
    trivial.queries = count_queries("GET", "/api/users/me", user=ctx.user)
    measures.append(trivial)

    rentals = http_measure(
        ctx,
        "GET /api/rentals with filters",
        "GET",
        RENTALS_QUERY,
        note="max_price, min_bedrooms, city, status, ordering",
    )
    rentals.queries = count_queries("GET", RENTALS_QUERY, user=ctx.user)
    measures.append(rentals)

    stats = http_measure(ctx, "GET /api/dashboard/stats", "GET", "/api/dashboard/stats")
    stats.queries = count_queries("GET", "/api/dashboard/stats", user=ctx.user)
    measures.append(stats)

    from . import scraping, tools

    measures += tools.run(ctx, ctx.google_fake)
    measures += tools.events_measures(ctx, ctx.google_fake)
    measures.append(tools.engine_measure())
    rates += scraping.parse_rates()
    rates.append(scraping.crawl_rate())
    notes += scraping.corpus_lines()

    plan = rentals_plan(ctx.user)
    notes += ["Plan of the filtered rentals query (PostgreSQL EXPLAIN):", "", "```", plan, "```"]
    return measures, rates, notes
