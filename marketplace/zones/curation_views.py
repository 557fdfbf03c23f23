"""Curation: suggestions from published declarations, adding, removing, ordering and featuring
patents; universities' nominations."""

from marketplace.zones.blueprint import bp  # noqa: F401 - routes attach to the blueprint
