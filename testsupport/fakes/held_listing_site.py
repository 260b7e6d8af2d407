"""A listing site on loopback whose pages can be held until the test lets them go.

    /robots.txt                  allows everything
    /s<site>/page<n>.html        JSON-LD, three apartments; `a.next` to page n + 1 up to `pages`
                                 (timed_listing_sites' pages)

`hold(path)` keeps that page's answer back: `wait_for(path)` returns once a request for it has
arrived (the crawl is then between pages, its progress so far recorded), `release(path)` lets it
answer. A held page answers anyway after `longest` seconds, so a failing test never hangs a
scraper. The server is plain HTTP on 127.0.0.1, so a Celery worker in another process reads it
like the test's own threads do.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .timed_listing_sites import LISTINGS_PER_PAGE, listing_page

__all__ = ["LISTINGS_PER_PAGE", "HeldListingSite"]


class HeldListingSite:
    def __init__(self, *, pages=3, longest=20.0):
        self.pages = pages
        self.longest = longest
        self._held = {}  # path -> Event set on release
        self._arrived = {}  # path -> Event set when its request came
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.netloc = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def url(self, path):
        return f"http://{self.netloc}{path}"

    def site_url(self, site):
        return self.url(f"/s{site}/page1.html")

    def config(self):
        """A source's scraping_config that reads every page through the next links."""
        return {"strategy": "jsonld", "next_page": "a.next::attr(href)", "max_pages": self.pages}

    def hold(self, path):
        self._held[path] = threading.Event()
        self._arrived[path] = threading.Event()

    def wait_for(self, path, timeout=15):
        """Whether a request for the held `path` arrived within `timeout` seconds."""
        return self._arrived[path].wait(timeout)

    def release(self, path):
        self._held[path].set()

    def close(self):
        for event in self._held.values():
            event.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path in site._arrived:
                    site._arrived[self.path].set()
                    site._held[self.path].wait(site.longest)
                if self.path == "/robots.txt":
                    return self._answer(200, "User-agent: *\nAllow: /\n", "text/plain")
                parts = self.path.strip("/").split("/")
                if len(parts) == 2 and parts[0][1:].isdigit() and parts[1].startswith("page"):
                    number = parts[1][4:].removesuffix(".html")
                    if number.isdigit() and 1 <= int(number) <= site.pages:
                        page = listing_page(site.netloc, int(parts[0][1:]), int(number), site.pages)
                        return self._answer(200, page, "text/html; charset=utf-8")
                return self._answer(404, "Not found", "text/plain")

            def _answer(self, status, text, content_type):
                body = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler
