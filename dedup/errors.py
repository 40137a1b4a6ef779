"""Errors the library raises; the CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class DedupError(Exception):
    """Base class: the input or the request cannot be processed."""

    def __init__(self, path: str | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


class UnreadableInput(DedupError):
    """The file is missing, empty, binary, undecodable or too large."""


class UnsupportedFormat(DedupError):
    """No reader exists for the file's format."""


class NoTextLayer(DedupError):
    """A PDF without extractable text (a scan); it needs OCR first."""


class NoStructure(DedupError):
    """The text holds no recognisable fraction sections or questions."""


class OutputExists(DedupError):
    """The output file exists and --force was not given."""


class InvalidSettings(DedupError):
    """A threshold or weight is outside its allowed range."""


class UnwritableOutput(DedupError):
    """The output file or folder cannot be written (permissions, a full disk, no folder)."""
