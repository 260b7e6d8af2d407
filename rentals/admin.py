from django import forms
from django.contrib import admin, messages
from django.db import models

from .models import Rental, RentalSource, ScrapeRun
from .services import ScrapeAlreadyRunning, ScrapeQueueUnavailable, source_scrape

RECENT_RUNS = 20


class JSONFormField(forms.JSONField):
    """Django's JSON form field, where JSON nested too deeply to parse is a form error: the
    parser's RecursionError would otherwise be a 500."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError:
            raise forms.ValidationError("The JSON is nested too deeply.", code="invalid")

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)


FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}, models.JSONField: {"form_class": JSONFormField}}


class GuardedListAdmin(admin.ModelAdmin):
    """JSON fields read with the guarded form field (a NUL in a list filter's query is refused
    for every page by config.middleware.RefuseNulInQueryMiddleware)."""

    formfield_overrides = FIELD_OVERRIDES


class RentalSourceAdminForm(forms.ModelForm):
    """The model's rules apply to staff too (public addresses only, a valid config); the
    address is free text so that a bare domain can be given, as on the page and the API."""

    website_url = forms.CharField(max_length=2048)

    class Meta:
        model = RentalSource
        fields = ["user", "name", "website_url", "scraping_config", "is_active", "scrape_interval_minutes"]


RUN_FIELDS = (
    "status",
    "trigger",
    "created_at",
    "started_at",
    "finished_at",
    "pages_fetched",
    "listings_found",
    "created_count",
    "updated_count",
    "unavailable_count",
    "error",
)


class RecentRunsFormSet(forms.BaseInlineFormSet):
    """The newest runs only: a source scraped every few minutes has thousands."""

    def get_queryset(self):
        return super().get_queryset()[:RECENT_RUNS]


class ScrapeRunInline(admin.TabularInline):
    model = ScrapeRun
    formset = RecentRunsFormSet
    verbose_name_plural = "Recent scrape runs (all of them are under Scrape runs)"
    fields = RUN_FIELDS
    readonly_fields = RUN_FIELDS
    ordering = ["-created_at", "-id"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(RentalSource)
class RentalSourceAdmin(GuardedListAdmin):
    form = RentalSourceAdminForm
    list_display = ("__str__", "website_url", "user", "is_active", "scrape_interval_minutes", "last_scraped_at")
    list_filter = ("is_active", "last_scraped_at")
    search_fields = ("name", "website_url", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("last_scraped_at", "created_at", "updated_at")
    inlines = [ScrapeRunInline]
    actions = ["scrape_now"]

    @admin.action(description="Scrape now")
    def scrape_now(self, request, queryset):
        queued = busy = 0
        for source in queryset.select_related("user"):
            try:
                source_scrape(user=source.user, source=source)
                queued += 1
            except ScrapeAlreadyRunning:
                busy += 1
            except ScrapeQueueUnavailable as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
        if queued:
            self.message_user(request, f"Queued {queued} scrape(s).", messages.SUCCESS)
        if busy:
            self.message_user(request, f"{busy} source(s) already had a scrape going.", messages.WARNING)


@admin.register(Rental)
class RentalAdmin(GuardedListAdmin):
    list_display = ("__str__", "city", "price", "bedrooms", "bathrooms", "status", "source", "user", "updated_at")
    list_filter = ("status", "pets_allowed", "bedrooms", "currency")
    search_fields = ("title", "address", "city", "postal_code", "external_id", "user__email")
    list_select_related = ("user", "source")
    raw_id_fields = ("user", "source")
    readonly_fields = ("first_seen_at", "last_seen_at", "created_at", "updated_at")


@admin.register(ScrapeRun)
class ScrapeRunAdmin(GuardedListAdmin):
    list_display = (
        "id",
        "source",
        "status",
        "trigger",
        "started_at",
        "finished_at",
        "pages_fetched",
        "listings_found",
        "created_count",
        "updated_count",
        "unavailable_count",
    )
    list_filter = ("status", "trigger")
    search_fields = ("source__name", "source__website_url", "user__email", "error")
    list_select_related = ("source",)
    readonly_fields = ("user", "source", *RUN_FIELDS)

    def has_add_permission(self, request):
        return False
