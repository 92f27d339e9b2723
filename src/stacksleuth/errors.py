"""Errors that reach the operator as such."""


class UsageError(Exception):
    """The operator asked for something that cannot work (exit status 2)."""
