"""Health checks for load balancers and orchestrators: is the process up, and can it serve."""
