from rest_framework import mixins, viewsets

from accounts.ownership import EnvelopeListMixin, OwnedViewSetMixin

from ..filtersets import NotificationFilterSet
from ..models import Notification
from .serializers import NotificationSerializer


class NotificationViewSet(OwnedViewSetMixin, EnvelopeListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Messages about the manager's viewings (to renters and to the manager), oldest first.

    A list only, as the contract has it: a message is read in the list of its appointment or lead.
    """

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    envelope_key = "notifications"
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at", "due_at", "sent_at"]
