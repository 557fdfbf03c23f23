"""What operators watch: Prometheus metrics of requests and of the work waiting in the background."""
