from django.db import models
from django.db.models.functions import Lower

from accounts.ownership import OwnedModel


class RentalSource(OwnedModel):
    """A website where the manager lists rentals, scraped on a schedule."""

    name = models.CharField(max_length=200, blank=True, default="")
    website_url = models.URLField(max_length=2048)
    scraping_config = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    scrape_interval_minutes = models.PositiveIntegerField(default=1440)
    last_scraped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name or self.website_url


class ScrapeRun(OwnedModel):
    """One scrape of a source: what it fetched, found and changed, or why it failed."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    class Trigger(models.TextChoices):
        MANUAL = "manual"
        SCHEDULE = "schedule"

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)

    source = models.ForeignKey(RentalSource, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages_fetched = models.PositiveIntegerField(default=0)
    listings_found = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unavailable_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    # Listings each extractor found before merging ({"jsonld": 4, "preset:appfolio": 12}),
    # and sentences about what deserves the manager's eye (a page that gave nothing).
    extracted_by = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database itself refuses a second queued or running run of one source.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(status__in=["queued", "running"]),
                name="rentals_scraperun_one_active_per_source",
            ),
        ]

    def __str__(self):
        return f"Run {self.pk} of {self.source_id} ({self.status})"


class Rental(OwnedModel):
    """A unit for rent, scraped from a source or entered by hand."""

    class Status(models.TextChoices):
        AVAILABLE = "available"
        UNAVAILABLE = "unavailable"

    source = models.ForeignKey(
        RentalSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="rentals"
    )
    external_id = models.CharField(max_length=512, blank=True, default="")
    url = models.URLField(max_length=2048, blank=True, default="")
    title = models.CharField(max_length=300, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    city = models.CharField(max_length=120, blank=True, default="")
    state = models.CharField(max_length=60, blank=True, default="")
    postal_code = models.CharField(max_length=20, blank=True, default="")
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    bedrooms = models.PositiveSmallIntegerField(null=True, blank=True)
    bathrooms = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    square_feet = models.PositiveIntegerField(null=True, blank=True)
    available_from = models.DateField(null=True, blank=True)
    pets_allowed = models.BooleanField(null=True, blank=True)
    description = models.TextField(blank=True, default="")
    photos = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AVAILABLE)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="rentals_rental_source_external_id_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status", "price"], name="rentals_user_status_price"),
            models.Index(fields=["user", "bedrooms"], name="rentals_user_bedrooms"),
            models.Index(Lower("city"), name="rentals_city_ci"),
        ]

    def __str__(self):
        return self.title or self.address or self.external_id or f"Rental {self.pk}"
