"""Milestone phases of a licence: the licensee reports a milestone, the university confirms or rejects it,
and a confirmed milestone brings its phase's fee forward (and ends a trial before it)."""
