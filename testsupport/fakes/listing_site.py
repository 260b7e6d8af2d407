"""A fake listing website on 127.0.0.1 (pytest-httpserver) built from the saved pages
(rentals/tests/pages).

    /robots.txt                  forbids /private/
    /jsonld/graph.html           JSON-LD @graph: RealEstateListing + Apartment by @id, nested offers
    /jsonld/types.html           House, SingleFamilyResidence, Product/AggregateOffer, Offer/
                                 Accommodation, ApartmentComplex units, Residence; a broken block
    /css/page1.html .. page3.html  a CSS site in three pages (`a.next`), 8 listings
    /css/homes/<slug>.html       each CSS listing's detail page (JSON-LD)
    /private/listings.html       exists, but robots.txt forbids it
    /empty.html                  a page without listings
    /broken                      HTTP 500
    /hang                        answers nothing until the test ends
    /huge                        larger than the test's size cap
    /redirect-to-metadata        302 to http://169.254.169.254/latest/meta-data/
    /redirect-loop               redirects to itself
    /moved                       301 to /css/page1.html
    /many/page<n>.html           with add_many_pages(n): a long paginated CSS site
    serve_jsonp(path, answer)    a widget's data call: JSONP chosen by the query's parameters

DrippingSite is a second, raw-socket server for the deadlines: it answers one byte at a time.

The parse functions take page text, so `page_text(name)` also feeds benchmarks and parser tests.
"""

import json
import re
import socket
import threading
import time
from pathlib import Path
from string import Template

from werkzeug import Response

PAGES = Path(__file__).resolve().parents[2] / "rentals" / "tests" / "pages"
HTML = "text/html; charset=utf-8"

CSS_CONFIG = {
    "strategy": "css",
    "listing": {
        "item": "div.listing",
        "fields": {
            "external_id": "::attr(data-id)",
            "title": "h2.title a::text",
            "url": "h2.title a::attr(href)",
            "address": ".address::text",
            "price": ".rent::text",
            "bedrooms": ".beds::text",
            "bathrooms": ".baths::text",
            "square_feet": ".sqft::text",
            "available_from": ".available::text",
            "pets_allowed": ".pets::text",
            "photos": "img.photo",
        },
    },
    "next_page": "a.next::attr(href)",
    "max_pages": 10,
}

# slug -> (title, square feet on its detail page)
CSS_DETAILS = {
    "ht-1": ("Cozy studio near campus", 460),
    "ht-2": ("Two bedroom townhome", 905),
    "ht-3": ("One bedroom with patio", 655),
    "ht-4": ("Three bedroom house", 1310),
    "ht-5": ("Two bedroom flat", 1025),
    "garden-unit": ("One bedroom garden unit", 705),
    "ht-7": ("Studio by the river", 410),
    "ht-8": ("Four bedroom family home", 2410),
}
HUGE_BYTES = 200_000
METADATA_URL = "http://169.254.169.254/latest/meta-data/"


def page_text(name):
    return (PAGES / name).read_text(encoding="utf-8")


class FakeListingSite:
    """Routes are a dict, so a test can change a page between two scrapes (`serve` again)."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.released = threading.Event()
        self.routes = {}
        httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(self._dispatch)
        self.serve("/robots.txt", page_text("robots.txt"), content_type="text/plain")
        self.serve("/jsonld/graph.html", page_text("jsonld_graph.html"))
        self.serve("/jsonld/types.html", page_text("jsonld_types.html"))
        for number in (1, 2, 3):
            self.serve(f"/css/page{number}.html", page_text(f"css_page{number}.html"))
        detail = Template(page_text("css_detail.html"))
        for slug, (title, sqft) in CSS_DETAILS.items():
            self.serve(f"/css/homes/{slug}.html", detail.substitute(slug=slug, title=title, sqft=sqft))
        self.serve("/private/listings.html", page_text("private_listings.html"))
        self.serve("/empty.html", page_text("empty.html"))
        self.serve("/broken", "<h1>Internal Server Error</h1>", status=500)
        self.serve("/huge", "<p>" + "x" * HUGE_BYTES + "</p>")
        self.routes["/huge-streamed"] = lambda request: Response(
            (b"<p>" + b"y" * 10_000 for _ in range(HUGE_BYTES // 10_000)), mimetype="text/html"
        )
        self.routes["/hang"] = self._hang
        self.redirect("/redirect-to-metadata", METADATA_URL)
        self.redirect("/redirect-loop", "/redirect-loop")
        self.redirect("/moved", "/css/page1.html", status=301)

    def add_many_pages(self, count):
        """/many/page1.html .. page<count>.html: page 1's three listings on each, ids made
        unique per page, linked by `a.next` (a long site for crawl tests and benchmarks)."""
        template = page_text("css_page1.html")
        for number in range(1, count + 1):
            text = re.sub(r'data-id="(ht-\d+)"', rf'data-id="p{number}-\1"', template)
            text = text.replace('href="page2.html"', f'href="page{number + 1}.html"' if number < count else 'href="#"')
            if number == count:
                text = text.replace('class="next"', 'class="last"')
            self.serve(f"/many/page{number}.html", text)
        return self.url("/many/page1.html")

    def url(self, path):
        return self.server.url_for(path)

    def serve(self, path, body, *, status=200, content_type=HTML, headers=None):
        self.routes[path] = lambda request: Response(body, status=status, content_type=content_type, headers=headers)

    def serve_jsonp(self, path, answer, *, content_type="text/javascript;charset=UTF-8"):
        """`path` answers like a widget's JSONP data call: `answer(args)` (the query's parameters)
        gives a JSON value, handed to the request's `callback` as the real servers do; a string
        is sent as it is (a broken answer); None is a 404."""

        def respond(request):
            value = answer(request.args)
            if value is None:
                return Response("<h1>Not found</h1>", status=404, content_type=HTML)
            callback = request.args.get("callback", "callback")
            body = value if isinstance(value, str) else f"{callback}({json.dumps(value)});"
            return Response(body, content_type=content_type)

        self.routes[path] = respond

    def redirect(self, path, location, *, status=302):
        self.serve(path, "", status=status, headers={"Location": location})

    def remove(self, path):
        self.routes.pop(path, None)

    def requested_paths(self):
        return [request.path for request, _ in self.server.log]

    def _dispatch(self, request):
        route = self.routes.get(request.path)
        if route is None:
            return Response("<h1>Not found</h1>", status=404, content_type=HTML)
        return route(request)

    def _hang(self, request):
        self.released.wait(5)
        return Response("too late", mimetype="text/html")

    def close(self):
        self.released.set()


# A TLS record header announcing a 16 KiB handshake message: a client waits for all of it.
TLS_HANDSHAKE_RECORD = b"\x16\x03\x03\x40\x00"
HTML_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"


class DrippingSite:
    """A loopback site that sends every page one byte every `interval` seconds, for at most
    `longest` seconds: each byte comes well within any read timeout, the page never ends.

    `head` is sent first (at once, or byte by byte with `drip_head`): HTTP headers by default,
    a TLS record header for an https:// URL (the handshake then never completes). `pages`
    ({path: html}) are answered at once, keeping the connection open for the next request;
    /robots.txt is a 404 unless given. `connections` counts the connections accepted.
    """

    def __init__(self, *, interval=0.5, head=HTML_HEAD, drip_head=False, pages=None, longest=8.0):
        self.interval, self.head, self.drip_head, self.longest = interval, head, drip_head, longest
        self.pages = pages or {}
        self.connections = 0
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path, *, scheme="http"):
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def close(self):
        self.stopped.set()
        self.listener.close()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:  # the accept timeout, or the listener closed
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        with conn:
            try:
                conn.settimeout(5)
                while request := conn.recv(65536):
                    path = request.split(b" ", 2)[1].decode() if request.startswith(b"GET ") else ""
                    if path not in self.pages and path != "/robots.txt":
                        self._drip(conn)
                        return
                    conn.sendall(self._page(path))
            except OSError:
                pass  # the client hung up, as it should at its deadline

    def _page(self, path):
        body = self.pages.get(path, "").encode()
        status = "200 OK" if path in self.pages else "404 Not Found"
        return f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body

    def _drip(self, conn):
        if not self.drip_head:
            conn.sendall(self.head)
        pending = iter(self.head) if self.drip_head else iter(())
        ends_at = time.monotonic() + self.longest
        while not self.stopped.wait(self.interval) and time.monotonic() < ends_at:
            conn.sendall(bytes([next(pending, 0x20)]))
