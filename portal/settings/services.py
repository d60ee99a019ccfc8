"""Helpers for settings modules that must find out which real services are up."""

import os
import socket


def reachable(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def services_required() -> bool:
    """``REQUIRE_SERVICES=1`` (set by CI) turns every "service unavailable" skip into a failure."""
    return os.environ.get("REQUIRE_SERVICES", "") in {"1", "true", "yes"}
