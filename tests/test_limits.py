"""The one table of limits: its shape, and the message every way in shows."""

from __future__ import annotations

import os
import types
from collections.abc import Callable
from pathlib import Path

import pytest

import limits
from limits import DRAWS, HORIZON_YEARS, LIMITS, Limit, LimitError, check


def test_limits_table_names_each_limit_by_its_own_name() -> None:
    assert all(name == limit.name for name, limit in LIMITS.items())
    assert {"horizon_years", "draws", "options", "lines_total", "image_pixels", "frame_pixels",
            "share_token_chars", "json_depth", "uploads_per_session"} <= set(LIMITS)


def test_limits_every_limit_has_a_reason_a_unit_and_a_sane_range() -> None:
    for limit in LIMITS.values():
        assert limit.why and (limit.unit or limit is limits.SEED)  # a seed is a plain number
        assert 0 <= limit.minimum < limit.maximum


def test_limit_message_of_a_plain_number_has_no_unit() -> None:
    assert limits.SEED.message(-1) == f"-1 is below the minimum of 0 ({limits.SEED.why})"
    assert limits.SEED.message(2**32) == f"4,294,967,296 is above the limit of 4,294,967,295 ({limits.SEED.why})"


def test_limits_public_api_is_exactly_all() -> None:
    public = {name for name in dir(limits) if not name.startswith("_")
              and not isinstance(getattr(limits, name), types.ModuleType)}  # limits.worst_case, once imported
    assert public == set(limits.__all__)


def test_limit_message_names_value_limit_and_reason() -> None:
    limit = Limit("things", 10, "things", "ten is plenty", 1)
    assert limit.message(12) == "12 things is above the limit of 10 things (ten is plenty)"
    assert limit.message(0) == "0 things is below the minimum of 1 things (ten is plenty)"
    assert limit.problem(10) is None


def test_check_raises_limit_error_with_the_field() -> None:
    with pytest.raises(LimitError) as raised:
        check(HORIZON_YEARS, 1000, "horizon_years")
    assert str(raised.value) == ("horizon_years: 1,000 years is above the limit of 50 years "
                                 f"({HORIZON_YEARS.why})")
    assert raised.value.limit is HORIZON_YEARS


def test_check_allows_the_limits_themselves() -> None:
    check(DRAWS, DRAWS.maximum)
    check(DRAWS, DRAWS.minimum)


def test_read_stream_reads_no_further_than_one_byte_past_the_limit() -> None:
    import io

    limit = limits.Limit("test_bytes", 4, "bytes", "a test")
    assert limits.read_stream(io.BytesIO(b"abcd"), limit, "<stdin>") == b"abcd"
    stream = io.BytesIO(b"abcdefgh")
    with pytest.raises(limits.LimitError, match=r"^<stdin>: "):
        limits.read_stream(stream, limit, "<stdin>")
    assert stream.tell() == 5


@pytest.mark.parametrize(("make", "kind"), [
    (lambda folder: "/dev/zero", "a character device"),
    (lambda folder: (folder / "zero.png").symlink_to("/dev/zero") or folder / "zero.png", "a character device"),
    (lambda folder: os.mkfifo(folder / "pipe") or folder / "pipe", "a named pipe"),
    (lambda folder: folder, "a folder"),
])
def test_read_file_refuses_what_is_not_a_regular_file_before_reading(
        tmp_path: Path, make: Callable[[Path], object], kind: str) -> None:
    path = make(tmp_path)
    with pytest.raises(limits.NotAFileError) as raised:  # a pipe would block and /dev/zero fill memory
        limits.read_file(path, limits.MANIFEST_BYTES)
    assert str(raised.value) == f"{path}: not a regular file but {kind}; expected a file"
    assert raised.value.strerror == f"not a regular file but {kind}; expected a file"


def test_read_file_checks_the_size_before_reading_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as file:
        file.truncate(limits.MANIFEST_BYTES.maximum + 5)  # sparse: no disk used
    with pytest.raises(limits.LimitError) as raised:
        limits.read_file(path, limits.MANIFEST_BYTES)
    assert str(raised.value) == (f"{path}: 10,000,005 bytes is above the limit of 10,000,000 bytes "
                                 f"({limits.MANIFEST_BYTES.why})")
    assert limits.file_size(tmp_path / "big.yaml", limits.CARD_LIST_BYTES) == 10_000_005


def test_safe_yaml_refuses_deep_nesting_without_recursion(tmp_path: Path) -> None:
    with pytest.raises(limits.YamlError) as raised:
        limits.safe_yaml("a: " + "[" * 5_000 + "]" * 5_000, "a manifest")
    assert str(raised.value) == ("line 1: nesting is too deep: 21 levels is above the limit of 20 levels "
                                 f"({limits.NESTING_DEPTH.why})")


def test_safe_yaml_names_the_document_refusing_aliases_and_counts_values() -> None:
    with pytest.raises(limits.YamlError, match=r"^line 2: anchors and aliases \(&, \*\) are not allowed in a "
                                               r"manifest$"):
        limits.safe_yaml("a: 1\nb: &x [1]\nc: *x\n", "a manifest")
    with pytest.raises(limits.YamlError, match=r"^line 1: too many values: 6 values is above the limit of 5 "):
        limits.safe_yaml("[1, 2, 3, 4, 5]", "a test", Limit("test_values", 5, "values", "a test"))
    with pytest.raises(limits.YamlError) as raised:
        limits.safe_yaml("a: 1\nb: {c: 1, c: 2}\n", "a test")
    assert raised.value.problems == (("b.c", "line 2: the key 'c' appears twice; expected each key once"),)
