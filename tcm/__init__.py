"""TCM: the Total Cost of Model dashboard and its command-line interface."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tcm")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
