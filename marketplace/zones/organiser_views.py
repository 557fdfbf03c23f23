"""The organiser's pages: create and edit zones, move them through their lifecycle, the dashboard."""

from marketplace.zones.blueprint import bp  # noqa: F401 - routes attach to the blueprint
