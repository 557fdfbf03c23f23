"""Backups of the embedded SQLite database (PostgreSQL has pg_dump and pg_restore)."""
