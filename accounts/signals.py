"""What accounts tells the apps above it; they connect their own services in `ready()`."""

from django.dispatch import Signal

# Sent with `user` when a user leaves for good (deleted in Clerk): their records stay, but
# nothing of theirs may act any longer. Receivers run in the same transaction.
user_departed = Signal()
