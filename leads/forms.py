from django import forms

from core.forms import DateRangeFilterMixin

from .models import Lead


def _agents_model():
    """The Agent model, reached through the viewings' foreign key: leads sits below agents."""
    return Lead._meta.get_field("appointments").related_model.agents_model()


class LeadFilterForm(DateRangeFilterMixin, forms.Form):
    """The lead list's filters, as the API's; every agent offered is the manager's own."""

    q = forms.CharField(required=False, label="Search", max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Lead.Status.choices])
    agent = forms.ModelChoiceField(queryset=Lead.objects.none(), required=False, empty_label="All agents")
    date_from = forms.DateField(
        required=False, label="Last contact from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(required=False, label="Last contact to", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "Name, phone or email"
        self.fields["agent"].queryset = _agents_model().objects.for_user(user).order_by("agent_name")


class LeadForm(forms.ModelForm):
    """The manager's edit; what they change is remembered as theirs (leads.services.lead_update)."""

    class Meta:
        model = Lead
        fields = [
            "name",
            "email",
            "status",
            "budget_max",
            "bedrooms_min",
            "move_in_date",
            "pets",
            "notes",
            "do_not_contact",
        ]
        labels = {
            "budget_max": "Budget (most a month)",
            "bedrooms_min": "Bedrooms (at least)",
            "move_in_date": "Move-in date",
            "do_not_contact": "Do not contact (no confirmations, reminders or texts)",
        }
        widgets = {
            "move_in_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        budget = self.instance.budget_max
        if budget is not None:
            self.initial["budget_max"] = format(budget.normalize(), "f")  # 1800, not 1800.00
