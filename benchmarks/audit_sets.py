"""Audit sets: reading 30 example images with the detector proposing every box (the dashboard's "Read the set")."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PIL import Image

import auditsets
from auditsets.example import make_example_set
from imageoptions.registry import build_blazeface

IMAGES = 30


def run() -> list[str]:
    """Seconds to check 30 images and have BlazeFace propose a box on each, and the proposals' overlap with the
    true boxes."""
    with tempfile.TemporaryDirectory() as folder:
        faces = make_example_set(Path(folder), IMAGES)
        detector = build_blazeface()
        detector.detect(Image.new("RGB", (64, 64)))  # the model loads here, outside the timing
        started = time.perf_counter()
        audit_set = auditsets.build_audit_set(Path(folder), None, detector=detector)
        seconds = time.perf_counter() - started
    truth = {face.file: face.box for face in faces}
    overlaps = sorted(auditsets.overlap(row.box, truth[row.file]) for row in audit_set.rows if row.box)
    return [f"build_audit_set with proposals: {IMAGES} images of 640x480 in {seconds:.2f} s "
            f"({seconds / IMAGES * 1e3:.0f} ms per image); {len(overlaps)} of {IMAGES} faces proposed, overlap "
            f"with the true box {overlaps[0]:.2f} to {overlaps[-1]:.2f} (intersection over union)"]
