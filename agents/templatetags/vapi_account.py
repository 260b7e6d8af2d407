"""The VAPI account panel, shown on the account page (accounts sits below agents)."""

from django import template

from agents.forms import VapiKeyForm
from agents.vapi_accounts import vapi_account_for, vapi_mode_for

register = template.Library()


@register.inclusion_tag("agents/_vapi_account.html", takes_context=True)
def vapi_account_panel(context):
    user = context["request"].user
    account = vapi_account_for(user)
    return {
        "mode": vapi_mode_for(user, account),
        "account": account,
        "vapi_key_form": context.get("vapi_key_form") or VapiKeyForm(),
        "csrf_token": context.get("csrf_token"),
    }
