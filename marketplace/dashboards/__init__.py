"""The figures of each role's dashboard, read with SQL aggregates over the records and the ledger in a
fixed number of statements whatever the amount of data (one module per role)."""
