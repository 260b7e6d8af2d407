"""`python -m bench.scale`: scrapes scaled out over Celery workers, politeness holding per host.

50 listing hosts on their own loopback addresses (127.0.0.2 ... 127.0.0.51), 20 sites of two
listing pages on each: 1,000 sources, 2,000 pages. For 1, 2 and 4 worker processes
(`celery -A config worker --pool=prefork`), every source is queued through the service the
API calls, in random order as the scheduler would, and timed until the last run ends. Each
host notes when each request arrived; the smallest gap between two requests to one host,
over all hosts, must stay the politeness delay. Production settings, its own database and
Redis database. `make bench` calls it last and puts its table in the README's bench block.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SCALE_DB = "leaseline_bench_scale"
SCALE_REDIS_DB = 10
HOSTS = 50
SOURCES = 1000
WORKER_COUNTS = (1, 2, 4)
# Small enough for three rounds of 1,000 runs in about four minutes on two cores; a run still
# spends a third or more of its time waiting politely (robots.txt, then two pages).
DELAY_SECONDS = 0.02
# A request starts a delay after the previous one to its host ended, and the host notes each
# before answering it, so the gap holds exactly; this is for the two clocks' rounding.
TOLERANCE_SECONDS = 0.001
RUN_TIMEOUT_SECONDS = 600
START = "<!-- bench:scale:start -->"
END = "<!-- bench:scale:end -->"


@dataclass
class ScaleRow:
    workers: int
    seconds: float
    pages: int
    runs: int
    runs_succeeded: int
    min_gap_ms: float
    politeness: str = "shared (Redis)"

    @property
    def pages_per_second(self):
        return self.pages / self.seconds


def scale_environment(delay, *, shared_politeness=True):
    from .__main__ import bench_environment

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/leaseline")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + f"/{SCALE_REDIS_DB}"
    return bench_environment(8765) | {
        "DATABASE_URL": database_url.rsplit("/", 1)[0] + f"/{SCALE_DB}",
        # Without REDIS_URL the cache is local to each process, and so is politeness (the
        # queue still goes through Redis): what the contrast round measures.
        "REDIS_URL": redis_url if shared_politeness else "",
        "CELERY_BROKER_URL": redis_url,
        "SCRAPER_POLITENESS_DELAY_SECONDS": str(delay),
        "SERVER_TIMING": "false",
    }


def recreate_database(database_url):
    import psycopg

    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCALE_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SCALE_DB}"')


def start_hosts(count):
    from testsupport.fakes.timed_listing_sites import TimedHost

    return [TimedHost(f"127.0.0.{2 + n}") for n in range(count)]


def create_sources(hosts, sources):
    from accounts.models import User
    from rentals.models import RentalSource
    from testsupport.fakes.timed_listing_sites import SITE_CONFIG

    user = User(email="scale@leaseline.test", name="Scale Bench Manager", timezone="America/Chicago")
    user.set_unusable_password()
    user.save()
    RentalSource.objects.bulk_create(
        RentalSource(
            user=user,
            name=f"Site {n}",
            website_url=hosts[n % len(hosts)].site_url(n // len(hosts)),
            scraping_config=SITE_CONFIG,
        )
        for n in range(sources)
    )
    return user


def start_worker(concurrency, env):
    from config.celery import app

    hostname = f"leaseline-scale-{concurrency}-{os.getpid()}@localhost"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "--quiet",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            f"--hostname={hostname}",
        ],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[hostname], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(process)
            raise RuntimeError("The Celery worker did not start.")
    return process


def stop_worker(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def reset(hosts):
    """No runs, no rentals, no politeness schedule, nothing queued, no request noted."""
    from django_redis import get_redis_connection

    from rentals.models import Rental, ScrapeRun

    Rental.objects.all().delete()
    ScrapeRun.objects.all().delete()
    get_redis_connection("default").flushdb()
    for host in hosts:
        host.arrivals.clear()


def scrape_all(user, order):
    """Queue every source as the API does; the seconds until the last run ended, and the runs."""
    from django.db.models import Max
    from django.utils import timezone

    from rentals.models import ScrapeRun
    from rentals.services import source_scrape

    started = timezone.now()
    for source in order:
        source_scrape(user=user, source=source)
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while ScrapeRun.objects.filter(status__in=ScrapeRun.ACTIVE_STATUSES).exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Runs still active after {RUN_TIMEOUT_SECONDS} s.")
        time.sleep(0.1)
    ended = ScrapeRun.objects.aggregate(ended=Max("finished_at"))["ended"]
    return (ended - started).total_seconds(), ScrapeRun.objects.all()


def measure_round(*, workers, user, hosts, order, env, politeness="shared (Redis)"):
    from django.db.models import Sum

    from rentals.models import ScrapeRun

    reset(hosts)
    worker = start_worker(workers, env)
    try:
        seconds, runs = scrape_all(user, order)
    finally:
        stop_worker(worker)
    gaps = [min(host.gaps()) for host in hosts if len(host.arrivals) > 1]
    return ScaleRow(
        workers=workers,
        seconds=seconds,
        pages=runs.aggregate(pages=Sum("pages_fetched"))["pages"] or 0,
        runs=runs.count(),
        runs_succeeded=runs.filter(status=ScrapeRun.Status.SUCCEEDED).count(),
        min_gap_ms=min(gaps) * 1000,
        politeness=politeness,
    )


def render(rows, *, delay=DELAY_SECONDS, sources=SOURCES, hosts=HOSTS):
    lines = [
        START,
        f"Scaling out: {sources:,} sources on {hosts} loopback hosts ({sources // hosts} sites of two listing pages "
        f"on each, robots.txt read by every run), queued through the service in random order and scraped by "
        f"`celery -A config worker --pool=prefork`; politeness delay {delay * 1000:g} ms per host. The gap is the "
        f"smallest between two requests to one host, over all hosts, as the hosts saw them.",
        "",
        "| workers | politeness | pages per second | seconds | runs succeeded | smallest gap per host, ms | "
        "delay holds |",
        "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        holds = "yes" if row.min_gap_ms >= (delay - TOLERANCE_SECONDS) * 1000 else "**no**"
        lines.append(
            f"| {row.workers} | {row.politeness} | {row.pages_per_second:,.1f} | {row.seconds:.1f} | "
            f"{row.runs_succeeded:,} / {row.runs:,} | {row.min_gap_ms:.1f} | {holds} |"
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_readme(readme, section):
    """Put the section in the README's bench block, in place of the one there."""
    from .report import END as BENCH_END

    text = readme.read_text()
    if START in text and END in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END) + r"\n?", lambda _m: section, text, flags=re.S)
    elif BENCH_END in text:
        text = text.replace(BENCH_END, f"\n{section}{BENCH_END}", 1)
    else:
        raise RuntimeError("The README has no bench block; run `make bench` first.")
    readme.write_text(text)


def run():
    """The rows of `python -m bench.scale`, measured in a process of their own (its own database)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "-m", "bench.scale", "--no-readme", f"--json={out.name}"], cwd=BASE_DIR, check=True
        )
        return [ScaleRow(**row) for row in json.loads(Path(out.name).read_text())]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, default=SOURCES)
    parser.add_argument("--hosts", type=int, default=HOSTS)
    parser.add_argument("--delay", type=float, default=DELAY_SECONDS, help="politeness delay, seconds")
    parser.add_argument("--workers", type=int, nargs="+", default=WORKER_COUNTS)
    parser.add_argument(
        "--contrast",
        action="store_true",
        help="also a round at the most workers with each run keeping its own delay (no Redis)",
    )
    parser.add_argument("--json", help="write the rows to this file")
    parser.add_argument("--no-readme", action="store_true", help="print the table only")
    args = parser.parse_args()

    env = scale_environment(args.delay)
    os.environ.update(env)
    print(f"Preparing database {SCALE_DB} ...", flush=True)
    recreate_database(env["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from rentals.models import RentalSource

    hosts = start_hosts(args.hosts)
    try:
        user = create_sources(hosts, args.sources)
        order = list(RentalSource.objects.filter(user=user).order_by("pk"))
        random.Random(7).shuffle(order)
        rows = []
        rounds = [(workers, env, "shared (Redis)") for workers in args.workers]
        if args.contrast:
            rounds.append((max(args.workers), scale_environment(args.delay, shared_politeness=False), "each run's own"))
        for workers, round_env, politeness in rounds:
            print(f"{args.sources:,} scrapes with {workers} worker(s), {politeness} politeness ...", flush=True)
            row = measure_round(
                workers=workers, user=user, hosts=hosts, order=order, env=round_env, politeness=politeness
            )
            print(
                f"  {row.pages_per_second:,.1f} pages/s in {row.seconds:.1f} s, {row.runs_succeeded}/{row.runs} "
                f"runs succeeded, smallest gap per host {row.min_gap_ms:.1f} ms",
                flush=True,
            )
            rows.append(row)
    finally:
        for host in hosts:
            host.close()

    section = render(rows, delay=args.delay, sources=args.sources, hosts=args.hosts)
    print()
    print(section)
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(row) for row in rows]))
    if not args.no_readme:
        write_readme(BASE_DIR / "README.md", section)
        print("README.md updated.")
    return rows


if __name__ == "__main__":
    main()
