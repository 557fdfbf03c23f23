"""The matching evaluation set: a catalogue of patents, needs written as enterprises write them, and the
patents judged relevant to each need (see JUDGING.md)."""
