"""The licence ledger: double-entry, append-only, exactly once by unique keys."""
