"""Steps of .ci/production-install, run with the production virtualenv's Python.

production_check.py imports          import every module of the project
production_check.py roundtrip URL    sign in at URL, ask it for a scrape of its sample site, and
                                     wait for a worker to do it
"""

import importlib
import sys
import time
import urllib.request
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent
# Every LeaseLine app (a folder with an apps.py) and the project package.
APPS = ["config", *sorted(path.parent.name for path in BASE_DIR.glob("*/apps.py"))]
# Test code may use dev packages; everything else is the product and must import.
NOT_PRODUCT = {"tests", "test_settings.py"}


def product_modules():
    for app in APPS:
        for path in sorted((BASE_DIR / app).rglob("*.py")):
            parts = path.relative_to(BASE_DIR).parts
            if NOT_PRODUCT & set(parts):
                continue
            yield ".".join(parts)[: -len(".py")].removesuffix(".__init__")


def check_imports():
    django.setup()
    modules = list(product_modules())
    for name in modules:
        importlib.import_module(name)
    # Celery's Redis transport is imported lazily, at the first connection: import it now.
    importlib.import_module("kombu.transport.redis")
    print(f"imported {len(modules)} modules")


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer 200 within {timeout} s")
        time.sleep(0.5)


def _cookie_header(*jars):
    # The production cookies are Secure; on this plain-http loopback hop they are sent by hand
    # (a later jar's cookie replaces an earlier one's).
    cookies = {name: value for jar in jars for name, value in jar.items()}
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def sign_in(base_url, email, password):
    """A password sign-in through the served login page: the Cookie header of the session."""
    import requests

    form = requests.get(f"{base_url}/login/", timeout=10)
    csrf = form.cookies["csrftoken"]
    answer = requests.post(
        f"{base_url}/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": csrf},
        headers={"Cookie": _cookie_header(form.cookies)},
        allow_redirects=False,
        timeout=10,
    )
    if answer.status_code != 302 or "sessionid" not in answer.cookies:
        raise SystemExit(f"signing in through {base_url}/login/ answered {answer.status_code}")
    # Signing in rotates the CSRF token.
    return _cookie_header(form.cookies, answer.cookies), answer.cookies.get("csrftoken", csrf)


def check_roundtrip(base_url):
    """The operator's path: sign in and ask for a scrape through gunicorn; a worker does it."""
    import requests

    wait_for(f"{base_url}/healthz")
    wait_for(f"{base_url}/readyz")
    django.setup()
    from accounts.models import User
    from rentals.models import Rental, RentalSource, ScrapeRun

    password = "production-check-password-2f9c"
    user = User.objects.create_user("operator@example.com", password, name="Production check")
    source = RentalSource.objects.create(user=user, name="Sample site", website_url=f"{base_url}/demo/jsonld/")
    cookies, csrf = sign_in(base_url, user.email, password)
    response = requests.post(
        f"{base_url}/api/rentals/sources/{source.pk}/scrape",
        headers={"Cookie": cookies, "X-CSRFToken": csrf},
        timeout=30,
    )
    if response.status_code != 202:
        raise SystemExit(f"POST .../scrape answered {response.status_code}: {response.text[:500]}")
    run_id = response.json()["run"]["id"]
    deadline = time.monotonic() + 120
    while True:
        run = ScrapeRun.objects.get(pk=run_id)
        if run.status in (ScrapeRun.Status.SUCCEEDED, ScrapeRun.Status.FAILED):
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"the worker did not finish run {run_id} within 120 s (status {run.status})")
        time.sleep(0.5)
    rentals = Rental.objects.filter(source=source).count()
    if run.status != ScrapeRun.Status.SUCCEEDED or rentals == 0:
        raise SystemExit(f"run {run_id} ended {run.status} with {rentals} rentals: {run.error}")
    print(f"run {run_id}: {run.pages_fetched} pages, {run.listings_found} listings, {rentals} rentals saved")


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "imports":
        check_imports()
    elif command == "roundtrip" and len(sys.argv) == 3:
        check_roundtrip(sys.argv[2].rstrip("/"))
    else:
        raise SystemExit(__doc__)
