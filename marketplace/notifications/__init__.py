"""Notifications: written to an outbox in the same transaction as the event, shown in the app, and
delivered by a configurable sender (the development sender writes them to the log)."""
