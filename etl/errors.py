"""Errors of the command line, apart from the commands so that neither imports the other."""

from __future__ import annotations


class CliError(Exception):
    """A failure worded for the user; printed without a traceback."""
