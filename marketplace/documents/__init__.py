"""What every document the marketplace prints shares: its embedded Chinese font (`fonts.py`)."""
