"""Sample images: a manifest of provenance, licence, sha256 and annotated faces, and its checks.

Bring your own labelled set: a folder of images plus a `manifest.yaml` in the same schema
(`images_dir` defaults to the manifest's own folder; `origin` records where a team's image came
from; `sha256` is optional there). `verify_images(load_manifest(path))` then checks the files.
"""

from __future__ import annotations

from pathlib import Path

from sample_images._checks import BOX_SOURCES, SCHEMA_VERSION, BoxSource, ManifestError
from sample_images._files import FileProblem, sha256_of_file, sha256_of_pixels, verify_images
from sample_images._labels import PERCEPTION, LabelProvenance, labelling_notes, labels_from_data
from sample_images._loader import parse_manifest, read_manifest
from sample_images._manifest import (
    Archive,
    Face,
    GeneratedBy,
    ImageEntry,
    Manifest,
    PackageSource,
)
from sample_images._writer import manifest_to_yaml

__all__ = [
    "BOX_SOURCES",
    "PERCEPTION",
    "SCHEMA_VERSION",
    "Archive",
    "BoxSource",
    "Face",
    "FileProblem",
    "GeneratedBy",
    "ImageEntry",
    "LabelProvenance",
    "Manifest",
    "ManifestError",
    "PackageSource",
    "images_dir",
    "labelling_notes",
    "labels_from_data",
    "load_manifest",
    "manifest_to_yaml",
    "parse_manifest",
    "sha256_of_file",
    "sha256_of_pixels",
    "verify_images",
]

_HERE = Path(__file__).parent


def images_dir() -> Path:
    """The folder `python -m sample_images.prepare` fills with the project's sample images."""
    return _HERE / "images"


def load_manifest(path: Path | str | None = None) -> Manifest:
    """The manifest at `path` (default: the project's); raises ManifestError naming any bad value."""
    manifest_path = Path(path) if path is not None else _HERE / "manifest.yaml"
    return read_manifest(manifest_path)
