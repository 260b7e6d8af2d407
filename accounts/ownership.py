"""The one tenancy chokepoint.

Every row a user owns has `user = ForeignKey(User)`, a queryset with `for_user()`, and is
reached through `OwnedModelViewSet` (API), `OwnedRelatedField` (writable foreign keys) or
`get_owned_or_404` (HTML pages). Another user's object is a 404 everywhere.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from rest_framework import serializers, viewsets

from core.pagination import EnvelopePagination


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user):
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)


class OwnedModel(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="%(class)ss")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


def get_owned_or_404(model_or_queryset, user, **lookup):
    queryset = model_or_queryset.objects.all() if isinstance(model_or_queryset, type) else model_or_queryset
    try:
        return queryset.for_user(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.")


class OwnedRelatedField(serializers.PrimaryKeyRelatedField):
    """A writable foreign key that only accepts the requesting user's own rows.

    Another user's id is answered exactly like an id that does not exist (400).
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.for_user(getattr(request, "user", None))


class OwnedViewSetMixin:
    """Tenancy, and only that: every query is scoped to the requesting user (another user's
    object is a 404) and the user becomes the owner of what they create.

    Subclasses narrow the queryset with `queryset = Model.objects.select_related(...)` and
    filters; they do not override `get_queryset` to widen it.
    """

    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class _EnvelopePaginationClass:
    """A viewset's `pagination_class`: EnvelopePagination listing under its `envelope_key`.

    Read like any class attribute (DRF, the schema generator); an action's own
    `pagination_class=` still wins, since DRF sets that on the view instance.
    """

    def __get__(self, view, viewset):
        return EnvelopePagination.for_key((viewset if view is None else view).envelope_key)


class EnvelopeListMixin:
    """Lists come in the original frontend's envelope, `{"<envelope_key>": [...], "count", ...}`."""

    envelope_key = "results"
    pagination_class = _EnvelopePaginationClass()


class OwnedModelViewSet(OwnedViewSetMixin, EnvelopeListMixin, viewsets.ModelViewSet):
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]


class OwnedReadOnlyViewSet(OwnedViewSetMixin, EnvelopeListMixin, viewsets.ReadOnlyModelViewSet):
    pass
