from django import forms

from agents.models import Agent


class CallFilterForm(forms.Form):
    """The filters of the calls page; every choice is one of the user's own agents."""

    agent = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False, empty_label="All agents")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(required=False, label="Caller number", max_length=32)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = Agent.objects.for_user(user).order_by("agent_name")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned
