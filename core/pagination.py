from functools import cache

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class EnvelopePagination(PageNumberPagination):
    """`{"<plural>": [...], "count", "next", "previous"}`: the original frontend's envelope."""

    envelope_key = "results"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    @classmethod
    @cache
    def for_key(cls, envelope_key):
        return type(f"{envelope_key.title()}Pagination", (cls,), {"envelope_key": envelope_key})

    def get_paginated_response(self, data):
        return Response(
            {
                self.envelope_key: data,
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
            }
        )

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"][self.envelope_key] = envelope["properties"].pop("results")
        envelope["required"] = [self.envelope_key, "count", "next", "previous"]
        return envelope
