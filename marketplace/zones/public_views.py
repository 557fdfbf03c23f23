"""The public pages of a zone: its curated patents with plans and prices, search inside it, the
universities and sessions."""

from marketplace.zones.blueprint import bp  # noqa: F401 - routes attach to the blueprint
