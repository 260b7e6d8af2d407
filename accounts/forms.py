import zoneinfo

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, UserChangeForm
from django.core.validators import MaxLengthValidator

from .models import User


class _EmailLengthChecked:
    """An email longer than any account's is refused before it is looked up or recorded as a
    failed attempt (django-axes keeps 255 characters of it)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(User._meta.get_field("email").max_length))


class SignInForm(_EmailLengthChecked, AuthenticationForm):
    """The site's email and password sign-in."""


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


class AccountForm(forms.ModelForm):
    timezone = forms.ChoiceField(choices=[(name, name) for name in sorted(zoneinfo.available_timezones())])

    class Meta:
        model = User
        fields = ["name", "timezone"]
