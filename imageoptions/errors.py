"""The errors the image options raise: each names the file, option or field at fault."""

from __future__ import annotations


class ImageOptionsError(Exception):
    """Base class: anything the image options report to a user instead of a traceback."""


class FrameError(ImageOptionsError, ValueError):
    """A target frame that cannot be parsed or is out of range."""


class ImageLoadError(ImageOptionsError):
    """One image that cannot be used; the other images carry on."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class ModelUnavailableError(ImageOptionsError):
    """An ML option whose model cannot be loaded (usually: `make setup` has not run)."""


class DescriptorError(ImageOptionsError, ValueError):
    """A bring-your-own-model descriptor that is malformed or does not match its model."""


class UnknownOptionError(ImageOptionsError, KeyError):
    """An option name that is not in the registry."""

    def __str__(self) -> str:
        # KeyError would quote the whole message; we want it as written.
        return str(self.args[0])
