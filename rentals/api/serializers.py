from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Rental, RentalSource, ScrapeRun
from ..scraping.config import ScrapingConfigError, clean_scraping_config
from ..scraping.errors import InvalidUrlError
from ..scraping.netguard import normalize_website_url
from ..selectors import source_last_run


def _http_url(value):
    if not value.lower().startswith(("http://", "https://")):
        raise serializers.ValidationError("Use an http:// or https:// address.")
    return value


class RentalSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    source_id = serializers.IntegerField(read_only=True, allow_null=True)
    currency = serializers.RegexField(
        r"^[A-Z]{3}$", required=False, error_messages={"invalid": "Use a 3-letter ISO code such as USD."}
    )
    photos = serializers.ListField(
        child=serializers.URLField(max_length=2048, validators=[_http_url]), max_length=50, required=False
    )

    class Meta:
        model = Rental
        fields = [
            "id", "user_id", "source_id", "external_id", "url", "title", "address", "city", "state",
            "postal_code", "price", "currency", "bedrooms", "bathrooms", "square_feet", "available_from",
            "pets_allowed", "description", "photos", "status", "first_seen_at", "last_seen_at",
            "created_at", "updated_at",
        ]
        read_only_fields = ["id", "user_id", "source_id", "first_seen_at", "last_seen_at", "created_at", "updated_at"]
        extra_kwargs = {
            "price": {"min_value": 0},
            "bedrooms": {"max_value": 50},
            "bathrooms": {"min_value": 0, "max_value": 50},
            "square_feet": {"min_value": 1, "max_value": 1_000_000},
            "url": {"validators": [_http_url]},
        }


class ScrapeRunSerializer(serializers.ModelSerializer):
    source_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScrapeRun
        fields = [
            "id", "source_id", "status", "trigger", "started_at", "finished_at", "pages_fetched",
            "listings_found", "created_count", "updated_count", "unavailable_count", "error", "extracted_by",
            "warnings", "created_at",
        ]
        read_only_fields = fields


class RentalSourceSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    website_url = serializers.CharField(
        max_length=2048, help_text="A bare domain such as example.com means https://example.com."
    )
    scraping_config = serializers.JSONField(required=False, help_text="See the scraping configuration in DESIGN.md.")
    scrape_interval_minutes = serializers.IntegerField(min_value=5, max_value=525_600, required=False)
    last_run = serializers.SerializerMethodField()

    class Meta:
        model = RentalSource
        fields = [
            "id", "user_id", "name", "website_url", "scraping_config", "is_active", "scrape_interval_minutes",
            "last_scraped_at", "last_run", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "user_id", "last_scraped_at", "last_run", "created_at", "updated_at"]

    def validate_website_url(self, value):
        try:
            return normalize_website_url(value, allow_private=settings.SCRAPER_ALLOW_PRIVATE_NETWORKS)
        except InvalidUrlError as exc:
            raise serializers.ValidationError(str(exc))

    def validate_scraping_config(self, value):
        try:
            return clean_scraping_config(value, allow_private=settings.SCRAPER_ALLOW_PRIVATE_NETWORKS)
        except ScrapingConfigError as exc:
            raise serializers.ValidationError(exc.detail)

    def validate(self, attrs):
        if not attrs.get("name") and self.instance is None and attrs.get("website_url"):
            # An unnamed source is called after its site.
            attrs["name"] = attrs["website_url"].split("://", 1)[-1].split("/", 1)[0][:200]
        return attrs

    @extend_schema_field(ScrapeRunSerializer(allow_null=True))
    def get_last_run(self, source):
        run = source_last_run(source)
        return ScrapeRunSerializer(run).data if run is not None else None


class SourcePreviewRequestSerializer(serializers.Serializer):
    """A source as it would be saved; checked by the preview itself (same rules as a source)."""

    website_url = serializers.CharField(max_length=2048)
    scraping_config = serializers.JSONField(required=False, default=dict)


class PreviewListingSerializer(serializers.Serializer):
    """A rental as a scrape would save it, and the extractors that found it."""

    external_id = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField()
    address = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    postal_code = serializers.CharField()
    price = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    bedrooms = serializers.IntegerField(allow_null=True)
    bathrooms = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    square_feet = serializers.IntegerField(allow_null=True)
    available_from = serializers.DateField(allow_null=True)
    pets_allowed = serializers.BooleanField(allow_null=True)
    description = serializers.CharField()
    photos = serializers.ListField(child=serializers.CharField())
    found_by = serializers.ListField(child=serializers.CharField())


class SourcePreviewSerializer(serializers.Serializer):
    listings = PreviewListingSerializer(many=True)
    pages_fetched = serializers.IntegerField()
    extracted_by = serializers.DictField(child=serializers.IntegerField())
    warnings = serializers.ListField(child=serializers.CharField())
