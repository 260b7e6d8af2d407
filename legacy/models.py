from django.core.exceptions import ValidationError
from django.db import models

from accounts.ownership import OwnedModel


class RentalContact(OwnedModel):
    """The existing frontend's free-text `contact_info` of a rental, which LeaseLine's own
    rental has no field for; kept beside the rental and deleted with it."""

    rental = models.OneToOneField("rentals.Rental", on_delete=models.CASCADE, related_name="legacy_contact")
    contact_info = models.CharField(max_length=500, blank=True, default="")

    def __str__(self):
        return self.contact_info

    def clean(self):
        if self.rental_id is not None and self.rental.user_id != self.user_id:
            raise ValidationError({"rental": "The rental must be this manager's."})
