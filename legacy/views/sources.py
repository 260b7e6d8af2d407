"""`/database/sources` (R6): the `/api/` sources viewset with the old names and a bare array.
No page of the frontend calls these; they answer as its data layer reads them."""

from rest_framework import status
from rest_framework.response import Response

from rentals.api.views import RentalSourceViewSet

from ..serializers.rentals import LegacySourceSerializer
from .base import LegacyAnswerMixin


class LegacySourceViewSet(LegacyAnswerMixin, RentalSourceViewSet):
    serializer_class = LegacySourceSerializer
    pagination_class = None
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(serializer.data, status=status.HTTP_201_CREATED)
