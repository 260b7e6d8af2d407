from rest_framework import serializers

from core import timezones

from ..models import User


class UserSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="id", read_only=True)
    timezone = serializers.ChoiceField(choices=sorted(timezones.accepted_names()), required=False)

    class Meta:
        model = User
        fields = ["id", "user_id", "clerk_user_id", "email", "name", "timezone", "date_joined"]
        read_only_fields = ["id", "user_id", "clerk_user_id", "email", "date_joined"]
