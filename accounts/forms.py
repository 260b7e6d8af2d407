import zoneinfo

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from .models import User


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
