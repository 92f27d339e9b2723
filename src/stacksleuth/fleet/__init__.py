"""Many hosts at once: the affected set, what it shares, and which hypotheses explain it."""
