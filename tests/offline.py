"""A guard that makes any attempt to open a network connection fail the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


class NetworkUsedError(AssertionError):
    """Code under test tried to reach the network."""


@contextmanager
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within the block, connecting a socket or resolving a name raises NetworkUsedError."""

    def refuse(*arguments: Any, **keywords: Any) -> Any:
        raise NetworkUsedError(f"network used: {arguments[1:] or keywords}")

    with monkeypatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(socket, "create_connection", refuse)
        yield
