from rest_framework import serializers

from accounts.api.serializers import UserSerializer


class LegacyUserSerializer(UserSerializer):
    """The signed-in user as `/users/me` of the existing frontend reads it (FE:src/app/api/users/current/route.ts)."""

    full_name = serializers.CharField(source="name", read_only=True)
    created_at = serializers.DateTimeField(source="date_joined", read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "full_name", "created_at"]
        read_only_fields = UserSerializer.Meta.fields
