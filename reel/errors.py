"""Errors a user can act on: each message says what is wrong and what to do."""


class ReelError(Exception):
    """A reel cannot be opened. The message is one line, fit for a dialog or stderr."""


class PasswordRequired(ReelError):
    """The PDF is encrypted; opening it again with the right password will work."""

    def __init__(self, path, wrong: bool = False):
        self.path = path
        self.wrong = wrong
        what = "The password is wrong for" if wrong else "A password is needed to open"
        super().__init__(f"{what} {path.name}: it is an encrypted PDF. Give the password "
                         "(--password on the command line) to read it.")


class FrameError(Exception):
    """One frame of an otherwise readable reel cannot be rendered (a damaged page)."""
