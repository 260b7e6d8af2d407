"""Listing sites on one loopback address that note when each request arrived.

    /robots.txt                  allows everything (a Crawl-delay when asked)
    /s<site>/page<n>.html        JSON-LD, three apartments; `a.next` to page n + 1 up to `pages`

Any number of sites answer on one host, so many sources can share it, as on a listing
platform. The politeness tests and the scale benchmark read the arrival times per host.
"""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LISTINGS_PER_PAGE = 3
# A source's scraping_config for these sites: two listing pages through the next link.
SITE_CONFIG = {"strategy": "jsonld", "next_page": "a.next::attr(href)", "max_pages": 2}
_PAGE = re.compile(r"^/s(\d+)/page(\d+)\.html$")


def listing_page(host, site, number, pages):
    units = [
        {
            "@type": "Apartment",
            "identifier": f"{host}-s{site}-p{number}-u{unit}",
            "name": f"Unit {number}{unit:02d} on site {site}",
            "url": f"/s{site}/units/{number}-{unit}",
            "numberOfBedrooms": 1 + unit % 3,
            "floorSize": {"@type": "QuantitativeValue", "value": 600 + 50 * unit, "unitCode": "FTK"},
            "address": {
                "@type": "PostalAddress",
                "streetAddress": f"{100 + site} Loop St, Unit {number}{unit:02d}",
                "addressLocality": "Austin",
                "addressRegion": "TX",
                "postalCode": "78701",
            },
            "offers": {"@type": "Offer", "price": str(1200 + 25 * site + 10 * unit), "priceCurrency": "USD"},
        }
        for unit in range(1, LISTINGS_PER_PAGE + 1)
    ]
    following = f'<a class="next" href="page{number + 1}.html">Next</a>' if number < pages else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Site {site}, page {number}</title>'
        f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@graph": units})}'
        f"</script></head><body><h1>Apartments</h1>{following}</body></html>"
    )


class _NotingServer(ThreadingHTTPServer):
    """Notes when each connection was accepted, before a thread is started to answer it."""

    daemon_threads = True

    def __init__(self, *args, **kwargs):
        self.accepted_at = {}
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        self.accepted_at[request] = time.monotonic()
        super().process_request(request, client_address)


class TimedHost:
    """A threaded HTTP server on `address`; `arrivals` lists (time.monotonic(), path) per request.

    Each answer takes `answer_after` seconds at least, as a slow site's would.
    A request's time is when its connection was accepted (HTTP/1.0: one request each), so a
    busy answering thread does not blur it.
    """

    def __init__(self, address="127.0.0.1", port=0, *, pages=2, crawl_delay=None, answer_after=0):
        self.pages = pages
        self.answer_after = answer_after
        self.robots = "User-agent: *\nAllow: /\n" + (f"Crawl-delay: {crawl_delay}\n" if crawl_delay else "")
        self.arrivals = []
        self._lock = threading.Lock()
        self.server = _NotingServer((address, port), self._handler())
        bound_address, bound_port = self.server.server_address[:2]
        self.netloc = f"{bound_address}:{bound_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()

    def url(self, path):
        return f"http://{self.netloc}{path}"

    def site_url(self, site):
        return self.url(f"/s{site}/page1.html")

    def gaps(self, paths=None):
        """Seconds between consecutive arrivals (of `paths` only, when given), in order."""
        with self._lock:
            times = sorted(at for at, path in self.arrivals if paths is None or path in paths)
        return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        host = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                arrived = host.server.accepted_at.pop(self.request, None) or time.monotonic()
                with host._lock:
                    host.arrivals.append((arrived, self.path))
                time.sleep(host.answer_after)
                match = _PAGE.match(self.path)
                if self.path == "/robots.txt":
                    self._answer(200, host.robots, "text/plain")
                elif match and 1 <= int(match.group(2)) <= host.pages:
                    page = listing_page(host.netloc, int(match.group(1)), int(match.group(2)), host.pages)
                    self._answer(200, page, "text/html; charset=utf-8")
                else:
                    self._answer(404, "Not found", "text/plain")

            def _answer(self, status, text, content_type):
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass  # one line per request otherwise

        return Handler
