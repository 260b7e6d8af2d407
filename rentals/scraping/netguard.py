"""The SSRF guard: which addresses a scrape may reach, checked when a URL is saved and again
on every connection.

A source's URL is written by a user, so without this a scrape could be aimed at the
database, Redis, the cloud metadata service or anything else on the private network.
`connect_checked` resolves the host once, checks every address and connects to an address
it checked, so a DNS answer that changes between the check and the connect (rebinding)
cannot slip through.

A refusal never tells which address a host name resolved to: that would let anyone map the
names of the private network through the form. The logs keep it.
"""

import ipaddress
import logging
import socket
import threading
from concurrent.futures import Future
from urllib.parse import urlsplit, urlunsplit

from .errors import InvalidUrlError, UnsafeAddressError

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 2048

# Refused even when private networks are allowed: link-local ranges hold the cloud metadata
# services (169.254.169.254, fd00:ec2::254 and Alibaba's 100.100.100.200 are named too),
# and "this network", multicast and reserved space are never a website.
_ALWAYS_REFUSED = [
    (ipaddress.ip_network("169.254.0.0/16"), "a link-local address (cloud metadata)"),
    (ipaddress.ip_network("fe80::/10"), "a link-local address"),
    (ipaddress.ip_network("fd00:ec2::254/128"), "a cloud metadata address"),
    (ipaddress.ip_network("100.100.100.200/32"), "a cloud metadata address"),
    (ipaddress.ip_network("0.0.0.0/8"), "an unspecified address"),
    (ipaddress.ip_network("::/128"), "an unspecified address"),
]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4, Teredo), or None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_kind(address, *, allow_private):
    """What kind of forbidden address this is ("a loopback address"...), or None when allowed."""
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        kind = address_kind(embedded, allow_private=allow_private)
        return f"an IPv6 form of {embedded}, {kind}" if kind else None
    for network, kind in _ALWAYS_REFUSED:
        if ip.version == network.version and ip in network:
            return kind
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if ip.is_reserved or ip.is_unspecified:
        return "a reserved address"
    if allow_private:
        return None
    if ip.is_private or not ip.is_global:
        return "a private address"
    return None


def address_problem(address, *, allow_private):
    """Why a scrape may not connect to this IP address, or None when it may."""
    kind = address_kind(address, allow_private=allow_private)
    return f"{address} is {kind}" if kind else None


def _ip_literal(host):
    """The IP address a host is written as, or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _is_loopback_name(host):
    # RFC 6761: "localhost" and every name under it are loopback, whatever DNS says.
    return host == "localhost" or host.endswith(".localhost")


def _lookup(host, port):
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:
        # A label over 63 characters (or empty) cannot be encoded for DNS: no such host.
        raise socket.gaierror(socket.EAI_NONAME, f"{host[:80]} is not a valid host name") from exc


def _getaddrinfo(host, port, timeout):
    """getaddrinfo() waiting at most `timeout` seconds (None: as long as the resolver takes).

    A name server that never answers holds getaddrinfo() for the resolver's own timeouts, tens
    of seconds, and nothing interrupts it: it runs in a thread that is left behind when the
    time is up (it ends when the resolver gives up). Raises TimeoutError then.
    """
    if timeout is None:
        return _lookup(host, port)
    answer = Future()

    def resolve():
        try:
            answer.set_result(_lookup(host, port))
        except Exception as exc:
            answer.set_exception(exc)

    threading.Thread(target=resolve, name="scraper-resolve", daemon=True).start()
    return answer.result(timeout=timeout)


def resolve_checked(host, port, *, allow_private, timeout=None):
    """getaddrinfo() for a host, refusing it when any of its addresses is not allowed.

    Returns the (family, type, proto, canonname, sockaddr) tuples to connect to. Raises
    UnsafeAddressError, socket.gaierror when the name does not resolve, or TimeoutError when
    it does not within `timeout` seconds.
    """
    host = host.strip("[]").rstrip(".").lower()
    if not allow_private and _is_loopback_name(host):
        raise UnsafeAddressError(f"{host} is a loopback name; LeaseLine only scrapes public websites.")
    infos = _getaddrinfo(host, port, timeout)
    for info in infos:
        address = info[4][0]
        kind = address_kind(address, allow_private=allow_private)
        if kind:
            if _ip_literal(host) is not None:  # the address itself was written: saying what it is reveals nothing
                raise UnsafeAddressError(f"{address} is {kind}; LeaseLine only scrapes public websites.")
            logger.info("Refused %s: it resolves to %s, %s", host, address, kind)
            raise UnsafeAddressError(f"{host} is not a public website address; LeaseLine only scrapes public websites.")
    return infos


def connect_checked(host, port, *, allow_private, timeout, source_address=None, socket_options=None, watchdog=None):
    """A TCP connection to a checked address of host (the same resolution that was checked).

    With a `watchdog` (deadline.Watchdog), the name is resolved within its time and each
    socket is handed to it before connecting, so its deadline also ends a connect in progress.
    """
    last_error = None
    deadline = watchdog.deadline if watchdog is not None else None
    for family, socktype, proto, _, sockaddr in resolve_checked(
        host, port, allow_private=allow_private, timeout=deadline.remaining() if deadline else None
    ):
        sock = socket.socket(family, socktype, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(min(timeout, deadline.remaining()) if deadline else timeout)
            if source_address:
                sock.bind(source_address)
            if watchdog is not None:
                watchdog.watch(sock)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            last_error = exc
            sock.close()
    raise last_error or OSError(f"No address to connect to for {host}")


def normalize_website_url(value, *, allow_private, resolve=True):
    """A website address as a source stores it, or InvalidUrlError saying why it cannot be.

    A bare domain gets https://; only http(s); no user name or password; the host must be
    (and, when `resolve`, resolve to) public addresses unless private networks are allowed.
    A name that does not resolve now is accepted: the fetch checks again and reports it.
    """
    text = str(value or "").strip()
    if not text:
        raise InvalidUrlError("Enter a website address.")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidUrlError(f"The address is longer than {MAX_URL_LENGTH} characters.")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise InvalidUrlError("The address contains spaces or control characters.")
    if "://" not in text:
        text = "https:" + text if text.startswith("//") else "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise InvalidUrlError("The address is not a valid web address (check the host and port).")
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise InvalidUrlError("Only http:// and https:// addresses can be scraped.")
    if "@" in parts.netloc:
        raise InvalidUrlError("Addresses with a user name or password are not accepted.")
    if not host:
        raise InvalidUrlError("The address has no host name.")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise InvalidUrlError("The host name is not valid.")
    check_host(ascii_host, port or DEFAULT_PORTS[scheme], allow_private=allow_private, resolve=resolve)
    shown_host = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    netloc = f"{shown_host}:{port}" if port else shown_host
    url = urlunsplit((scheme, netloc, parts.path, parts.query, ""))
    if len(url) > MAX_URL_LENGTH:
        raise InvalidUrlError(f"The address is longer than {MAX_URL_LENGTH} characters.")
    return url


def check_host(host, port, *, allow_private, resolve=True):
    """Raise InvalidUrlError when a host is, or resolves to, an address a scrape may not reach."""
    literal = _ip_literal(host)
    if literal is not None:
        problem = address_problem(literal, allow_private=allow_private)
        if problem:
            raise InvalidUrlError(f"{problem}; LeaseLine only scrapes public websites.")
        return
    if not allow_private and _is_loopback_name(host.rstrip(".").lower()):
        raise InvalidUrlError(f"{host} is a loopback name; LeaseLine only scrapes public websites.")
    if not resolve:
        return
    try:
        resolve_checked(host, port, allow_private=allow_private)
    except UnsafeAddressError as exc:
        raise InvalidUrlError(str(exc))
    except (socket.gaierror, UnicodeError, OSError):
        pass
