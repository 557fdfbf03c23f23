"""Realistic demo data: Inner Mongolia's universities, local SMEs, one account per role."""
