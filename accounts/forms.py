from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from core.forms import PlainErrorsMixin, TimezoneField

from .models import User

INCOMPLETE = "Enter your email and password."


class _EmailLengthChecked:
    """An email longer than any account's is refused before it is looked up or recorded as a
    failed attempt (django-axes keeps 255 characters of it)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(User._meta.get_field("email").max_length))


class SignInForm(_EmailLengthChecked, AuthenticationForm):
    """The site's email and password sign-in. A blank email or password is one message at the
    top, and no attempt: nothing is checked or counted against the lockout."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password don't match an account. Check both and try again.",
        "inactive": "This account is switched off. Ask LeaseLine's support to switch it back on.",
        "incomplete": INCOMPLETE,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["username"].error_messages["max_length"] = "That email is longer than any account's."

    def clean(self):
        if not self.cleaned_data.get("username") or not self.cleaned_data.get("password"):
            if "username" not in self.errors:
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
            return self.cleaned_data
        return super().clean()


class AdminSignInForm(_EmailLengthChecked, AdminAuthenticationForm):
    """The admin's sign-in (staff only), with the same checks."""


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class AccountForm(PlainErrorsMixin, forms.ModelForm):
    timezone = TimezoneField(help_text="Dates and times on every page are shown in this zone.")

    class Meta:
        model = User
        fields = ["name", "timezone"]
        labels = {"name": "Your name"}
