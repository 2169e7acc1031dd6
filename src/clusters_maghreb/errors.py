"""Errors that name the file, the line and what was expected."""


class SourceLayoutError(Exception):
    """A source file does not have the layout an extractor expects.

    The message reads ``file:line: expected <what>, found <what>`` so that an editor or a
    terminal can jump to the offending line.
    """

    def __init__(self, path, line: int | None, expected: str, found: str):
        self.path = str(path)
        self.line = line
        self.expected = expected
        self.found = found
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: expected {expected}, found {found}")
