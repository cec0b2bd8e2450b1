"""The hostile-image corpus: each file loads (with its notes) or fails alone, naming itself, in bounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from imageoptions import ImageLoadError, LoadedImage, load_image
from limits import IMAGE_DECODED_BYTES
from tests.imageoptions.hostile_corpus import CORPUS, Hostile

CORPUS_SCRIPT = Path(__file__).with_name("hostile_corpus.py")
LARGE = "largest-allowed"
MAX_PEAK_REFUSED_BYTES = 50_000_000  # a refused file is refused from its header: nothing big is allocated
MAX_PEAK_HOSTILE_BYTES = 300_000_000  # the worst hostile file that loads (none of the small ones come close)
# The largest image the limits let through: its decoded pixels, one RGB copy, and 50 MB for the rest.
MAX_PEAK_ALLOWED_BYTES = 2 * IMAGE_DECODED_BYTES.maximum + 50_000_000


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every corpus file written once into one folder (a batch, as `tcm crop` sees it)."""
    folder = tmp_path_factory.mktemp("hostile")
    for hostile in CORPUS:
        hostile.write(folder / hostile.name)
    return folder


def outcome_of(path: Path) -> tuple[tuple[int, int], tuple[str, ...]] | str:
    """(size, notes) when the file loads, else the exact error text."""
    try:
        loaded: LoadedImage = load_image(path)
    except ImageLoadError as error:
        return str(error)
    return loaded.image.size, loaded.notes


def expected_outcome(hostile: Hostile, folder: Path) -> tuple[tuple[int, int], tuple[str, ...]] | str:
    """What `outcome_of` must return for this corpus file."""
    if hostile.problem is not None:
        return f"{folder / hostile.name}: {hostile.problem}"
    assert hostile.size is not None
    return hostile.size, hostile.notes


@pytest.mark.parametrize("hostile", CORPUS, ids=[hostile.name for hostile in CORPUS])
def test_load_image_hostile_file_loads_or_names_itself(corpus_dir: Path, hostile: Hostile) -> None:
    assert outcome_of(corpus_dir / hostile.name) == expected_outcome(hostile, corpus_dir)


def test_load_image_hostile_batch_carries_on_past_every_bad_file(corpus_dir: Path) -> None:
    outcomes = [outcome_of(corpus_dir / hostile.name) for hostile in CORPUS]
    assert outcomes == [expected_outcome(hostile, corpus_dir) for hostile in CORPUS]
    loaded = [hostile.name for hostile, outcome in zip(CORPUS, outcomes, strict=True) if not isinstance(outcome, str)]
    assert loaded[-1] == "good.png"  # the last, plain file still loads after all the hostile ones


def measure_peak(path: Path) -> tuple[int, str]:
    """Peak resident memory (bytes) that loading `path` adds, measured in a fresh interpreter."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(CORPUS_SCRIPT), str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=120,
    )
    peak, outcome = result.stdout.strip().split("\t", 1)
    return int(peak), outcome


@pytest.mark.parametrize("hostile", CORPUS, ids=[hostile.name for hostile in CORPUS])
def test_load_image_hostile_file_peak_memory_is_bounded(corpus_dir: Path, hostile: Hostile) -> None:
    peak_bytes, outcome = measure_peak(corpus_dir / hostile.name)
    print(f"{hostile.name}: peak +{peak_bytes / 1e6:.1f} MB, {outcome}")
    if hostile.problem is not None:
        assert outcome == hostile.problem
        assert peak_bytes < MAX_PEAK_REFUSED_BYTES
    elif hostile.name.startswith(LARGE):
        assert peak_bytes < MAX_PEAK_ALLOWED_BYTES
    else:
        assert peak_bytes < MAX_PEAK_HOSTILE_BYTES


def test_tcm_crop_on_the_corpus_crops_good_files_and_exits_1(corpus_dir: Path, tmp_path: Path) -> None:
    from tcm.cli import main

    # `tcm crop folder/*`: hostile files sorted among the good ones (the large allowed ones left out for time)
    files = sorted(path for path in corpus_dir.iterdir() if not path.name.startswith(LARGE))
    out = tmp_path / "out"
    status = main(["crop", *map(str, files), "--option", "center_crop", "--aspect", "1.0", "--out", str(out)])
    assert status == 1  # README, "Command line": 1 = some images failed, the rest were processed
    loaded = sorted(
        hostile.name for hostile in CORPUS if hostile.problem is None and not hostile.name.startswith(LARGE)
    )
    written = sorted(path.name.removesuffix(".center_crop.png") for path in out.iterdir())
    assert written == sorted(name.rsplit(".", 1)[0] for name in loaded)
