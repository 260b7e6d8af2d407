from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower

from accounts.ownership import OwnedModel
from core.validators import validate_http_url

from .scraping.config import ScrapingConfigError, clean_scraping_config
from .scraping.errors import InvalidUrlError
from .scraping.netguard import normalize_website_url

MAX_PHOTOS = 50
validate_currency = RegexValidator(r"^[A-Z]{3}\Z", "Use a 3-letter currency code such as USD.")


def config_problems_text(detail):
    """A scraping config's problems ({"path": [messages]} or [messages]) as one sentence each."""
    if isinstance(detail, dict):
        return "; ".join(f"{path}: {' '.join(map(str, problems))}" for path, problems in detail.items())
    return " ".join(map(str, detail))


def validate_photos(value):
    """Up to 50 photo addresses, each an http(s) URL of at most 2,048 characters."""
    if not isinstance(value, list):
        raise ValidationError("Give the photos as a list of addresses.", code="invalid")
    if len(value) > MAX_PHOTOS:
        raise ValidationError(f"A rental can have at most {MAX_PHOTOS} photos.", code="max_length")
    for address in value:
        if not isinstance(address, str) or len(address) > 2048:
            raise ValidationError("Each photo is an address of at most 2048 characters.", code="invalid")
        validate_http_url(address)


class RentalSource(OwnedModel):
    """A website where the manager lists rentals, scraped on a schedule."""

    name = models.CharField(max_length=200, blank=True, default="")
    website_url = models.URLField(max_length=2048)
    scraping_config = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    scrape_interval_minutes = models.PositiveIntegerField(
        default=1440,
        validators=[
            MinValueValidator(5, "Scrape at most every 5 minutes."),
            MaxValueValidator(525_600, "Scrape at least once a year (525,600 minutes)."),
        ],
    )
    last_scraped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name or self.website_url

    def clean_fields(self, exclude=None):
        """The address and the config are put in the form LeaseLine stores first (a bare
        domain means https://), then every field is checked."""
        exclude = set(exclude or ())
        errors = {}
        if not exclude & {"website_url", "scraping_config"}:
            try:
                self.check_address_and_config()
            except ValidationError as exc:
                errors = exc.error_dict
        try:
            # normalize_website_url is the address rule (length included): Django's URL check
            # would refuse addresses it reads, such as http://2130706433/.
            super().clean_fields(exclude=exclude | set(errors) | {"website_url"})
        except ValidationError as exc:
            errors.update(exc.error_dict)
        if errors:
            raise ValidationError(errors)

    def check_address_and_config(self, *, resolve=True):
        """A public http(s) address and a valid config, normalised in place; `resolve=False`
        leaves the address's name unresolved (the preview resolves it within its deadline)."""
        allow_private = settings.SCRAPER_ALLOW_PRIVATE_NETWORKS
        errors = {}
        try:
            self.website_url = normalize_website_url(self.website_url, allow_private=allow_private, resolve=resolve)
        except InvalidUrlError as exc:
            errors["website_url"] = ValidationError(str(exc), code="invalid")
        try:
            self.scraping_config = clean_scraping_config(
                self.scraping_config, allow_private=allow_private, resolve=resolve
            )
        except ScrapingConfigError as exc:
            # The config's problems keep their paths ({"start_urls": [...]}) for the API and the form.
            errors["scraping_config"] = ValidationError(
                config_problems_text(exc.detail), code="invalid_config", params={"detail": exc.detail}
            )
        if errors:
            raise ValidationError(errors)

    def clean(self):
        if not self.name and self.pk is None and self.website_url:
            # An unnamed source is called after its site.
            self.name = self.website_url.split("://", 1)[-1].split("/", 1)[0][:200]


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
    # Written with each progress save while the run executes: a run whose heartbeat stopped
    # was interrupted (see services.runs_fail_interrupted).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
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

    source = models.ForeignKey(RentalSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="rentals")
    external_id = models.CharField(max_length=512, blank=True, default="")
    url = models.URLField(max_length=2048, blank=True, default="", validators=[validate_http_url])
    title = models.CharField(max_length=300, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    city = models.CharField(max_length=120, blank=True, default="")
    state = models.CharField(max_length=60, blank=True, default="")
    postal_code = models.CharField(max_length=20, blank=True, default="")
    price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Rent can't be negative.")],
    )
    currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    bedrooms = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "Bedrooms can't be negative."),
            MaxValueValidator(50, "Bedrooms can be at most 50."),
        ],
    )
    bathrooms = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, "Bathrooms can't be negative."),
            MaxValueValidator(50, "Bathrooms can be at most 50."),
        ],
    )
    square_feet = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Square feet must be at least 1."),
            MaxValueValidator(1_000_000, "Square feet can be at most 1,000,000."),
        ],
    )
    available_from = models.DateField(null=True, blank=True)
    pets_allowed = models.BooleanField(null=True, blank=True)
    description = models.TextField(blank=True, default="")
    photos = models.JSONField(default=list, blank=True, validators=[validate_photos])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.AVAILABLE)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="rentals_rental_source_external_id_unique"),
        ]
        indexes = [
            models.Index(fields=["user", "status", "price"], name="rentals_user_status_price"),
            models.Index(fields=["user", "bedrooms"], name="rentals_user_bedrooms"),
            models.Index(Lower("city"), name="rentals_city_ci"),
        ]

    def __str__(self):
        return self.title or self.address or self.external_id or f"Rental {self.pk}"

    def clean(self):
        if not any((self.title.strip(), self.address.strip(), self.url, self.external_id)):
            raise ValidationError("Give the rental a title, an address or its listing's link.", code="empty")
