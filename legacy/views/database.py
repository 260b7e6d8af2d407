"""`/database/*` (R1, R2): the frontend fetches these without credentials. LeaseLine answers
them only with a Clerk token (401 without one), with the signed-in user's own rentals."""

from django.db.models import Max
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboard.selectors import dashboard_stats
from rentals.models import Rental, RentalSource
from rentals.selectors import rental_list

from ..serializers.rentals import LegacyRentalSerializer
from .base import LegacyAnswerMixin

# The frontend shows the whole list on one page; past this the newest are shown.
AVAILABLE_MAX = 1000


class AvailableRentalsView(LegacyAnswerMixin, APIView):
    def get(self, request):
        rentals = rental_list(user=request.user).filter(status=Rental.Status.AVAILABLE)
        total = rentals.count()
        rentals = rentals.select_related("source", "legacy_contact").order_by("-created_at", "-id")[:AVAILABLE_MAX]
        return Response(
            {
                "status": "success",
                "total_available": total,
                "current_date": timezone.localdate().isoformat(),
                "rentals": LegacyRentalSerializer(rentals, many=True).data,
            }
        )


class DatabaseStatusView(LegacyAnswerMixin, APIView):
    def get(self, request):
        stats = dashboard_stats(user=request.user)
        last_scraped = RentalSource.objects.for_user(request.user).aggregate(last=Max("last_scraped_at"))["last"]
        return Response(
            {
                "status": "success",
                "database_stats": {
                    "total_rentals": stats["rentals"]["total"],
                    "available_rentals": stats["rentals"]["available"],
                    "websites_tracked": stats["rentals"]["sources"],
                    "last_updated": last_scraped.isoformat() if last_scraped else None,
                },
            }
        )
