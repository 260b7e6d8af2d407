from django.db import models

from accounts.ownership import OwnedModel


class Call(OwnedModel):
    """A phone or web call handled by one of the manager's agents, as VAPI reported it.

    VAPI's call id is unique per manager: another manager's call with the same id (their
    own VAPI organisation, or a forged one) never blocks or touches this one.
    """

    agent = models.ForeignKey("agents.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    # The caller, by their number.
    lead = models.ForeignKey("leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="calls")
    vapi_call_id = models.CharField(max_length=128)
    status = models.CharField(max_length=32, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True, default="")
    customer_number = models.CharField(max_length=32, blank=True, default="")
    transcript = models.TextField(blank=True, default="")
    messages = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True, default="")
    cost = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    recording_url = models.URLField(max_length=2048, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["user", "started_at"], name="voice_call_user_started")]
        constraints = [
            models.UniqueConstraint(fields=["user", "vapi_call_id"], name="voice_call_user_vapi_call_id_unique"),
        ]

    def __str__(self):
        return self.vapi_call_id


class ToolInvocation(OwnedModel):
    """One tool call from a conversation and the answer LeaseLine gave.

    `tool_call_id`, unique per manager, makes every tool call idempotent: a retry returns
    this answer. Another manager's tool call id never blocks, answers or reveals this one.
    """

    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE, related_name="tool_invocations")
    agent = models.ForeignKey(
        "agents.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="tool_invocations"
    )
    # VAPI's call id as the tool call named it; `call` is linked once that call is recorded.
    vapi_call_id = models.CharField(max_length=128, blank=True, default="")
    tool_call_id = models.CharField(max_length=128)
    name = models.CharField(max_length=64)
    arguments = models.JSONField(default=dict, blank=True)
    result = models.TextField(blank=True, default="")
    error = models.TextField(blank=True, default="")
    duration_ms = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "vapi_call_id"], name="voice_toolinv_user_call")]
        constraints = [
            models.UniqueConstraint(fields=["user", "tool_call_id"], name="voice_toolinv_user_tool_call_id_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.tool_call_id})"
