from .views import RentalSourceViewSet, RentalViewSet

# "rentals/sources" first, so it is never read as a rental id.
routes = [
    ("rentals/sources", RentalSourceViewSet, "rental-source"),
    ("rentals", RentalViewSet, "rental"),
]

urlpatterns = []
