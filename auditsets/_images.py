"""An audit set's image files: unpacked from a zip within the limits, read safely, checked and deduplicated."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import limits
from auditsets._problems import (
    BAD_NAME,
    DUPLICATE,
    ENCRYPTED,
    MEMBER_UNREADABLE,
    NOT_A_FOLDER,
    NOT_IMAGE_FILE,
    NOT_ZIP,
    PARENT_MEMBER,
    ROTATED,
    SAME_NAME,
    UNREADABLE,
    ZIP_SAME_NAME,
    AuditSetError,
    SetProblem,
)
from imageoptions import ImageLoadError, load_image
from measurements import IMAGE_SUFFIXES

# Files a set's folder may hold beside its images: the labels and the manifest themselves.
COMPANION_SUFFIXES = (".csv", ".yaml", ".yml")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class ImageFile:
    """One readable image of the set: its name, where it lies, its size in stored pixels, its sha256."""

    file: str
    path: Path
    width: int
    height: int
    sha256: str


def unpack_zip(archive: Path, folder: Path, *, source: str = "") -> tuple[tuple[Path, ...], tuple[SetProblem, ...]]:
    """Extract a zip's files into `folder` (flattened: folders inside the zip are dropped), checking the
    member count, each member's compression ratio and the total size against the limits before writing;
    returns the files written and a problem for each member left out for a `..` in its path. Messages name
    the zip as `source` (an upload's own name), else by its file name."""
    source = source or archive.name
    try:
        with zipfile.ZipFile(archive) as opened:
            members = opened.infolist()
            limits.check(limits.ZIP_MEMBERS, len(members), source)
            climbing = [member for member in members if ".." in PurePosixPath(member.filename).parts]
            problems = tuple(SetProblem(source, PARENT_MEMBER.format(member=member.filename[:200]))
                             for member in climbing)
            files = [member for member in members if member not in climbing and wanted(member)]
            limits.check(limits.AUDIT_SET_BYTES, sum(member.file_size for member in files), source)
            names = [PurePosixPath(member.filename).name for member in files]
            for name in names:
                if names.count(name) > 1:
                    raise AuditSetError(ZIP_SAME_NAME.format(source=source, name=name))
            return tuple(extract_member(opened, member, folder, source) for member in files), problems
    except zipfile.BadZipFile:
        raise AuditSetError(NOT_ZIP.format(source=source)) from None


def wanted(member: zipfile.ZipInfo) -> bool:
    """Files, apart from folders and the hidden files archivers add (__MACOSX, .DS_Store)."""
    parts = PurePosixPath(member.filename).parts
    return not member.is_dir() and bool(parts) and not any(part.startswith((".", "__MACOSX")) for part in parts)


def extract_member(opened: zipfile.ZipFile, member: zipfile.ZipInfo, folder: Path, source: str) -> Path:
    """One member written under its base name, reading no more than its declared size allows."""
    name = PurePosixPath(member.filename).name
    if member.flag_bits & 0x1:
        raise AuditSetError(ENCRYPTED.format(source=source, member=name))
    ratio = member.file_size / max(member.compress_size, 1)
    limits.check(limits.ZIP_COMPRESSION_RATIO, ratio, f"{source}: {name}")
    limits.check(limits.IMAGE_FILE_BYTES, member.file_size, f"{source}: {name}")
    try:
        with opened.open(member) as stream:
            data = stream.read(member.file_size + 1)  # the header's size is checked, not trusted
    except Exception as error:  # zipfile passes on what its decompressor raises: zlib.error, NotImplementedError...
        raise AuditSetError(MEMBER_UNREADABLE.format(source=source, member=name, kind=error_kind(error),
                                                     detail=str(error)[:200])) from None
    limits.check(limits.IMAGE_FILE_BYTES, len(data), f"{source}: {name}")
    path = folder / name
    path.write_bytes(data)
    return path


def error_kind(error: Exception) -> str:
    """An exception's type as a message names it: `zlib.error`, `NotImplementedError`."""
    kind = type(error)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def set_files(folder: Path) -> tuple[Path, ...]:
    """The files directly in a set's folder, sorted by name (hidden files left out)."""
    if not folder.is_dir():
        raise AuditSetError(NOT_A_FOLDER.format(folder=folder))
    return tuple(sorted(path for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")))


def scan_images(paths: Sequence[Path]) -> tuple[tuple[ImageFile, ...], tuple[SetProblem, ...]]:
    """Every readable image among `paths`, and a problem for each file that is not one (or is a duplicate).

    The number of images and their total size are limits (LimitError); each image is read by the one
    safe loader, then held to the audit set's pixel limit.
    """
    candidates = [path for path in paths if path.suffix.lower() not in COMPANION_SUFFIXES]
    images = [path for path in candidates if path.suffix.lower() in IMAGE_SUFFIXES]
    limits.check(limits.AUDIT_SET_IMAGES, len(images), "images")
    limits.check(limits.AUDIT_SET_BYTES, sum(path.stat().st_size for path in images), "images")
    problems = [SetProblem(path.name, NOT_IMAGE_FILE.format(suffixes=" ".join(IMAGE_SUFFIXES)))
                for path in candidates if path not in images]
    found: list[ImageFile] = []
    by_digest: dict[str, str] = {}
    for path in images:
        image, problem = read_image(path)
        if problem is None and image is not None:
            if any(other.file == image.file for other in found):
                problem = SAME_NAME.format(name=image.file)
            elif image.sha256 in by_digest:
                problem = DUPLICATE.format(first=by_digest[image.sha256], sha256=image.sha256[:12])
        if problem is not None or image is None:
            problems.append(SetProblem(path.name, problem or ""))
            continue
        by_digest[image.sha256] = image.file
        found.append(image)
    return tuple(found), tuple(problems)


def read_image(path: Path) -> tuple[ImageFile | None, str | None]:
    """One image file read by the safe loader, or why it cannot be in the set."""
    if not _PLAIN_NAME.fullmatch(path.name):
        return None, BAD_NAME.format(name=path.name)
    try:
        loaded = load_image(path)
    except ImageLoadError as error:
        return None, UNREADABLE.format(problem=error.problem)
    width, height = loaded.original_size
    problem = limits.AUDIT_SET_IMAGE_PIXELS.problem(width * height)
    if problem:
        return None, f"{width}x{height}: {problem}"
    if any(note.startswith("rotated upright") for note in loaded.notes):
        return None, ROTATED
    return ImageFile(path.name, path, width, height, loaded.sha256), None
