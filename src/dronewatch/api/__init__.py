"""The REST API and the web UI it serves: ``create_app(store)`` is the whole application."""

from dronewatch.api.app import create_app

__all__ = ["create_app"]
