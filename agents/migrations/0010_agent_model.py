from django.core.exceptions import ValidationError
from django.db import migrations, models

from agents.validators import normalize_model


def move_frontend_model(apps, schema_editor):
    """The model choice the existing frontend saved (kept in frontend_config until now)
    becomes the agent's model when VAPI would accept it; anything else stays where it was."""
    Agent = apps.get_model("agents", "Agent")
    for agent in Agent.objects.exclude(frontend_config={}).iterator():
        saved = (agent.frontend_config or {}).get("model")
        if not isinstance(saved, dict):
            continue
        try:
            model = normalize_model({key: saved[key] for key in ("provider", "model", "temperature") if key in saved})
        except ValidationError:
            continue
        agent.model = model
        agent.frontend_config = {key: value for key, value in agent.frontend_config.items() if key != "model"}
        agent.save(update_fields=["model", "frontend_config"])


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0009_plain_rule_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="agent",
            name="model",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(move_frontend_model, migrations.RunPython.noop),
    ]
