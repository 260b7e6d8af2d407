"""Filters of `GET /api/rentals` (and the web list). A value of the wrong type is an error (400)."""

from django import forms
from django.db.models import F, Q
from django.db.models.functions import Lower
from django_filters import rest_framework as filters

from core.values import parse_bool

from .models import Rental


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error rather than "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return parse_bool(value)
        except ValueError:
            raise forms.ValidationError("Enter true or false.", code="invalid") from None


class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class NullsLastOrderingFilter(filters.OrderingFilter):
    """Ordering where rentals without the value come last either way, ties broken by id."""

    def get_ordering_value(self, param):
        name = super().get_ordering_value(param)
        if name.startswith("-"):
            return F(name[1:]).desc(nulls_last=True)
        return F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value if param], "-id")


ORDERING_FIELDS = ("price", "bedrooms", "available_from", "created_at", "square_feet")


class RentalFilterSet(filters.FilterSet):
    min_price = filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = filters.NumberFilter(field_name="price", lookup_expr="lte")
    min_bedrooms = IntegerFilter(field_name="bedrooms", lookup_expr="gte")
    max_bedrooms = IntegerFilter(field_name="bedrooms", lookup_expr="lte")
    min_bathrooms = filters.NumberFilter(field_name="bathrooms", lookup_expr="gte")
    city = filters.CharFilter(method="filter_city", help_text="City, any letter case.")
    pets_allowed = StrictBooleanFilter(field_name="pets_allowed")
    available_by = filters.DateFilter(
        method="filter_available_by",
        help_text="Available on or before this date (rentals without a date are available now).",
    )
    status = filters.ChoiceFilter(choices=Rental.Status.choices)
    source = IntegerFilter(field_name="source_id", help_text="Source id.")
    q = filters.CharFilter(method="filter_text", help_text="Words in title, address, city or description.")
    ordering = NullsLastOrderingFilter(fields=ORDERING_FIELDS)

    class Meta:
        model = Rental
        fields = []

    def filter_city(self, queryset, name, value):
        # lower(city) = ... is what the functional index rentals_city_ci serves.
        return queryset.alias(city_lower=Lower("city")).filter(city_lower=value.strip().lower())

    def filter_available_by(self, queryset, name, value):
        return queryset.filter(Q(available_from__isnull=True) | Q(available_from__lte=value))

    def filter_text(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(address__icontains=word)
                | Q(city__icontains=word)
                | Q(description__icontains=word)
            )
        return queryset
