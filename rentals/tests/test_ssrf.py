"""The SSRF matrix: refused when a source is saved and again when a page is fetched."""

import socket

import pytest

from rentals.models import RentalSource, ScrapeRun
from rentals.scraping.errors import UnsafeAddressError
from rentals.scraping.fetcher import Fetcher
from rentals.tests.factories import RentalSourceFactory

LOOPBACK_NAME = "listings.loopback-alias.test"
NOT_PUBLIC = "is not a public website address"

# host as written in a URL -> what the refusal says
PRIVATE_HOSTS = {
    "127.0.0.1": "loopback",
    "localhost": "loopback",
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.254": "private",
    "192.168.1.10": "private",
    "169.254.169.254": "link-local",
    "[::1]": "loopback",
    "[::ffff:127.0.0.1]": "loopback",
    "0.0.0.0": "unspecified",
    "2130706433": NOT_PUBLIC,  # 127.0.0.1 written as one number: a name that resolves to loopback
    LOOPBACK_NAME: NOT_PUBLIC,
    "[fe80::1]": "link-local",
    "[fc00::1]": "private",
    "100.64.0.1": "private",
    "224.0.0.1": "multicast",
}
ALWAYS_REFUSED = {"169.254.169.254", "[fe80::1]", "0.0.0.0", "224.0.0.1", "[::ffff:169.254.169.254]"}


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """The outside world's DNS: one extra name that resolves to loopback (as a hostile zone can)."""
    real_getaddrinfo = socket.getaddrinfo
    answers = {LOOPBACK_NAME: ["127.0.0.1"]}
    calls = []

    def getaddrinfo(host, port, *args, **kwargs):
        calls.append(host)
        if host in answers:
            address = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, calls


@pytest.mark.parametrize(("host", "kind"), PRIVATE_HOSTS.items())
def test_private_hosts_are_refused_when_a_source_is_saved(api_client, host, kind):
    response = api_client.post("/api/rentals/sources", {"website_url": f"http://{host}/listings"}, format="json")

    assert response.status_code == 400
    assert kind in response.json()["fields"]["website_url"][0]
    assert not RentalSource.objects.exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "[::1]", LOOPBACK_NAME, "169.254.169.254"])
def test_private_hosts_are_refused_in_start_urls(api_client, host):
    response = api_client.post(
        "/api/rentals/sources",
        {"website_url": "https://rentals.example.com", "scraping_config": {"start_urls": [f"http://{host}/a"]}},
        format="json",
    )
    assert response.status_code == 400
    assert "start_urls" in response.json()["fields"]["scraping_config"]


@pytest.mark.parametrize("host", sorted(set(PRIVATE_HOSTS) - ALWAYS_REFUSED - {"[fc00::1]", "100.64.0.1"}))
def test_private_hosts_are_allowed_when_the_setting_says_so(api_client, settings, host):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    response = api_client.post("/api/rentals/sources", {"website_url": f"http://{host}/listings"}, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("host", sorted(ALWAYS_REFUSED))
def test_link_local_and_reserved_stay_refused_even_when_private_networks_are_allowed(api_client, settings, host):
    settings.SCRAPER_ALLOW_PRIVATE_NETWORKS = True
    response = api_client.post("/api/rentals/sources", {"website_url": f"http://{host}/"}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("host", sorted(PRIVATE_HOSTS))
def test_private_hosts_are_refused_at_fetch_time(httpserver, host):
    """Even a URL that skipped validation is refused before a connection is made: the hosts
    that resolve to loopback point at a live server that must see no request."""
    httpserver.expect_request("/listings").respond_with_data("<p>secret</p>", content_type="text/html")
    url = f"http://{host}:{httpserver.port}/listings"

    with (
        Fetcher.from_settings(allow_private=False) as fetcher,
        pytest.raises(UnsafeAddressError, match="only scrapes public websites"),
    ):
        fetcher.get(url)
    assert httpserver.log == []


def test_an_answer_that_changes_after_the_check_cannot_slip_through(httpserver, dns):
    """DNS rebinding: the first answer is checked and is the one connected to; a later,
    different answer is checked afresh and refused."""
    answers, calls = dns
    httpserver.expect_request("/listings").respond_with_data("<p>listings</p>", content_type="text/html")
    answers["rebind.example.test"] = ["127.0.0.1", "169.254.169.254"]
    url = f"http://rebind.example.test:{httpserver.port}/listings"

    with Fetcher.from_settings(allow_private=True, obey_robots=False) as fetcher:
        assert fetcher.get(url).text == "<p>listings</p>"
    # One resolution for the connection: the checked answer is the address used.
    assert calls.count("rebind.example.test") == 1

    with (
        Fetcher.from_settings(allow_private=True, obey_robots=False) as fetcher,
        pytest.raises(UnsafeAddressError, match=f"rebind.example.test {NOT_PUBLIC}"),
    ):
        fetcher.get(url)
    assert len(httpserver.log) == 1


# Names the resolver turns into 127.0.0.1 without asking DNS (inet_aton's forms), and one from DNS.
LOOPBACK_NAMES = ["2130706433", "127.1", "0x7f000001", LOOPBACK_NAME]


def assert_silent_about_the_address(text):
    """A refusal says the host is not public, never which address its name resolved to."""
    assert NOT_PUBLIC in text
    assert "127.0.0.1" not in text


@pytest.mark.parametrize("host", LOOPBACK_NAMES)
def test_refusing_a_name_never_tells_its_address_in_the_api(api_client, host):
    response = api_client.post("/api/rentals/sources", {"website_url": f"http://{host}/listings"}, format="json")
    assert response.status_code == 400
    assert_silent_about_the_address(response.content.decode())

    response = api_client.post(
        "/api/rentals/sources",
        {"website_url": "https://rentals.example.com", "scraping_config": {"start_urls": [f"http://{host}/a"]}},
        format="json",
    )
    assert response.status_code == 400
    assert_silent_about_the_address(response.content.decode())


@pytest.mark.parametrize("path", ["/sources/new/", "/sources/preview/"])
def test_refusing_a_name_never_tells_its_address_on_the_pages(api_client, path):
    response = api_client.post(
        path, {"website_url": "http://127.1/listings", "strategy": "auto", "scrape_interval_minutes": 1440}
    )
    assert response.status_code == 200
    assert_silent_about_the_address(response.content.decode())


def test_refusing_a_name_never_tells_its_address_in_the_admin(client, user):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(email="staff@leaseline.test", is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/rentals/rentalsource/add/",
        {
            "user": user.pk,
            "website_url": "http://2130706433/",
            "scraping_config": "{}",
            "is_active": "on",
            "scrape_interval_minutes": 1440,
            "runs-TOTAL_FORMS": 0,
            "runs-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert_silent_about_the_address(response.content.decode())


def test_a_run_refused_at_connect_never_tells_the_address(api_client, user, django_capture_on_commit_callbacks):
    """A name that resolved to a public address when the source was saved, and no longer does."""
    source = RentalSourceFactory(user=user, website_url=f"http://{LOOPBACK_NAME}:9/listings")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/rentals/sources/{source.pk}/scrape")

    assert response.status_code == 202
    run = ScrapeRun.objects.get(source=source)
    assert run.status == "failed"
    assert_silent_about_the_address(run.error)
    assert_silent_about_the_address(api_client.get(f"/api/rentals/sources/{source.pk}/runs").content.decode())


def test_userinfo_and_other_schemes_are_refused(api_client):
    for url, message in [
        ("http://admin:secret@rentals.example.com/", "user name or password"),
        ("ftp://rentals.example.com/", "Only http"),
        ("file:///etc/passwd", "Only http"),
        ("gopher://rentals.example.com/", "Only http"),
        ("", "blank"),
        ("http://", "no host"),
    ]:
        response = api_client.post("/api/rentals/sources", {"website_url": url}, format="json")
        assert response.status_code == 400, url
        assert message in response.json()["fields"]["website_url"][0], url
