"""VAPI (A11, A12, V1): the user's own assistants, and the webhook under this prefix."""

from rest_framework.response import Response
from rest_framework.views import APIView

from agents.models import Agent
from voice.api.views import VapiWebhookView

from ..serializers.agents import config_of
from .base import LegacyAnswerMixin


def assistant_shape(agent):
    config = config_of(agent)
    return {
        "id": agent.vapi_assistant_id,
        "name": agent.agent_name,
        "model": {"provider": config["model"]["provider"], "model": config["model"]["model"]},
        "voice": {"provider": config["voice"]["provider"], "voiceId": config["voice"]["voiceId"]}
        if "voice" in config
        else {},
        "firstMessage": agent.first_message,
        "createdAt": agent.created_at.isoformat(),
        "updatedAt": agent.updated_at.isoformat(),
        "agent_id": agent.pk,
        "status": "active" if agent.is_active else "paused",
    }


class AssistantsView(LegacyAnswerMixin, APIView):
    """Built from the user's own agents that have an assistant; VAPI itself is not listed,
    since its organisation holds other managers' assistants too."""

    def get(self, request):
        agents = Agent.objects.for_user(request.user).exclude(vapi_assistant_id="").order_by("-created_at", "-id")
        assistants = [assistant_shape(agent) for agent in agents]
        return Response({"status": "success", "assistants": assistants, "count": len(assistants)})


# The very same view as /api/vapi/webhook: the same secrets, the same answers.
webhook = VapiWebhookView.as_view(schema=None)  # documented once, at /api/vapi/webhook
