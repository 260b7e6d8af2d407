"""Calendar providers behind one interface: read events and busy time, create and delete events.

`provider_for(connection, user=...)` picks the implementation; a None connection is the
built-in calendar (working hours and LeaseLine's own appointments).
"""


def provider_for(connection, *, user):
    from .builtin import BuiltinProvider
    from .google import GoogleProvider
    from .microsoft import MicrosoftProvider

    if connection is None:
        return BuiltinProvider(user=user)
    implementation = {"microsoft": MicrosoftProvider, "google": GoogleProvider}[connection.provider]
    return implementation(connection)
