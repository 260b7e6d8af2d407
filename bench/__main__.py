"""`make bench`: LeaseLine's benchmark run. See bench/__init__.py."""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "leaseline_bench"


def bench_environment(port):
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leaseline")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-LeaseLine",
        "TOKEN_ENCRYPTION_KEYS": "3q2-7XvY5yU8tVZPKxzLrT1oQw9b0s4nHcJgDfAeMiE=",
        "DATABASE_URL": database_url.rsplit("/", 1)[0] + f"/{BENCH_DB}",
        "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/6",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "SCRAPER_ALLOW_PRIVATE_NETWORKS": "true",
        # The HTTP measures read the server's own time from this header.
        "SERVER_TIMING": "true",
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(database_url):
    import psycopg

    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rentals", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400, help="requests per HTTP measure")
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    args = parser.parse_args()

    from testsupport.fakes.calendar_provider import CLIENT_ID, CLIENT_SECRET
    from testsupport.fakes.google import FakeGoogle

    google_fake = FakeGoogle(page_size=250)
    env = bench_environment(args.port) | {
        "GOOGLE_CLIENT_ID": CLIENT_ID,
        "GOOGLE_CLIENT_SECRET": CLIENT_SECRET,
        "GOOGLE_TOKEN_URI": google_fake.token_uri,
        "GOOGLE_CALENDAR_API_URL": google_fake.calendar_api_url,
    }
    os.environ.update(env)
    print(f"Preparing database {BENCH_DB} ...", flush=True)
    recreate_database(env["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from django.core.cache import cache

    cache.clear()

    from . import data, report, scenarios

    started = time.monotonic()
    people, agents = data.load(rentals=args.rentals, calls=args.calls)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Loaded {args.rentals:,} rentals and {args.calls:,} calls for {len(people)} users "
        f"in {time.monotonic() - started:.1f}s",
        flush=True,
    )

    from testsupport.server import start_gunicorn, stop_gunicorn

    server = start_gunicorn(port=args.port, env={**os.environ, **env}, workers=2)
    try:
        context = scenarios.Context(
            port=args.port,
            user=people[0],
            agent=agents[people[0].pk][0],
            cookie=data.session_cookie(people[0]),
            requests=args.requests,
            extra_user=people[1],
            google_fake=google_fake,
        )
        measures, rates, notes = scenarios.run_all(context)
    finally:
        stop_gunicorn(server)
        google_fake.close()

    baseline = next(m for m in measures if m.name.startswith("trivial JSON view"))
    table = report.render(measures, rates, baseline, notes)
    from . import scale

    table += "\n" + scale.render(scale.run())
    header = (
        f"Measured by `make bench` on {report.machine_line()}: gunicorn (2 sync workers) on "
        f"PostgreSQL and Redis over loopback, production settings, {args.rentals:,} rentals, "
        f"{args.calls:,} calls, 10 users; HTTP measures are the server time (Server-Timing) of "
        f"{args.requests} requests from 8 concurrent clients."
    )
    print()
    print(header)
    print()
    print(table)
    if not args.no_readme:
        report.write_readme(BASE_DIR / "README.md", table, header)
        print("README.md updated.")


if __name__ == "__main__":
    sys.exit(main())
