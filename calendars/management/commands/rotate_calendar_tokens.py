from django.core.management.base import BaseCommand, CommandError

from calendars.tokens import calendar_tokens_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored calendar token under the newest key (the first of "
        "TOKEN_ENCRYPTION_KEYS). Run it after putting a new key first; then the old keys can go."
    )

    def handle(self, *args, **options):
        rotated, unreadable = calendar_tokens_rotate()
        self.stdout.write(f"Re-encrypted {rotated} calendar connection(s).")
        if unreadable:
            raise CommandError(
                f"{unreadable} connection(s) could not be decrypted with any configured key; "
                "keep the old key in TOKEN_ENCRYPTION_KEYS or have those users reconnect."
            )
