"""The patent catalogue: IP centres publish patents, enterprises find them."""
