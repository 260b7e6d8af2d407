"""The app state a page ships as JSON or JavaScript, parsed.

Sources: `<script type="application/json">` (Next.js `__NEXT_DATA__` among them), Next.js
server-component payloads (`self.__next_f.push([1, "..."])`), state assigned to a global
(`window.__INITIAL_STATE__ = {...}`, `__PRELOADED_STATE__`, `__APOLLO_STATE__`,
`var unitsData = '{...}'`, `JSON.parse("...")`), JavaScript object literals with unquoted keys
(read by chompjs), arrays of objects passed to a call (`markers: [...]`) and JSON in `data-*`
attributes.

The work is bounded: bytes parsed per page, literals tried, characters scanned, rows, attributes.
"""

import html
import json
import re

import chompjs

MAX_BYTES = 8_000_000  # of state parsed per page
MAX_ATTEMPTS = 400  # JavaScript literals tried per page
MAX_SCAN = 1_000_000  # characters of JavaScript read token by token per page (literals that are not JSON)
MAX_ROWS = 20_000  # server-component rows per page
MAX_ATTRIBUTES = 500  # data-* attributes holding JSON per page

_SCRIPT_OPEN = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = ("", "text/javascript", "application/javascript", "module", "text/ecmascript")
# Where a JavaScript value starts: an object, array or string assigned (`x = …`, not `==` or `=>`),
# a string given to JSON.parse, an object or array passed to a call, an array of objects after `key:`.
_JS_VALUE = re.compile(
    r"""(?<![=!<>])=(?![=>])\s*(?=[\[{"'])|(?<=JSON\.parse)\(\s*(?=["'])|\(\s*(?=[\[{])|:\s*(?=\[\s*\{)"""
)
# String literals as "unrolled loops" (no nested repetition): linear even when one never closes.
_DOUBLE = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_SINGLE = r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
_TEMPLATE = r"`[^`\\]*(?:\\.[^`\\]*)*`"
# An unclosed comment runs to the end (so no later "/*" is tried again: linear).
_JS_TOKENS = re.compile(rf"{_DOUBLE}|{_SINGLE}|{_TEMPLATE}|//[^\n]*|/\*.*?(?:\*/|\Z)|[\[\]{{}}]", re.DOTALL)
_JS_STRING = re.compile(rf"{_DOUBLE}|{_SINGLE}", re.DOTALL)
# A string literal worth reading holds JSON: "{…" or "[…" (escaped quotes and all).
_JSON_IN_STRING = re.compile(r"""["']\s*[\[{]""")
_JS_ESCAPE = re.compile(r'\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|"', re.DOTALL)
_JSON_ESCAPES = set('"\\/bfnrtu')
_NEXT_F = re.compile(r"self\.__next_f\.push\(\[\s*1\s*,\s*(?=\")")
_RSC_ROW = re.compile(r"^[0-9a-fA-F]+:[A-Z]{0,2}(?=[\[{])")
_DATA_ATTRIBUTE = re.compile(r"""\bdata-[\w-]+\s*=\s*"(\s*[\[{]\s*(?:&quot;|\{|\[)[^"]*)\"""")

_PRICE_WORD = re.compile(r"price|rent", re.IGNORECASE)
_DECODER = json.JSONDecoder(strict=False)


class _Budget:
    def __init__(self):
        self.bytes = MAX_BYTES
        self.attempts = MAX_ATTEMPTS
        self.scan = MAX_SCAN
        self.script_text = MAX_BYTES  # of JavaScript searched for values

    def take(self, size):
        if size > self.bytes:
            return False
        self.bytes -= size
        return True


def _loads(text):
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _js_literal(text):
    """A JavaScript object or array literal (unquoted keys, single quotes, trailing commas)."""
    try:
        return chompjs.parse_js_object(text)
    except (ValueError, RecursionError, TypeError, IndexError):
        return None


def _js_string(literal):
    """The text of a JavaScript string literal ('...' or "...")."""

    def unescape(match):
        escape = match.group(1)
        if escape is None:
            return '\\"'  # a bare double quote inside single quotes
        if escape[0] == "x":
            return "\\u00" + escape[1:]
        if escape[0] == "u" and escape[1:2] == "{":
            return chr(int(escape[2:-1], 16)) if int(escape[2:-1], 16) < 0x110000 else ""
        if escape in _JSON_ESCAPES:
            return "\\" + escape
        return escape  # \' and friends: the character itself

    try:
        return json.loads('"' + _JS_ESCAPE.sub(unescape, literal[1:-1]) + '"', strict=False)
    except (ValueError, RecursionError):
        return None


def _literal_end(text, start, limit):
    """(where the object or array literal starting at `start` ends or None, characters read);
    strings and comments are skipped, at most `limit` characters are read."""
    depth, stop = 0, min(len(text), start + limit)
    for token in _JS_TOKENS.finditer(text, start, stop):
        mark = token.group()
        if mark in "[{":
            depth += 1
        elif mark in "]}":
            depth -= 1
            if depth == 0:
                return token.end(), token.end() - start
    return None, stop - start


def _from_string_literal(text, start, budget):
    if not _JSON_IN_STRING.match(text, start):
        return None, start + 1
    match = _JS_STRING.match(text, start, min(len(text), start + budget.bytes))
    if not match:
        return None, start + 1
    value = _js_string(match.group())
    if value is None or value.lstrip()[:1] not in ("{", "[") or not budget.take(len(value)):
        return None, match.end()
    parsed = _loads(value)
    return (parsed if parsed is not None else _js_literal(value)), match.end()


def _from_script(body, budget):
    """Every value a JavaScript script assigns or passes that parses (JSON first, then chompjs).
    Every character read counts against the page's budget, parsed or only scanned."""
    values, covered = [], 0
    for match in _JS_VALUE.finditer(body):
        start = match.end()
        if start < covered:
            continue
        if budget.attempts <= 0 or budget.bytes <= 0:
            break
        budget.attempts -= 1
        if body[start] in "\"'":
            value, covered = _from_string_literal(body, start, budget)
        else:
            try:
                value, end = _DECODER.raw_decode(body, start)
            except (ValueError, RecursionError):
                if budget.scan <= 0:
                    continue
                end, read = _literal_end(body, start, budget.scan)
                budget.scan -= read
                if end is None:
                    continue
                value = _js_literal(body[start:end])
                if value is None:
                    continue  # the values inside it are tried one by one (`markers: [...]`)
            else:
                budget.take(min(end - start, budget.bytes))
            covered = end
        if isinstance(value, (dict, list)) and value:
            values.append(value)
    return values


def _from_next_f(body, pushed):
    for match in _NEXT_F.finditer(body):
        try:
            chunk, _ = _DECODER.raw_decode(body, match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(chunk, str):
            pushed.append(chunk)


def _from_rsc(payload, budget):
    """Rows of a React server-component payload ("5:[...]", "a:{...}") that are JSON."""
    values = []
    for line in payload.split("\n")[:MAX_ROWS]:
        row = _RSC_ROW.match(line) if "{" in line else None  # a listing is an object
        if row and budget.take(len(line)):
            value = _loads(line[row.end() :])
            if isinstance(value, (dict, list)):
                values.append(value)
    return values


def _scripts(text):
    """(type, body) of every inline script, in page order."""
    for match in _SCRIPT_OPEN.finditer(text):
        closing = _SCRIPT_CLOSE.search(text, match.end())
        body = text[match.end() : closing.start() if closing else len(text)]
        if body.strip():
            kind = _TYPE.search(match.group(1))
            yield (kind.group(1).lower() if kind else ""), body


def state_values(text):
    """The parsed app state of a page: JSON scripts, server-component rows, JavaScript values."""
    budget = _Budget()
    values, pushed = [], []
    for kind, body in _scripts(text):
        values.extend(_script_values(kind, body, budget, pushed))
    if pushed:
        values.extend(_from_rsc("".join(pushed), budget))
    if "&quot;" in text:
        values.extend(_from_attributes(text, budget))
    return values


def _script_values(kind, body, budget, pushed):
    """The values one inline script holds; Next.js pushes go to `pushed`, to be read as one payload."""
    if "ld+json" in kind:
        return ()  # JSON-LD is read by its own extractor
    if "json" in kind:
        value = _loads(body) if budget.take(len(body)) else None
        return [value] if isinstance(value, (dict, list)) else ()
    if kind in _JS_TYPES:
        if "__next_f" in body:
            _from_next_f(body, pushed)
        elif len(body) <= budget.script_text:
            budget.script_text -= len(body)
            return _from_script(body, budget)
    return ()


def _from_attributes(text, budget):
    """JSON in `data-*` attributes (component props) that names a price."""
    values, attributes = [], 0
    for match in _DATA_ATTRIBUTE.finditer(text):
        found = match.group(1)
        if not _PRICE_WORD.search(found):
            continue  # component props without a price hold no listing
        attributes += 1
        if attributes > MAX_ATTRIBUTES:
            break
        if budget.take(len(found)):
            value = _loads(html.unescape(match.group(1)))
            if isinstance(value, (dict, list)):
                values.append(value)
    return values
