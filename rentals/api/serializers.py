from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.serializers import ValidatedModelSerializer
from core.validators import validate_http_url

from ..models import MAX_PHOTOS, Rental, RentalSource, ScrapeRun
from ..selectors import source_last_run


class RentalSerializer(ValidatedModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    source_id = serializers.IntegerField(read_only=True, allow_null=True)
    # The shape of the list is read here, so a bad address is reported at its index; the
    # model's rules judge the rest.
    photos = serializers.ListField(
        child=serializers.URLField(max_length=2048, validators=[validate_http_url]),
        max_length=MAX_PHOTOS,
        required=False,
    )

    class Meta:
        model = Rental
        fields = [
            "id",
            "user_id",
            "source_id",
            "external_id",
            "url",
            "title",
            "address",
            "city",
            "state",
            "postal_code",
            "price",
            "currency",
            "bedrooms",
            "bathrooms",
            "square_feet",
            "available_from",
            "pets_allowed",
            "description",
            "photos",
            "status",
            "first_seen_at",
            "last_seen_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "user_id", "source_id", "first_seen_at", "last_seen_at", "created_at", "updated_at"]


class ScrapeRunSerializer(serializers.ModelSerializer):
    source_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = ScrapeRun
        fields = [
            "id",
            "source_id",
            "status",
            "trigger",
            "started_at",
            "finished_at",
            "pages_fetched",
            "listings_found",
            "created_count",
            "updated_count",
            "unavailable_count",
            "error",
            "extracted_by",
            "warnings",
            "created_at",
        ]
        read_only_fields = fields


class RentalSourceSerializer(ValidatedModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    website_url = serializers.CharField(
        max_length=2048, help_text="A bare domain such as example.com means https://example.com."
    )
    scraping_config = serializers.JSONField(required=False, help_text="See the scraping configuration in DESIGN.md.")
    last_run = serializers.SerializerMethodField()

    class Meta:
        model = RentalSource
        fields = [
            "id",
            "user_id",
            "name",
            "website_url",
            "scraping_config",
            "is_active",
            "scrape_interval_minutes",
            "last_scraped_at",
            "last_run",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "user_id", "last_scraped_at", "last_run", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is None:
            attrs.setdefault("name", "")  # the model names an unnamed source after its site
        return super().validate(attrs)

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
