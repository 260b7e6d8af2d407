"""The API's request parsers: DRF's own, with JSON nested too deeply to parse a 400.

DRF's JSON parser lets the decoder's RecursionError escape, which would be a 500.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the JSON is nested too deeply.")
