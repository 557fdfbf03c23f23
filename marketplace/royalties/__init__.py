"""Royalty reports: the licensee files net sales per period; the royalty and the annual-minimum
true-up become charges."""
