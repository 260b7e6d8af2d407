"""The SSRF matrix: refused when a source is saved and again when a page is fetched."""
import socket

import pytest

from rentals.models import RentalSource
from rentals.scraping.errors import UnsafeAddressError
from rentals.scraping.fetcher import Fetcher

LOOPBACK_NAME = "listings.loopback-alias.test"

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
    "2130706433": "loopback",  # 127.0.0.1 written as one number: a name that resolves to loopback
    LOOPBACK_NAME: "loopback",
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
        pytest.raises(UnsafeAddressError, match="169.254.169.254, a link-local address"),
    ):
        fetcher.get(url)
    assert len(httpserver.log) == 1


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
