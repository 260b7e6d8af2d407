"""Rentals the frontend writes (R3-R5): the `/api/` viewset under the frontend's field names,
plus the rental's contact text kept beside it."""

from django.db import transaction

from core.serializers import model_errors_as_api_errors
from rentals.api.views import RentalViewSet

from .. import services
from ..serializers.rentals import LegacyRentalSerializer
from .base import LegacyAnswerMixin


class LegacyRentalViewSet(LegacyAnswerMixin, RentalViewSet):
    serializer_class = LegacyRentalSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("source", "legacy_contact")

    def perform_create(self, serializer):
        contact_info = serializer.validated_data.pop("contact_info", None)
        with transaction.atomic():
            super().perform_create(serializer)
            self._keep_contact(serializer, contact_info)

    def perform_update(self, serializer):
        contact_info = serializer.validated_data.pop("contact_info", None)
        with transaction.atomic():
            super().perform_update(serializer)
            self._keep_contact(serializer, contact_info)

    def _keep_contact(self, serializer, contact_info):
        if contact_info is not None:
            with model_errors_as_api_errors():
                services.rental_contact_set(
                    user=self.request.user, rental=serializer.instance, contact_info=contact_info
                )
        # The answer shows the rental as stored now, its contact text included.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)
