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


# Kinds of voice tool parameters and the input a person types them into.
PARAM_INPUTS = {
    "integer": {"type": "number", "step": "1"},
    "number": {"type": "number", "step": "any"},
    "date": {"type": "date"},
    "email": {"type": "email"},
    "phone": {"type": "tel"},
    "datetime": {"placeholder": "2026-05-04T10:00:00-05:00 or 2026-05-04"},
}


class ToolTryForm(forms.Form):
    """One voice tool and its arguments, as the assistant would send them.

    Values stay text: the tool reads them exactly as it reads what a language model writes,
    so the answer shown is the one a caller would hear.
    """

    tool = forms.ChoiceField(label="Tool")

    def __init__(self, *args, tools, tool_name=None, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].choices = [(name, name) for name in tools]
        selected = self.data.get("tool") or tool_name or next(iter(tools))
        self.selected_tool = tools.get(selected) or next(iter(tools.values()))
        self.fields["tool"].initial = self.selected_tool.name
        for param in self.selected_tool.params:
            if param.kind == "boolean":
                field = forms.ChoiceField(required=False, choices=[("", "Not said"), ("true", "Yes"), ("false", "No")])
            else:
                attrs = dict(PARAM_INPUTS.get(param.kind, {}))
                if param.name == "start" and slot_choices:
                    attrs["list"] = "free-slots"
                field = forms.CharField(required=False, widget=forms.TextInput(attrs=attrs))
            field.label = param.name
            field.help_text = ("Required. " if param.required else "") + param.description
            field.required = False  # a missing argument is the tool's to answer, as on a call
            self.fields[f"arg_{param.name}"] = field
        self.slot_choices = slot_choices

    def argument_fields(self):
        return [self[name] for name in self.fields if name.startswith("arg_")]

    def arguments(self):
        """The non-blank arguments, by parameter name."""
        return {
            name.removeprefix("arg_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("arg_") and isinstance(value, str) and value.strip()
        }
