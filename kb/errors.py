"""Errors a user can act on: each names the file or input and says why, in Chinese."""


class KbError(Exception):
    """Base for errors shown to users as one line."""


class SourceError(KbError):
    """A source file could not be read or is not a regulation text."""

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
