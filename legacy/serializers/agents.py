"""Agents as the existing frontend reads and writes them: `agent_id`, and `config`, a
VAPI-style blob mapped onto the agent's own fields (FE:src/actions/agent-actions.ts:L38-99)."""

from rest_framework import serializers

from agents.api.serializers import AgentSerializer
from agents.assistant import DEFAULT_MODEL
from agents.models import AgentFunction, AgentVariable
from core.serializers import ValidatedModelSerializer

# Keys of `config` that are the agent's own fields or its sync state: never kept as extra JSON.
MAPPED_KEYS = {"firstMessage", "voice", "lastSyncedAt", "syncStatus", "syncError"}
# A secret the frontend may send for its own server: LeaseLine neither keeps nor echoes it.
DROPPED_KEYS = {"serverUrlSecret"}


def _system_prompt(messages):
    """The first system message's text ("" for none)."""
    if not isinstance(messages, list):
        raise serializers.ValidationError({"config": ["config.model.messages is a list."]})
    for message in messages:
        if isinstance(message, dict) and message.get("role", "system") == "system":
            content = message.get("content", "")
            if not isinstance(content, str):
                raise serializers.ValidationError({"config": ["A message's content is text."]})
            return content
    return ""


def _voice(voice):
    if not isinstance(voice, dict):
        raise serializers.ValidationError({"config": ["config.voice is an object."]})
    provider, voice_id = voice.get("provider"), voice.get("voiceId")
    if not voice_id:
        return {}  # LeaseLine's default voice
    return {"provider": provider or "vapi", "voice_id": voice_id}


# Keys of `config.model` that are the agent's own fields (`instructions`, `model`).
MODEL_KEYS = {"messages", "provider", "model", "temperature"}


def _model_fields(model, extra):
    """The agent fields `config.model` sets: instructions from its system message, the
    agent's model from provider/model/temperature; any other key stays in `extra["model"]`."""
    fields = {}
    if "messages" in model:
        fields["instructions"] = _system_prompt(model["messages"])
    if "model" in model:
        name = model["model"]
        chosen = {"provider": model.get("provider") or "openai", "model": name} if name else {}
        if name and model.get("temperature") is not None:
            chosen["temperature"] = model["temperature"]
        fields["model"] = chosen  # judged by the agent's rules (agents/validators.py)
    rest = {key: value for key, value in model.items() if key not in MODEL_KEYS}
    if rest:
        extra["model"] = rest
    else:
        extra.pop("model", None)
    return fields


def config_to_fields(config, current_extra):
    """The agent fields a frontend `config` sets: first_message, instructions, voice, model
    and frontend_config (every other key, merged over what the agent kept before)."""
    if not isinstance(config, dict):
        raise serializers.ValidationError({"config": ["config is a JSON object."]})
    fields = {}
    extra = dict(current_extra or {})
    if "firstMessage" in config:
        if not isinstance(config["firstMessage"], str | None):
            raise serializers.ValidationError({"config": ["config.firstMessage is text."]})
        fields["first_message"] = config["firstMessage"] or ""
    if "voice" in config:
        fields["voice"] = _voice(config["voice"])
    model = config.get("model")
    if isinstance(model, dict):
        fields.update(_model_fields(model, extra))
    elif model is not None:
        raise serializers.ValidationError({"config": ["config.model is an object."]})
    for key, value in config.items():
        if key not in MAPPED_KEYS | DROPPED_KEYS | {"model"}:
            extra[key] = value
    fields["frontend_config"] = extra
    return fields


def config_of(agent):
    """The agent as the frontend's `config`: its own fields, then what the frontend kept."""
    extra = dict(agent.frontend_config or {})
    own = agent.model or {"provider": DEFAULT_MODEL["provider"], "model": DEFAULT_MODEL["model"]}
    model = {**(extra.pop("model", None) or {}), **own}
    model["messages"] = [{"role": "system", "content": agent.instructions}] if agent.instructions else []
    config = {**extra, "model": model, "firstMessage": agent.first_message}
    if agent.voice:
        config["voice"] = {"provider": agent.voice["provider"], "voiceId": agent.voice["voice_id"]}
    config["lastSyncedAt"] = agent.last_synced_at.isoformat() if agent.last_synced_at else None
    config["syncStatus"] = agent.sync_status
    config["syncError"] = agent.sync_error or None
    return config


class LegacyAgentSerializer(AgentSerializer):
    agent_id = serializers.IntegerField(source="id", read_only=True)
    config = serializers.JSONField(required=False, allow_null=True, write_only=True)

    class Meta(AgentSerializer.Meta):
        # The webhook secret stays on LeaseLine's own API and pages.
        fields = ["agent_id"] + [name for name in AgentSerializer.Meta.fields if name != "webhook_secret"] + ["config"]

    def validate(self, attrs):
        config = attrs.pop("config", None)
        if config is not None:
            current = self.instance.frontend_config if self.instance is not None else {}
            attrs.update(config_to_fields(config, current))
        return super().validate(attrs)

    def to_representation(self, agent):
        data = super().to_representation(agent)
        data["config"] = config_of(agent)
        return data


class AgentVariableSerializer(ValidatedModelSerializer):
    agent_id = serializers.IntegerField(read_only=True)
    unchecked_fields = ("user", "agent")  # set by the view from the URL, then checked by the service

    class Meta:
        model = AgentVariable
        fields = [
            "id",
            "agent_id",
            "variable_id",
            "name",
            "display_name",
            "type",
            "description",
            "required",
            "default_value",
            "validation_pattern",
            "extraction_prompt",
            "sort_order",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "agent_id", "created_at", "updated_at"]


class AgentFunctionSerializer(ValidatedModelSerializer):
    agent_id = serializers.IntegerField(read_only=True)
    unchecked_fields = ("user", "agent")

    class Meta:
        model = AgentFunction
        fields = [
            "id",
            "agent_id",
            "function_id",
            "name",
            "display_name",
            "description",
            "enabled",
            "webhook_url",
            "method",
            "sort_order",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "agent_id", "created_at", "updated_at"]
