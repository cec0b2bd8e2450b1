"""A team's own audit set: images (files or a zip) plus a labels CSV in, a checked manifest out.

`read_labels` reads the CSV (one row per face: `file`, optional `left, top, right, bottom`, grouping
columns); `build_audit_set` reads the images with the one safe loader, has the built-in detector
propose boxes where a row has none or an image has no row, and `AuditSet.problems()` lists every
problem by file and row. `write_manifest` writes the manifest in the schema of
`sample_images/manifest.yaml`; `zip_set` packs images and manifest to upload again later. Limits
(images, bytes, pixels, zip members and compression) come from the one `limits` table.
"""

from auditsets._build import (
    AuditSet,
    Labelling,
    build_audit_set,
    faces_per_group,
    label_provenance,
    load_audit_set,
    overlap,
    propose_boxes,
    rows_from_manifest,
    to_manifest,
    usable_rows,
)
from auditsets._files import MANIFEST_NAME, manifest_text, write_manifest, zip_set
from auditsets._images import ImageFile, scan_images, set_files, unpack_zip
from auditsets._labels_csv import BOX_COLUMNS, FaceRow, LabelTable, column_name, read_labels
from auditsets._problems import AuditSetError, SetProblem

__all__ = [
    "BOX_COLUMNS",
    "MANIFEST_NAME",
    "AuditSet",
    "AuditSetError",
    "FaceRow",
    "ImageFile",
    "LabelTable",
    "Labelling",
    "SetProblem",
    "build_audit_set",
    "column_name",
    "faces_per_group",
    "label_provenance",
    "load_audit_set",
    "manifest_text",
    "overlap",
    "propose_boxes",
    "read_labels",
    "rows_from_manifest",
    "scan_images",
    "set_files",
    "to_manifest",
    "unpack_zip",
    "usable_rows",
    "write_manifest",
    "zip_set",
]
