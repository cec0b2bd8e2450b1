"""An audit set written out: the manifest beside its images, or one zip holding both."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import limits
from auditsets._build import AuditSet, to_manifest
from sample_images import manifest_to_yaml

MANIFEST_NAME = "manifest.yaml"


def manifest_text(audit_set: AuditSet, out: Path) -> str:
    """The set's manifest as YAML, for a file at `out` (its `images_dir` points from there to the images)."""
    images_dir = os.path.relpath(audit_set.folder.resolve(), out.resolve().parent)
    return manifest_to_yaml(to_manifest(audit_set, out), images_dir)


def write_manifest(audit_set: AuditSet, out: Path) -> Path:
    """Write the set's manifest to `out` (whole or not at all: through a temporary file); returns `out`."""
    return limits.write_file(out, manifest_text(audit_set, out).encode("utf-8"))


def zip_set(audit_set: AuditSet) -> bytes:
    """One zip of the set's images and its manifest (images_dir "."), to download and upload again later."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, manifest_text(audit_set, audit_set.folder / MANIFEST_NAME))
        for image in audit_set.images:
            archive.write(image.path, image.file)
    return buffer.getvalue()
