"""The forms, htmx requests and links of a page, read from its HTML as a browser would send them,
so that a form added tomorrow is fuzzed tomorrow."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.urls import Resolver404, resolve


@dataclass
class Target:
    """Somewhere a page sends the browser with values: a form, an htmx request or a link."""

    method: str
    url: str
    fields: dict = field(default_factory=dict)  # name: the value a browser sends unchanged
    kinds: dict = field(default_factory=dict)  # name: its input type ("number", "date", "select", ...)

    def __str__(self):
        return f"{self.method.upper()} {self.url}"


class FormReader(HTMLParser):
    """Every form of a page with the values a browser would send unchanged, every htmx request
    (with the values of the form it sits in) and every same-site link with a query string."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url = page_url
        self.targets = []
        self._form = None
        self._inside_form = []  # htmx targets waiting for their form's fields
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = Target(method, attrs.get("action") or self.page_url)
            self.targets.append(self._form)
        elif tag == "input" and name and self._form is not None:
            self._input(name, attrs)
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            self._option(attrs)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            self._link(attrs["href"])
        self._htmx_targets(attrs, name)

    def _input(self, name, attrs):
        kind = (attrs.get("type") or "text").lower()
        if kind in ("checkbox", "radio"):
            self._form.kinds[name] = kind
            if "checked" in attrs:
                self._form.fields[name] = attrs.get("value") or "on"
        elif kind not in ("submit", "button", "image", "reset", "file"):
            self._form.kinds[name] = kind
            self._form.fields[name] = attrs.get("value") or ""

    def _option(self, attrs):
        value = attrs.get("value") or ""
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in attrs:
            self._select["selected"] = value

    def _link(self, href):
        if href.startswith("?"):
            href = urlsplit(self.page_url).path + href
        if href.startswith("/"):
            split = urlsplit(href)
            self.targets.append(Target("get", split.path, dict(parse_qsl(split.query, keep_blank_values=True))))

    def _htmx_targets(self, attrs, name):
        for method in ("get", "post"):
            url = attrs.get(f"hx-{method}")
            if url:
                target = Target(method, url, {name: ""} if name else {})
                self.targets.append(target)
                if self._form is not None:
                    self._inside_form.append(target)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select = self._select
            value = select["selected"] if select["selected"] is not None else select["first"]
            if self._form is not None and value is not None:
                self._form.fields[select["name"]] = value
                self._form.kinds[select["name"]] = "select"
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form.fields[self._textarea[0]] = self._textarea[1].removeprefix("\n")
                self._form.kinds[self._textarea[0]] = "textarea"
            self._textarea = None
        elif tag == "form" and self._form is not None:
            for target in self._inside_form:
                target.fields = {**self._form.fields, **target.fields}
                target.kinds = {**self._form.kinds, **target.kinds}
            self._form, self._inside_form = None, []


def page_targets(url, html):
    """The page's targets, one per method and path: a filter form and the sorting and paging links
    beside it are one target with all their parameters."""
    reader = FormReader(url)
    reader.feed(html)
    merged = {}
    for target in reader.targets:
        target.fields.pop("csrfmiddlewaretoken", None)
        key = (target.method, urlsplit(target.url).path)
        if key in merged:
            merged[key].fields = {**target.fields, **merged[key].fields}
            merged[key].kinds = {**target.kinds, **merged[key].kinds}
        else:
            merged[key] = target
    return list(merged.values())


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""
