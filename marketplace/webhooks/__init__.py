"""Signed webhooks for partner platforms: events written to an outbox in the transaction that made them,
then POSTed, signed, by the delivery job with retries and back-off; every attempt logged; replayable by
an administrator."""
