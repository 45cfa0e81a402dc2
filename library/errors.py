"""Library errors: one line that says what is wrong and what to do."""


class LibraryError(Exception):
    pass


class LibraryDamaged(LibraryError):
    def __init__(self, path, detail: str, backup=None):
        self.path, self.backup = path, backup
        offer = (f" Reel Reader can restore its backup from {backup.stem.split('-', 1)[-1]} (the window offers "
                 f"it; or run: main.py import --restore-backup)." if backup else
                 " No backup exists yet; move the file aside to start afresh.")
        super().__init__(f"The library {path} is damaged or is not a Reel Reader library ({detail})." + offer)


class LibraryLocked(LibraryError):
    def __init__(self, path):
        super().__init__(f"The library {path} is busy in another program (another Reel Reader?); "
                         "your edits are kept and will be saved when it is free.")


class LibraryReadOnly(LibraryError):
    def __init__(self, path):
        super().__init__(f"The library {path} is read-only here: you can read and search, but edits "
                         "cannot be saved. Choose a writable library with --library.")
