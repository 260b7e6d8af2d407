import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .forms import AccountForm


@login_required
def account(request):
    # A copy: a refused change must not show as the signed-in user's name elsewhere on the page.
    form = AccountForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your account is saved.")
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


def signin_locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once an account and address are locked (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
