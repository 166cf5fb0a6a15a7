"""Exceptions of the tgc Python API."""


class Error(Exception):
    """Base class of tgc's errors."""


class CompileError(Error):
    """`tgc` rejected the graph. `message` is tgc's diagnostic (the
    `tgc: error: ...` lines), `stderr` all it printed, `command` the
    command line that ran."""

    def __init__(self, message, stderr="", command=None):
        super().__init__(message)
        self.message = message
        self.stderr = stderr
        self.command = command or []


class TgrtError(Error):
    """The runtime (libtgrt) reported an error: a wrong feed name, dtype or
    shape, a missing checkpoint, a library it cannot load. `message` is
    the runtime's message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
