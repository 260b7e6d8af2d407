"""The app state listing sites ship inside their pages: Next.js `__NEXT_DATA__`, a Redux store
assigned to a global (`window.__PRELOADED_STATE__ = {...}`), a JSON-LD block with an id.

Read from the page text with a regular expression and `json`, so no HTML tree is needed.
"""

import json
import re

_DECODER = json.JSONDecoder()


def script_json(text, script_id):
    """The JSON inside `<script id="script_id">`, or None when it is missing or not JSON."""
    match = re.search(
        r"<script\b[^>]*\bid\s*=\s*[\"']?" + re.escape(script_id) + r"[\"']?[^>]*>(.*?)</script\s*>",
        text,
        re.IGNORECASE | re.DOTALL,
    )
    if not match:
        return None
    try:
        return json.loads(match.group(1), strict=False)
    except ValueError:
        return None


def assigned_json(text, name):
    """The JSON object a script assigns to a global (`window.NAME = {...};`), or None."""
    match = re.search(r"\b" + re.escape(name) + r"\s*=\s*(?=[{\[])", text)
    if not match:
        return None
    try:
        value, _ = _DECODER.raw_decode(text, match.end())
    except ValueError:
        return None
    return value


def dig(value, *keys):
    """value[key0][key1]...; None as soon as a step is missing or of the wrong kind."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(value, list) or not -len(value) <= key < len(value):
                return None
        elif not isinstance(value, dict):
            return None
        value = value[key] if isinstance(key, int) else value.get(key)
        if value is None:
            return None
    return value


def dicts(value):
    """The objects in a JSON list (anything else in it, or a non-list, is left out)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


# JSONP: `callbackName({...});`, the callback a plain identifier (optionally after the `/**/`
# some servers put first). Nothing in it is run: the value inside is read as JSON.
_JSONP_START = re.compile(r"\s*(?:/\*\*/\s*)?(?P<callback>[A-Za-z_$][\w$]*)\s*\(\s*")
_JSONP_END = re.compile(r"\s*\)\s*;?\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def jsonp_value(text, callback=None):
    """The JSON value a JSONP answer hands its callback (`callback`, when given, must be the
    one named), or None when the text is not exactly `identifier(<JSON>)`. A trailing comma
    before a closing brace, which some servers leave, is forgiven."""
    start = _JSONP_START.match(text or "")
    if not start or (callback and start.group("callback") != callback):
        return None
    end = _JSONP_END.search(text, start.end())
    if not end:
        return None
    body = text[start.end() : end.start()]
    for attempt in (body, _TRAILING_COMMA.sub(r"\1", body)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None
