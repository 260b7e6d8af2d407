from django.apps import AppConfig


class LeadsConfig(AppConfig):
    """The renters who called or booked: one lead per phone number per manager."""

    name = "leads"
    verbose_name = "Leads"
