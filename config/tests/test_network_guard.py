"""The network guard (pytest-socket, set up in testsupport/network.py) lets exactly loopback through."""

import socket

import pytest

from testsupport.network import OutboundConnectionBlocked


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "127.0.0.51"])
def test_every_loopback_address_is_reachable(address):
    with socket.create_server((address, 0)) as server, socket.create_connection(server.getsockname(), timeout=1):
        pass


def test_a_private_address_is_refused_like_a_public_one():
    with pytest.raises(OutboundConnectionBlocked):
        socket.create_connection(("10.0.0.1", 80), timeout=1)


def test_unix_sockets_stay_open(tmp_path):
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen()
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
