"""Each role's dashboard figures, read from the policy figures engine."""
