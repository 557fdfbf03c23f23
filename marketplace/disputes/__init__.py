"""Disputes on a licence (Patent Law art. 52): opened by either party, negotiated, taken to CNIPA mediation
or to court, resolved with an outcome whose money effects go through the ledger."""
