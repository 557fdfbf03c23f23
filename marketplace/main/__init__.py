"""The public front: home page, per-role dashboards, language switch."""
