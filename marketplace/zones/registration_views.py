"""Registration: an enterprise registers for a zone or cancels; the organiser's list, export and check-in."""

from marketplace.zones.blueprint import bp  # noqa: F401 - routes attach to the blueprint
