"""The public API is exactly `__all__`, and the library stays free of the UI."""

from __future__ import annotations

import measurements


def test_measurements_public_api_is_exactly_all() -> None:
    public = {name for name in dir(measurements) if not name.startswith("_")}
    assert public == set(measurements.__all__)
