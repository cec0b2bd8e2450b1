"""Reads a manifest file (a regular file within `limits.MANIFEST_BYTES`) as YAML with the one safe YAML reader
(`limits.safe_yaml`), naming the file, path and value of any error."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

import limits
from sample_images._checks import (
    DUPLICATE_ARCHIVE,
    DUPLICATE_FILE,
    MISSING_KEY,
    NOT_A_MANIFEST_FILE,
    NOT_LIST,
    NOT_MAPPING,
    NOT_UTF8,
    NOT_WHOLE_NUMBER,
    NOT_YAML,
    PROVENANCE,
    SCHEMA_VERSION,
    UNKNOWN_ARCHIVE,
    UNKNOWN_INPUT,
    UNKNOWN_KEY,
    UNSUPPORTED_SCHEMA,
    ManifestError,
    Outline,
    check_archive_kind,
    check_attributes,
    check_box,
    check_box_inside,
    check_box_source,
    check_file_name,
    check_outline,
    check_outline_inside,
    check_positive,
    check_sha256,
    check_skin_tone,
    check_text,
    is_whole_number,
)
from sample_images._manifest import Archive, Face, GeneratedBy, ImageEntry, Manifest, PackageSource


def read_manifest(path: Path) -> Manifest:
    """The manifest file at `path`: a regular file (links followed) within the size limit, checked before it
    is read; raises ManifestError naming the file and the fault."""
    try:
        data = limits.read_file(path, limits.MANIFEST_BYTES)
    except limits.LimitError as error:
        raise ManifestError(str(error)) from None
    except OSError as error:
        raise ManifestError(NOT_A_MANIFEST_FILE.format(path=path, problem=error.strerror)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ManifestError(NOT_UTF8.format(path=path, position=error.start + 1)) from None
    return parse_manifest(text, path)


def parse_manifest(text: str, path: Path) -> Manifest:
    """The manifest in `text` (YAML), read as if from `path`; raises ManifestError naming the place."""
    reader = _Reader(path.name)
    size = len(text.encode("utf-8", "surrogatepass"))
    if not limits.MANIFEST_BYTES.allows(size):
        raise ManifestError(f"{path.name}: {limits.MANIFEST_BYTES.message(size)}")
    try:
        data = limits.safe_yaml(text, "a manifest", limits.MANIFEST_VALUES)
    except limits.YamlError as error:
        raise ManifestError(f"{path.name}: {error}") from None
    except yaml.YAMLError as error:
        raise ManifestError(f"{path.name}: {NOT_YAML.format(problem=_one_line(error))}") from None
    top = reader.mapping(data, "(top)")
    reader.keys(top, "(top)", required=("schema_version", "images"), optional=("notes", "images_dir", "archives"))
    version = reader.check(top["schema_version"], "schema_version", _whole_number)
    if version != SCHEMA_VERSION:
        reader.fail("schema_version", UNSUPPORTED_SCHEMA.format(value=version, supported=SCHEMA_VERSION))
    notes = reader.notes(top.get("notes", {}))
    folder_name = reader.check(top.get("images_dir", "."), "images_dir", check_text)
    archives = reader.archives(top.get("archives", []))
    images = reader.images(top["images"], archives)
    return Manifest(
        schema_version=version,
        path=path,
        folder=(path.parent / folder_name),
        images=images,
        archives=archives,
        notes=notes,
    )


T = TypeVar("T")


class _Reader:
    """Walks raw YAML data, turning each ValueError into a ManifestError that names the place."""

    def __init__(self, file_label: str) -> None:
        self.file_label = file_label

    def fail(self, where: str, message: str) -> NoReturn:
        raise ManifestError(f"{self.file_label}: {where}: {message}")

    def check(self, value: object, where: str, checker: Callable[[object], T]) -> T:
        try:
            return checker(value)
        except ManifestError:  # a nested reader already named the place
            raise
        except ValueError as error:
            self.fail(where, str(error))

    def mapping(self, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(where, NOT_MAPPING.format(value=value))
        return value

    def sequence(self, value: object, where: str) -> Sequence[Any]:
        if not isinstance(value, list):
            self.fail(where, NOT_LIST.format(value=value))
        return value

    def keys(
        self, data: Mapping[str, Any], where: str, *, required: Sequence[str], optional: Sequence[str] = ()
    ) -> None:
        allowed = (*required, *optional)
        for key in data:
            if key not in allowed:
                self.fail(where, UNKNOWN_KEY.format(key=key, allowed=", ".join(allowed)))
        for key in required:
            if key not in data:
                self.fail(where, MISSING_KEY.format(key=key))

    def notes(self, raw: object) -> Mapping[str, str]:
        notes = self.mapping(raw, "notes")
        return {str(key): self.check(text, f"notes.{key}", check_text) for key, text in notes.items()}

    def archives(self, raw: object) -> tuple[Archive, ...]:
        archives: list[Archive] = []
        seen: dict[tuple[str, str], int] = {}
        for index, item in enumerate(self.sequence(raw, "archives")):
            where = f"archives[{index}]"
            data = self.mapping(item, where)
            self.keys(
                data,
                where,
                required=("package", "version", "kind", "filename", "sha256", "licence"),
                optional=("platform", "python_version"),
            )
            kind = self.check(data["kind"], f"{where}.kind", check_archive_kind)
            if kind == "wheel":
                # Without fixed tags pip picks this machine's wheel, whose sha256 differs.
                for name in ("platform", "python_version"):
                    if name not in data:
                        self.fail(where, MISSING_KEY.format(key=name))
            archive = Archive(
                package=self.check(data["package"], f"{where}.package", check_text),
                version=self.check(data["version"], f"{where}.version", _version_text),
                kind=kind,
                filename=self.check(data["filename"], f"{where}.filename", check_file_name),
                sha256=self.check(data["sha256"], f"{where}.sha256", check_sha256),
                licence=self.check(data["licence"], f"{where}.licence", check_text),
                platform=self.optional(data, "platform", where, check_text),
                python_version=self.optional(data, "python_version", where, _version_text),
            )
            key = (archive.package, archive.version)
            if key in seen:
                self.fail(where, DUPLICATE_ARCHIVE.format(value=f"{key[0]} {key[1]}", first=seen[key]))
            seen[key] = index
            archives.append(archive)
        return tuple(archives)

    def images(self, raw: object, archives: tuple[Archive, ...]) -> tuple[ImageEntry, ...]:
        entries: list[ImageEntry] = []
        seen: dict[str, int] = {}
        known_archives = {(a.package, a.version) for a in archives}
        for index, item in enumerate(self.sequence(raw, "images")):
            where = f"images[{index}]"
            entry = self.image(item, where, known_archives, seen)
            seen[entry.file] = index
            entries.append(entry)
        return tuple(entries)

    def image(
        self, item: object, where: str, known_archives: set[tuple[str, str]], seen: Mapping[str, int]
    ) -> ImageEntry:
        data = self.mapping(item, where)
        self.keys(
            data,
            where,
            required=("file", "licence", "width", "height", "annotation", "faces"),
            optional=("description", "sha256", "pixels_sha256", "source", "generated_by", "origin", "person_outlines"),
        )
        file = self.check(data["file"], f"{where}.file", check_file_name)
        if file in seen:
            self.fail(f"{where}.file", DUPLICATE_FILE.format(value=file, first=seen[file]))
        found = [key for key in ("source", "generated_by", "origin") if key in data]
        if len(found) != 1:
            self.fail(where, PROVENANCE.format(found=", ".join(found) or "none"))
        width = self.check(data["width"], f"{where}.width", check_positive)
        height = self.check(data["height"], f"{where}.height", check_positive)
        faces_raw = self.sequence(data["faces"], f"{where}.faces")
        faces = tuple(
            self.face(face, f"{where}.faces[{number}]", width, height) for number, face in enumerate(faces_raw)
        )
        outlines_raw = self.sequence(data.get("person_outlines", []), f"{where}.person_outlines")
        outlines = tuple(
            self.outline(outline, f"{where}.person_outlines[{number}]", width, height)
            for number, outline in enumerate(outlines_raw)
        )
        return ImageEntry(
            person_outlines=outlines,
            file=file,
            width=width,
            height=height,
            licence=self.check(data["licence"], f"{where}.licence", check_text),
            annotation=self.check(data["annotation"], f"{where}.annotation", check_text),
            faces=faces,
            description=self.optional(data, "description", where, check_text) or "",
            sha256=self.optional(data, "sha256", where, check_sha256),
            pixels_sha256=self.optional(data, "pixels_sha256", where, check_sha256),
            source=self.optional(
                data, "source", where, lambda raw: self.source(raw, f"{where}.source", known_archives)
            ),
            generated_by=self.optional(
                data, "generated_by", where, lambda raw: self.generated_by(raw, f"{where}.generated_by", seen)
            ),
            origin=self.optional(data, "origin", where, check_text),
        )

    def face(self, item: object, where: str, width: int, height: int) -> Face:
        data = self.mapping(item, where)
        self.keys(data, where, required=("box", "monk_skin_tone"), optional=("attributes", "box_source"))
        box = self.check(data["box"], f"{where}.box", check_box)
        self.check(box, f"{where}.box", lambda b: check_box_inside(check_box(b), width, height))
        return Face(
            box=box,
            monk_skin_tone=self.check(data["monk_skin_tone"], f"{where}.monk_skin_tone", check_skin_tone),
            attributes=self.check(data.get("attributes", {}), f"{where}.attributes", check_attributes),
            box_source=self.check(data.get("box_source", "hand"), f"{where}.box_source", check_box_source),
        )

    def outline(self, item: object, where: str, width: int, height: int) -> Outline:
        outline = self.check(item, where, check_outline)
        return self.check(outline, where, lambda points: check_outline_inside(check_outline(points), width, height))

    def source(self, raw: object, where: str, known: set[tuple[str, str]]) -> PackageSource:
        data = self.mapping(raw, where)
        self.keys(data, where, required=("package", "version", "path"))
        source = PackageSource(
            package=self.check(data["package"], f"{where}.package", check_text),
            version=self.check(data["version"], f"{where}.version", _version_text),
            path=self.check(data["path"], f"{where}.path", check_text),
        )
        if (source.package, source.version) not in known:
            self.fail(where, UNKNOWN_ARCHIVE.format(value=source.label))
        return source

    def generated_by(self, raw: object, where: str, seen: Mapping[str, int]) -> GeneratedBy:
        data = self.mapping(raw, where)
        self.keys(data, where, required=("recipe", "inputs"))
        inputs = self.sequence(data["inputs"], f"{where}.inputs")
        for number, name in enumerate(inputs):
            if name not in seen:
                self.fail(f"{where}.inputs[{number}]", UNKNOWN_INPUT.format(value=name))
        return GeneratedBy(
            recipe=self.check(data["recipe"], f"{where}.recipe", check_text),
            inputs=tuple(inputs),
        )

    def optional(self, data: Mapping[str, Any], key: str, where: str, checker: Callable[[Any], T]) -> T | None:
        if key not in data:
            return None
        return self.check(data[key], f"{where}.{key}", checker)


def _whole_number(value: object) -> int:
    if not is_whole_number(value):
        raise ValueError(NOT_WHOLE_NUMBER.format(value=value))
    return int(value)


def _version_text(value: object) -> str:
    # Versions must be quoted: YAML reads 3.10 as the float 3.1, silently changing the pin.
    return check_text(value)


def _one_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split())
