import copy

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core import words
from core.forms import PlainErrorsMixin, plain_messages

from .models import Rental, RentalSource
from .scraping.presets import PLATFORM_LABELS

IDENTITY_FIELDS = ("title", "url", "address")
PETS_CHOICES = [("", "Any"), ("true", "Allowed"), ("false", "Not allowed")]
SORT_CHOICES = [
    ("", "Newest first"),
    ("price", "Price, low to high"),
    ("-price", "Price, high to low"),
    ("bedrooms", "Bedrooms, fewest first"),
    ("-bedrooms", "Bedrooms, most first"),
    ("available_from", "Available soonest"),
    ("-square_feet", "Largest first"),
]
FILTER_LABELS = {  # in the order the filter bar shows them
    "q": "Search",
    "city": "City",
    "min_price": "Min rent",
    "max_price": "Max rent",
    "min_bedrooms": "Min beds",
    "max_bedrooms": "Max beds",
    "min_bathrooms": "Min baths",
    "pets_allowed": "Pets",
    "available_by": "Available by",
    "status": "Status",
    "source": "Source",
    "ordering": "Sort",
}


def dress_rental_filters(form, *, user):
    """Give the rentals API's filter form (RentalFilterSet.form) friendly labels and inputs.

    The filtering and its validation stay the API's; only how the fields look changes, and
    the source choice lists the user's own sources.
    """
    for name, label in FILTER_LABELS.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].required = False
    form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "placeholder": "Words in title or address"})
    form.fields["available_by"].widget = forms.DateInput(attrs={"type": "date"})
    for name in ("min_price", "max_price", "min_bedrooms", "max_bedrooms", "min_bathrooms"):
        form.fields[name].widget = forms.NumberInput(
            attrs={"min": 0, "step": "any" if "price" in name or "bath" in name else 1}
        )
    form.fields["pets_allowed"].widget = forms.Select(choices=PETS_CHOICES)
    form.fields["status"].widget = forms.Select(choices=[("", "Any")] + list(Rental.Status.choices))
    sources = RentalSource.objects.for_user(user).order_by("name", "id")
    form.fields["source"].widget = forms.Select(
        choices=[("", "Any")] + [(source.pk, str(source)) for source in sources]
    )
    form.fields["ordering"].widget.choices = SORT_CHOICES  # keep the CSV widget the filter parses
    form.order_fields(list(FILTER_LABELS))
    # The page leaves out a filter it cannot read (the API refuses it): its message says so.
    for name, field in form.fields.items():
        plain_messages(field, FILTER_LABELS.get(name, name))
        field.error_messages.update(
            {code: f"{message} This filter is left out." for code, message in field.error_messages.items()}
        )
    form.fields["ordering"].error_messages["invalid_choice"] = "Unknown sort order — showing newest first."
    return form


class RentalForm(PlainErrorsMixin, forms.ModelForm):
    """A rental entered by hand (or a scraped one corrected; the next scrape may update it again)."""

    url = forms.URLField(label="Listing link", required=False, max_length=2048, assume_scheme="https")

    class Meta:
        model = Rental
        fields = [
            "title",
            "url",
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
            "status",
            "description",
        ]
        widgets = {
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "pets_allowed": forms.NullBooleanSelect(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "price": "Rent",
            "postal_code": "ZIP code",
            "pets_allowed": "Pets",
            "available_from": "Available from",
        }
        help_texts = {
            "bedrooms": "0 means a studio.",
            "price": "Per month.",
            "currency": "A 3-letter code, such as USD.",
            "url": "The listing's own page, if it has one.",
        }

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "USD").upper()

    def _update_errors(self, errors):
        # With its title, link or address refused, a rental looks empty to the model's rule;
        # the refused field's own error is the one to show.
        if hasattr(errors, "error_dict") and any(name in self.errors for name in IDENTITY_FIELDS):
            kept = [error for error in errors.error_dict.pop(NON_FIELD_ERRORS, []) if error.code != "empty"]
            if kept:
                errors.error_dict[NON_FIELD_ERRORS] = kept
        super()._update_errors(errors)


STRATEGY_CHOICES = [
    ("auto", "Automatic (recommended): every way LeaseLine reads listings"),
    ("jsonld", "Structured data on the page (schema.org) only"),
    ("css", "Selectors you write below (advanced)"),
]
# The selector fields whose field names do not read as words on their own.
SELECTOR_LABELS = {"url": "Web address", "external_id": "Listing's own ID"}
# Every hour, every 6 hours, twice a day, every day, every week: labelled as the source pages say them.
INTERVAL_CHOICES = [(minutes, words.interval_words(minutes)) for minutes in (60, 360, 720, 1440, 10080)]
SELECTOR_HELP = {
    "external_id": "The listing's own id, e.g. <code>::attr(data-id)</code>. Without one, its link is the id.",
    "url": "e.g. <code>a::attr(href)</code>",
    "title": "e.g. <code>h2::text</code>",
    "price": "e.g. <code>.rent::text</code> (“$1,850/mo” is understood)",
    "bedrooms": "“Studio”, “2 bd” are understood",
    "photos": "every match is a photo, e.g. <code>img::attr(src)</code>",
}


# Form field -> (config key, entry) for the page-wide values the form shows.
PAGE_WIDE_FIELDS = {
    "page_address": ("page_fields", "address"),
    "default_city": ("defaults", "city"),
    "default_state": ("defaults", "state"),
}


def scraping_config_from(data, *, listing_fields, previous=None):
    """The `scraping_config` a source stores, from the form's flat fields (empty keys left out).

    Entries of `previous` (the stored config) that the form does not show, such as page_fields
    or defaults set through the API, are kept.
    """
    config = {"strategy": data.get("strategy") or "auto"}
    if data.get("platform"):
        config["platform"] = data["platform"]
    for key in ("page_fields", "defaults"):
        shown = {entry for config_key, entry in PAGE_WIDE_FIELDS.values() if config_key == key}
        kept = {name: value for name, value in ((previous or {}).get(key) or {}).items() if name not in shown}
        given = {
            entry: data[field].strip()
            for field, (config_key, entry) in PAGE_WIDE_FIELDS.items()
            if config_key == key and (data.get(field) or "").strip()
        }
        if kept or given:
            config[key] = {**kept, **given}
    start_urls = [line.strip() for line in (data.get("start_urls") or "").splitlines() if line.strip()]
    if start_urls:
        config["start_urls"] = start_urls
    fields = {
        name: data[f"field_{name}"].strip() for name in listing_fields if (data.get(f"field_{name}") or "").strip()
    }
    if (data.get("item") or "").strip() or fields:
        config["listing"] = {"item": (data.get("item") or "").strip(), "fields": fields}
    if (data.get("next_page") or "").strip():
        config["next_page"] = data["next_page"].strip()
    if data.get("max_pages"):
        config["max_pages"] = data["max_pages"]
    if data.get("follow_details"):
        config["follow_details"] = True
    return config


class SourceForm(PlainErrorsMixin, forms.Form):
    """A rental source: the site, how often to read it, and (for the css strategy) its selectors.

    The selector fields are flattened `scraping_config`; `scraping_config_path_field` maps the
    config validator's error paths ("listing.fields.price") back onto them. Given the source
    (`instance`, new or saved), the form asks the model's rules too, so one submit shows every
    problem; the preview passes none (it checks the address within its own deadline).
    """

    error_words = {"website_url": {"required": "Give the address of the page that lists your rentals."}}

    name = forms.CharField(
        max_length=200, required=False, help_text="How you call this site; the address is used if blank."
    )
    website_url = forms.CharField(
        label="Website address",
        max_length=2048,
        help_text="The page that lists your rentals, e.g. <code>https://rentals.example.com/listings</code>.",
    )
    is_active = forms.BooleanField(label="Scrape on a schedule", required=False, initial=True)
    scrape_interval_minutes = forms.TypedChoiceField(
        label="How often", choices=INTERVAL_CHOICES, coerce=int, initial=1440
    )
    strategy = forms.ChoiceField(label="How to read the listings", choices=STRATEGY_CHOICES, initial="auto")
    platform = forms.ChoiceField(
        label="Listing platform",
        required=False,
        choices=[("", "Recognise it automatically")] + sorted(PLATFORM_LABELS.items(), key=lambda item: item[1]),
        help_text="Only if LeaseLine does not recognise the software your listings page runs on.",
    )
    page_address = forms.CharField(
        label="Address on the page",
        required=False,
        max_length=500,
        help_text="A selector for an address printed once on the page (a building's), e.g. "
        "<code>footer .address::text</code>, for listings that do not show their own.",
    )
    default_city = forms.CharField(
        label="City", required=False, max_length=120, help_text="For listings that do not say their city."
    )
    default_state = forms.CharField(
        label="State", required=False, max_length=60, help_text="For listings that do not say their state."
    )
    start_urls = forms.CharField(
        label="Start pages",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One address per line; blank starts at the website address.",
    )
    item = forms.CharField(
        label="Listing item",
        required=False,
        help_text="The element around each listing, e.g. <code>div.listing</code>.",
    )
    next_page = forms.CharField(
        label="Next page link", required=False, help_text="e.g. <code>a.next::attr(href)</code>"
    )
    max_pages = forms.IntegerField(
        label="Most pages per scrape", required=False, min_value=1, max_value=200, help_text="1 to 200 (default 20)."
    )
    follow_details = forms.BooleanField(label="Also read each listing's own page", required=False)

    def __init__(self, *args, listing_fields, previous_config=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.listing_fields = listing_fields
        self.previous_config = previous_config or {}
        self.instance = instance
        for name in listing_fields:
            label = SELECTOR_LABELS.get(name) or name.replace("_", " ").capitalize()
            field = forms.CharField(label=label, required=False, max_length=500, help_text=SELECTOR_HELP.get(name, ""))
            plain_messages(field, label, {"max_length": f"The {label.lower()} selector can be at most 500 characters."})
            self.fields[f"field_{name}"] = field

    def model_fields(self):
        """The source's own fields from the form (the config assembled from its flat fields)."""
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "website_url": data.get("website_url") or self.data.get("website_url", ""),
            "scraping_config": self.scraping_config(),
            "is_active": data.get("is_active", False),
            "scrape_interval_minutes": data.get("scrape_interval_minutes"),
        }

    def clean(self):
        data = super().clean()
        if self.instance is not None:
            source = copy.copy(self.instance)
            for name, value in self.model_fields().items():
                setattr(source, name, value)
            try:
                source.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                self.add_model_errors(exc, skip=set(self.errors))
        return data

    def add_model_errors(self, exc, *, skip=()):
        """The model's verdict beside the fields it is about (a field the form refused already
        keeps the form's one message)."""
        for name, errors in exc.error_dict.items():
            for error in errors:
                if name == "scraping_config" and "detail" in (error.params or {}):
                    self._add_config_errors(error.params["detail"], skip=skip)
                elif name not in skip:
                    self.add_error(name if name in self.fields else None, error.messages)

    def _add_config_errors(self, detail, *, skip=()):
        """The scraping config's problems ({path: [message]} or [message]) beside their fields:
        the first one per field, named after it (the summary lists it away from the field)."""
        detail = detail if isinstance(detail, dict) else {"": detail}
        for path, problems in detail.items():
            field = self.scraping_config_path_field(path)
            if field is not None and (field in skip or field in self.errors):
                continue
            for problem in (problems if isinstance(problems, list) else [problems])[: 1 if field else None]:
                self.add_error(field, f"{self.fields[field].label}: {problem}" if field else str(problem))

    @classmethod
    def initial_for(cls, source):
        config = source.scraping_config or {}
        listing = config.get("listing") or {}
        initial = {
            "name": source.name,
            "website_url": source.website_url,
            "is_active": source.is_active,
            "scrape_interval_minutes": source.scrape_interval_minutes,
            "strategy": config.get("strategy", "auto"),
            "platform": config.get("platform", ""),
            "start_urls": "\n".join(config.get("start_urls") or []),
            "item": listing.get("item", ""),
            "next_page": config.get("next_page", ""),
            "max_pages": config.get("max_pages"),
            "follow_details": config.get("follow_details", False),
        }
        initial.update({f"field_{name}": query for name, query in (listing.get("fields") or {}).items()})
        for field, (key, entry) in PAGE_WIDE_FIELDS.items():
            initial[field] = (config.get(key) or {}).get(entry, "")
        return initial

    def selector_fields(self):
        return [self[f"field_{name}"] for name in self.listing_fields]

    def scraping_config(self):
        return scraping_config_from(
            self.cleaned_data, listing_fields=self.listing_fields, previous=self.previous_config
        )

    def scraping_config_path_field(self, path):
        """The form field showing an error at `path` of scraping_config (None: the form as a whole)."""
        if path.startswith("listing.fields."):
            name = f"field_{path.removeprefix('listing.fields.')}"
            return name if name in self.fields else "item"
        page_wide = {f"{key}.{entry}": field for field, (key, entry) in PAGE_WIDE_FIELDS.items()}
        return {"listing.item": "item", "listing": "item", "listing.fields": "item", **page_wide}.get(
            path, path if path in self.fields else None
        )
