"""What every `/legacy/` view shares."""


class LegacyAnswerMixin:
    """Errors keep the API's format and also carry the words where the frontend looks for
    them: `message` (its generic handler, FE:src/lib/api/errors.ts) and `detail` (its
    `/users/me` proxy). Left out of the OpenAPI schema, which documents `/api/` only."""

    schema = None

    def finalize_response(self, request, response, *args, **kwargs):
        data = getattr(response, "data", None)
        if response.status_code >= 400 and isinstance(data, dict) and "error" in data:
            data.setdefault("message", data["error"])
            data.setdefault("detail", data["error"])
        return super().finalize_response(request, response, *args, **kwargs)
