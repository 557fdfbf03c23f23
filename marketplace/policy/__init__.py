"""千校万企 policy results: enterprises served per university, the licensing funnel and the fees by month,
each defined once as a SQL statement of the rows behind it and counted with grouped aggregates."""
