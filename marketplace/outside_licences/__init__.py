"""Licences the IP centre granted outside the marketplace: an append-only register per patent, whose
exclusive and sole licences bar a declaration, and which refuses them while a declaration is in force."""
