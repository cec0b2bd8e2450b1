"""Writes a manifest as YAML in the schema `parse_manifest` reads (the one writer; round trips exactly)."""

from __future__ import annotations

from typing import Any

import yaml

from sample_images._manifest import Archive, Face, ImageEntry, Manifest


class _Inline(list):  # type: ignore[type-arg]
    """A list written on one line, as boxes are in the sample manifest."""


class _InlineMap(dict):  # type: ignore[type-arg]
    """A mapping written on one line, as a face's attributes are."""


class _Dumper(yaml.SafeDumper):
    """Block style throughout, except boxes and attributes, which read best on one line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared box is written twice: the reader refuses anchors and aliases


_Dumper.add_representer(_Inline, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))
_Dumper.add_representer(_InlineMap, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data, flow_style=True))

HEADER = "# A labelled image set (schema: sample_images/_manifest.py). Labels are perceptions, not identities.\n"


def manifest_to_yaml(manifest: Manifest, images_dir: str = ".") -> str:
    """The manifest as YAML text; `images_dir` is where its images lie, relative to the manifest file."""
    data: dict[str, Any] = {"schema_version": manifest.schema_version, "images_dir": images_dir}
    if manifest.notes:
        data["notes"] = dict(manifest.notes)
    if manifest.archives:
        data["archives"] = [_archive(archive) for archive in manifest.archives]
    data["images"] = [_image(entry) for entry in manifest.images]
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=False)


def _archive(archive: Archive) -> dict[str, Any]:
    fields = ("package", "version", "kind", "filename", "sha256", "licence", "platform", "python_version")
    return {name: getattr(archive, name) for name in fields if getattr(archive, name) is not None}


def _image(entry: ImageEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"file": entry.file}
    if entry.description:
        data["description"] = entry.description
    if entry.source is not None:
        data["source"] = {"package": entry.source.package, "version": entry.source.version, "path": entry.source.path}
    if entry.generated_by is not None:
        data["generated_by"] = {"recipe": entry.generated_by.recipe, "inputs": list(entry.generated_by.inputs)}
    if entry.origin is not None:
        data["origin"] = entry.origin
    for name in ("sha256", "pixels_sha256"):
        if getattr(entry, name) is not None:
            data[name] = getattr(entry, name)
    data |= {"licence": entry.licence, "width": entry.width, "height": entry.height, "annotation": entry.annotation}
    if entry.person_outlines:
        data["person_outlines"] = [[_Inline(point) for point in outline] for outline in entry.person_outlines]
    data["faces"] = [_face(face) for face in entry.faces]
    return data


def _face(face: Face) -> dict[str, Any]:
    data: dict[str, Any] = {"box": _Inline(face.box), "monk_skin_tone": face.monk_skin_tone}
    if face.attributes:
        data["attributes"] = _InlineMap(face.attributes)
    if face.box_source != "hand":  # hand-drawn is the default: the sample manifest never says it
        data["box_source"] = face.box_source
    return data
