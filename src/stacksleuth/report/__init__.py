"""Renderers: they turn results into text, JSON or HTML and compute nothing new."""
