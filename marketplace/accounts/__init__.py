"""Accounts: registration, log-in, roles and the administration of users."""
