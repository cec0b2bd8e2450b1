"""The sample-image manifest's schema: frozen dataclasses that validate on construction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from sample_images._checks import (
    MISSING_KEY,
    PROVENANCE,
    SCHEMA_VERSION,
    UNSUPPORTED_SCHEMA,
    ArchiveKind,
    AttributeValue,
    Box,
    BoxSource,
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
)


@dataclass(frozen=True)
class Face:
    """One annotated face: its box (and how it was made), its perceived Monk Skin Tone, and free-form grouping
    columns."""

    box: Box
    monk_skin_tone: int | None
    attributes: Mapping[str, AttributeValue] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    box_source: BoxSource = "hand"

    def __post_init__(self) -> None:
        object.__setattr__(self, "box", check_box(self.box))
        check_box_source(self.box_source)
        object.__setattr__(self, "monk_skin_tone", check_skin_tone(self.monk_skin_tone))
        object.__setattr__(self, "attributes", check_attributes(self.attributes))

    def value(self, column: str) -> AttributeValue | None:
        """This face's value in a grouping column: `monk_skin_tone` or an attribute (None if absent)."""
        if column == "monk_skin_tone":
            return self.monk_skin_tone
        return self.attributes.get(column)


@dataclass(frozen=True)
class Archive:
    """A registry package archive the images are read from, pinned by version and sha256."""

    package: str
    version: str
    kind: ArchiveKind
    filename: str
    sha256: str
    licence: str
    platform: str | None = None  # wheels: fixed tags, so every machine fetches the same file
    python_version: str | None = None

    def __post_init__(self) -> None:
        check_archive_kind(self.kind)
        check_file_name(self.filename)
        check_sha256(self.sha256)
        if self.kind == "wheel":
            for name in ("platform", "python_version"):
                if getattr(self, name) is None:
                    raise ValueError(MISSING_KEY.format(key=name))

    @property
    def requirement(self) -> str:
        """The pip requirement that names exactly this release."""
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class PackageSource:
    """Where an image comes from: a member of a pinned registry archive."""

    package: str
    version: str
    path: str  # the member's full name inside the archive

    @property
    def label(self) -> str:
        """'package version', as error messages and archives name it."""
        return f"{self.package} {self.version}"


@dataclass(frozen=True)
class GeneratedBy:
    """Where a synthetic image comes from: a recipe in `sample_images.synthetic` and its inputs."""

    recipe: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class ImageEntry:
    """One image: provenance, licence, size, checksum and its annotated faces."""

    file: str
    width: int
    height: int
    licence: str
    annotation: str
    faces: tuple[Face, ...]
    description: str = ""
    sha256: str | None = None
    pixels_sha256: str | None = None
    source: PackageSource | None = None
    generated_by: GeneratedBy | None = None
    origin: str | None = None
    # Hand-drawn person outlines (polygons in stored pixels), one per outlined person.
    person_outlines: tuple[Outline, ...] = ()

    def __post_init__(self) -> None:
        check_file_name(self.file)
        check_positive(self.width)
        check_positive(self.height)
        for digest in (self.sha256, self.pixels_sha256):
            if digest is not None:
                check_sha256(digest)
        found = _provenance_keys(self)
        if len(found) != 1:
            raise ValueError(PROVENANCE.format(found=", ".join(found) or "none"))
        for face in self.faces:
            check_box_inside(face.box, self.width, self.height)
        outlines = tuple(check_outline(outline) for outline in self.person_outlines)
        for outline in outlines:
            check_outline_inside(outline, self.width, self.height)
        object.__setattr__(self, "person_outlines", outlines)

    @property
    def is_synthetic(self) -> bool:
        """True for images the project draws itself rather than photographs."""
        return self.generated_by is not None


@dataclass(frozen=True)
class Manifest:
    """A labelled image set: where its files live, where they come from, and their faces."""

    schema_version: int
    path: Path
    folder: Path  # the folder the image files live in
    images: tuple[ImageEntry, ...]
    archives: tuple[Archive, ...] = ()
    notes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def __post_init__(self) -> None:
        if self.schema_version != SCHEMA_VERSION:
            raise ValueError(UNSUPPORTED_SCHEMA.format(value=self.schema_version, supported=SCHEMA_VERSION))
        object.__setattr__(self, "notes", MappingProxyType(dict(self.notes)))

    def image(self, file: str) -> ImageEntry:
        """The entry for one file name."""
        for entry in self.images:
            if entry.file == file:
                return entry
        raise KeyError(file)

    def path_of(self, entry: ImageEntry) -> Path:
        """Where an entry's file lives on disk."""
        return self.folder / entry.file

    def archive_for(self, source: PackageSource) -> Archive:
        """The archive a package source is read from."""
        for archive in self.archives:
            if (archive.package, archive.version) == (source.package, source.version):
                return archive
        raise KeyError(source.label)

    def face_columns(self) -> tuple[str, ...]:
        """Every column faces can be grouped by: `monk_skin_tone`, then attribute names, sorted."""
        names = {name for entry in self.images for face in entry.faces for name in face.attributes}
        return ("monk_skin_tone", *sorted(names))

    def labelled_columns(self) -> tuple[str, ...]:
        """The face columns at least one face has a value in (a team's set may leave `monk_skin_tone` empty)."""
        faces = [face for entry in self.images for face in entry.faces]
        return tuple(name for name in self.face_columns() if any(face.value(name) is not None for face in faces))


def _provenance_keys(entry: ImageEntry) -> list[str]:
    candidates = (("source", entry.source), ("generated_by", entry.generated_by), ("origin", entry.origin))
    return [name for name, value in candidates if value is not None]
