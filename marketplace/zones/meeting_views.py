"""Meetings: sessions and slots, requests, acceptance, agendas and outcomes."""

from marketplace.zones.blueprint import bp  # noqa: F401 - routes attach to the blueprint
