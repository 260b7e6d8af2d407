"""The network guard's settings: tests may reach only this machine.

pytest-socket enforces it. Any connection to an address outside 127.0.0.0/8 and ::1 (the
scale benchmark and some fakes listen on 127.0.0.2 and up) fails loudly, so no test can
quietly depend on the internet (or leak traffic to it). Unix sockets stay open for a local
database or Redis.
"""

from pytest_socket import SocketConnectBlockedError as OutboundConnectionBlocked

__all__ = ["LOOPBACK", "OutboundConnectionBlocked", "install"]

LOOPBACK = "127.0.0.0/8,::1/128,localhost"


def install(config):
    """Applies the guard to every test, whatever the command line asked for."""
    config.option.allow_hosts = LOOPBACK
    config.option.allow_unix_socket = True
