"""Each role's dashboard figures, read from the policy engine and the records with SQL aggregates."""
