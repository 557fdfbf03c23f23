"""Matching needs with patents: one engine (a need in, ranked patents with reasons out) and stored results."""
