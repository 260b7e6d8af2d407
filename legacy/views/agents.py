"""Agents (A1-A10): the `/api/` viewset with `agent_id`, `config` and bare-array lists, and
the agent's variables and functions."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.ownership import get_owned_or_404
from agents.api.views import AgentViewSet
from agents.models import Agent
from core.serializers import model_errors_as_api_errors

from .. import services
from ..serializers.agents import AgentFunctionSerializer, AgentVariableSerializer, LegacyAgentSerializer
from .base import LegacyAnswerMixin


class LegacyAgentViewSet(LegacyAnswerMixin, AgentViewSet):
    """The list is a bare array: the dashboard calls `.filter` on it (A2)."""

    serializer_class = LegacyAgentSerializer
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class AgentPartsView(LegacyAnswerMixin, APIView):
    """GET lists the agent's parts in `{"<plural>": [...]}`; POST adds one as `{"<singular>": {...}}`."""

    model = None
    serializer_class = None
    plural = singular = ""
    create = None

    def get(self, request, agent_id):
        agent = get_owned_or_404(Agent, request.user, pk=agent_id)
        parts = self.model.objects.for_user(request.user).filter(agent=agent)
        return Response({self.plural: self.serializer_class(parts, many=True).data})

    def post(self, request, agent_id):
        agent = get_owned_or_404(Agent, request.user, pk=agent_id)
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        with model_errors_as_api_errors():
            part = self.create(user=request.user, agent=agent, **serializer.validated_data)
        return Response(
            {"success": True, self.singular: self.serializer_class(part).data}, status=status.HTTP_201_CREATED
        )


class AgentVariablesView(AgentPartsView):
    model = AgentVariableSerializer.Meta.model
    serializer_class = AgentVariableSerializer
    plural, singular = "variables", "variable"
    create = staticmethod(services.agent_variable_create)


class AgentFunctionsView(AgentPartsView):
    model = AgentFunctionSerializer.Meta.model
    serializer_class = AgentFunctionSerializer
    plural, singular = "functions", "function"
    create = staticmethod(services.agent_function_create)
