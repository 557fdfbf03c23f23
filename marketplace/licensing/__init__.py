"""Licences taken on published open-licence terms: the licence, its schedule of charges, the
record-filing (备案) deadline."""
