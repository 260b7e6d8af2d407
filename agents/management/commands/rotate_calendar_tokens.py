from django.core.management.base import BaseCommand, CommandError

from agents.vapi_accounts import vapi_keys_rotate
from calendars.tokens import calendar_tokens_rotate


class Command(BaseCommand):
    # In agents, the lowest app that sees both kinds of secret (calendars sits below agents).
    help = (
        "Re-encrypt every stored secret under the newest key (the first of TOKEN_ENCRYPTION_KEYS): "
        "calendar tokens and managers' own VAPI keys. Run it after putting a new key first; then the "
        "old keys can go."
    )

    def handle(self, *args, **options):
        rotated, unreadable = calendar_tokens_rotate()
        self.stdout.write(f"Re-encrypted {rotated} calendar connection(s).")
        keys_rotated, keys_unreadable = vapi_keys_rotate()
        self.stdout.write(f"Re-encrypted {keys_rotated} VAPI key(s).")
        problems = []
        if unreadable:
            problems.append(f"{unreadable} connection(s)")
        if keys_unreadable:
            problems.append(f"{keys_unreadable} VAPI key(s)")
        if problems:
            raise CommandError(
                f"{' and '.join(problems)} could not be decrypted with any configured key; "
                "keep the old key in TOKEN_ENCRYPTION_KEYS or have those users reconnect."
            )
