"""Rentals under the existing frontend's names (FE:src/types/api.ts:L171-192)."""

from rest_framework import serializers

from rentals.api.serializers import RentalSerializer, RentalSourceSerializer

from ..models import RentalContact

CONTACT_INFO_MAX_LENGTH = RentalContact._meta.get_field("contact_info").max_length


class LenientDateField(serializers.DateField):
    """A date, also when sent as a date-time ("2026-03-01T00:00:00.000Z" means 2026-03-01)."""

    def to_internal_value(self, value):
        if isinstance(value, str) and "T" in value:
            value = value.split("T", 1)[0]
        return super().to_internal_value(value)


class LegacyRentalSerializer(RentalSerializer):
    property_address = serializers.CharField(source="address", max_length=300, required=False, allow_blank=True)
    available_date = LenientDateField(source="available_from", required=False, allow_null=True)
    contact_info = serializers.CharField(
        required=False, allow_blank=True, max_length=CONTACT_INFO_MAX_LENGTH, write_only=True
    )
    source_type = serializers.SerializerMethodField()
    website = serializers.SerializerMethodField()
    property_type = serializers.SerializerMethodField()
    availability_status = serializers.CharField(source="status", read_only=True)

    class Meta(RentalSerializer.Meta):
        fields = [
            *RentalSerializer.Meta.fields,
            "property_address",
            "available_date",
            "contact_info",
            "source_type",
            "website",
            "property_type",
            "availability_status",
        ]

    def validate(self, attrs):
        # Kept beside the rental by the view (legacy.services.rental_contact_set), not on it.
        contact_info = attrs.pop("contact_info", None)
        attrs = super().validate(attrs)
        if contact_info is not None:
            attrs["contact_info"] = contact_info
        return attrs

    def get_source_type(self, rental) -> str:
        return "scraped" if rental.source_id else "manual"

    def get_website(self, rental) -> str:
        return rental.source.website_url if rental.source_id else ""

    def get_property_type(self, rental) -> str:
        return ""

    def to_representation(self, rental):
        data = super().to_representation(rental)
        contact = getattr(rental, "legacy_contact", None) if rental.pk else None
        data["contact_info"] = contact.contact_info if contact is not None else ""
        return data


class LegacySourceSerializer(RentalSourceSerializer):
    """A rental source as `/database/sources` had it: `website` (its name) and `url`."""

    user_id = serializers.SerializerMethodField()
    website = serializers.CharField(source="name", max_length=200, required=False, allow_blank=True)
    url = serializers.CharField(source="website_url", max_length=2048)

    class Meta(RentalSourceSerializer.Meta):
        fields = ["id", "user_id", "website", "url", "is_active", "last_scraped_at", "created_at"]
        read_only_fields = ["id", "user_id", "last_scraped_at", "created_at"]

    def get_user_id(self, source) -> str:
        return str(source.user_id)
