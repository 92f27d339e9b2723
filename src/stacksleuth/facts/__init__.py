"""Host facts: one typed model per host, built once from the parsers."""
