"""Universities and enterprises: the two kinds of organisation the marketplace connects."""
