"""The API judges writes by the model's own rules, as pages, the admin and services do."""

import copy
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as ModelValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import serializers
from rest_framework.settings import api_settings


def model_errors(exc):
    """A model's ValidationError as the API's `fields` detail: {"field": ["message", ...]}.

    An error that carries its own detail (`params["detail"]`, such as a scraping config's
    {"path": [messages]}) keeps it.
    """
    detail = {}
    for field, errors in exc.error_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        for error in errors:
            nested = (error.params or {}).get("detail") if isinstance(error.params, dict) else None
            if nested is not None:
                detail[key] = nested
            else:
                detail.setdefault(key, []).extend(error.messages)
    return detail


@contextmanager
def model_errors_as_api_errors():
    """A service's ValidationError, raised inside, becomes the API's 400 with its fields."""
    try:
        yield
    except ModelValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise serializers.ValidationError(model_errors(exc))
        raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


class ValidatedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that runs the model's `full_clean()` on the data it is about to save.

    Field validators, `clean_fields()` and `clean()` on the model are the rules; a value the
    model normalises (a bare domain made an address) is what gets saved. The owner comes from
    the request, so rules that look at a user's other rows see the right ones.
    """

    unchecked_fields = ("user",)

    def build_standard_field(self, field_name, model_field):
        """DRF turns a model's number bounds into its own min_value/max_value checks, in its
        own words; the model's messages (its validators') are kept instead, codes unchanged."""
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        messages = {
            validator.code: validator.message
            for validator in model_field.validators
            if isinstance(validator, (MinValueValidator, MaxValueValidator))
            and validator.message not in (MinValueValidator.message, MaxValueValidator.message)
        }
        if messages:
            kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        return field_class, kwargs

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        request = self.context.get("request")
        if self.instance is None and request is not None and hasattr(instance, "user_id"):
            instance.user = request.user
        try:
            instance.full_clean(exclude=self.unchecked_fields, validate_unique=False, validate_constraints=False)
        except ModelValidationError as exc:
            raise serializers.ValidationError(model_errors(exc))
        return {name: getattr(instance, name) for name in attrs}
