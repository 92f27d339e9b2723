"""Parsers: command outputs, config files and log lines -> typed records.

Pure functions (text in, dataclasses out); they never open files. One module per command
family. A parser skips lines it does not understand and returns what it could read; it
raises `ParseError` only when the text is not this format at all, and the fact builder
turns that into a note on the host.
"""

from stacksleuth.parsers.base import ParseError

__all__ = ["ParseError"]
