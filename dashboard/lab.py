"""The Image lab's widgets and its cache: each image measured once per frame and option set."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

import limits
import measurements
from charts import ML_COLOURS, NON_ML_COLOURS, crop_thumbnail, draw_crop_boxes
from dashboard.markup import md
from imageoptions import ImageLoadError, builtin_options, load_image, select_options
from measurements import ImageInput, RetentionReport
from sample_images import load_manifest

UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff"]
_UPLOAD_DIR, _UPLOADS = "tcm_upload_folder", "tcm_uploads"
_FOLDER_PREFIX = "tcm-uploads-"


def option_colours() -> dict[str, str]:
    """A colour per image option: warm for ML options, cool for the rest (as in every chart)."""
    options = builtin_options()
    ml = [o.name for o in options if o.kind == "ml"]
    rest = [o.name for o in options if o.kind != "ml"]
    return {**dict(zip(rest, NON_ML_COLOURS, strict=False)), **dict(zip(ml, ML_COLOURS, strict=False))}


def sample_inputs() -> list[ImageInput]:
    """The built-in sample images with their annotated faces."""
    manifest = load_manifest()
    paths = [manifest.path_of(entry) for entry in manifest.images]
    return list(measurements.annotate(paths, manifest))


def uploaded_inputs(files: Sequence[object]) -> tuple[list[ImageInput], list[str]]:
    """Every image this session has uploaded (new `files` added), and why any new one was refused.

    Uploads are saved in this session's own folder (named by content hash): only this session
    sees them, they stay while the session lasts (switching pages keeps them), and the folder is
    deleted when the session ends. They carry no annotation, so the default detector's faces
    stand in (and are flagged as such)."""
    folder = _session_folder()
    kept: dict[str, str] = st.session_state.setdefault(_UPLOADS, {})
    refused = []
    for upload in files:
        data = upload.getvalue()  # type: ignore[attr-defined]
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", upload.name)[-80:]  # type: ignore[attr-defined]
        path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}-{safe_name}"
        if str(path) in kept.values():
            continue
        problem = _upload_problem(len(data), kept)
        if problem:
            refused.append(f"{safe_name}: {problem}")
            continue
        path.write_bytes(data)
        kept[safe_name if safe_name not in kept else path.name] = str(path)
    return [ImageInput(path=path) for path in kept.values() if Path(path).is_file()], refused


def _upload_problem(size: int, kept: dict[str, str]) -> str | None:
    """Why one more upload of `size` bytes is refused by the per-session limits, or None."""
    used = sum(Path(path).stat().st_size for path in kept.values() if Path(path).is_file())
    for limit, value in ((limits.UPLOAD_BYTES, size), (limits.UPLOADS_PER_SESSION, len(kept) + 1),
                         (limits.UPLOAD_BYTES_PER_SESSION, used + size)):
        if not limit.allows(value):
            return limit.message(value)
    return None


class _SessionFolder:
    """A session's upload folder, deleted when the session (which holds this object) is dropped."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{os.getpid()}-"))
        weakref.finalize(self, shutil.rmtree, self.path, ignore_errors=True)


def _session_folder() -> Path:
    if _UPLOAD_DIR not in st.session_state:
        st.session_state[_UPLOAD_DIR] = _SessionFolder()
    folder: _SessionFolder = st.session_state[_UPLOAD_DIR]
    folder.path.mkdir(parents=True, exist_ok=True)
    return folder.path


def sweep_upload_folders(root: Path | None = None) -> list[Path]:
    """Delete upload folders left by dashboard processes that are no longer running (at start-up)."""
    swept = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{_FOLDER_PREFIX}*"):
        owner = folder.name[len(_FOLDER_PREFIX):].split("-", 1)[0]
        if folder.is_dir() and not (owner.isdigit() and _is_running(int(owner))):
            shutil.rmtree(folder, ignore_errors=True)
            swept.append(folder)
    return swept


@st.cache_resource(show_spinner=False)
def sweep_once() -> int:
    """Sweep old upload folders once per server process (cached: later calls do nothing)."""
    return len(sweep_upload_folders())


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def measure(images: Sequence[ImageInput], options: tuple[str, ...], frame: str) -> list[RetentionReport]:
    """Each image's retention report, from the cache when this image, frame and options ran before,
    with a progress bar while new ones run."""
    keys = _option_keys(options)
    bar = st.progress(0.0, text="Running every option on every image...")
    reports = []
    for done, image in enumerate(images, start=1):
        digest = hashlib.sha256(Path(image.path).read_bytes()).hexdigest() if Path(image.path).is_file() else ""
        reports.append(_measure_one(image, digest, options, frame, keys))
        bar.progress(done / len(images), text=f"{done} of {len(images)} images")
    bar.empty()
    return reports


@st.cache_resource(show_spinner=False)
def _option_keys(options: tuple[str, ...]) -> tuple[str, ...]:
    # Option tunables and model file hashes: a re-prepared model must not reuse old results.
    chosen = select_options(options, builtin_options())
    return tuple(f"{option.fingerprint()}:{_model_hash(option)}" for option in chosen)


def _model_hash(option: object) -> str:
    try:
        return str(option.chooser.model_sha256() or "")  # type: ignore[attr-defined]
    except Exception as error:  # a missing model shows up as a per-image error in the results
        return f"unavailable: {type(error).__name__}"


@st.cache_data(max_entries=1024, show_spinner=False)
def _measure_one(image: ImageInput, digest: str, options: tuple[str, ...], frame: str,
                 option_keys: tuple[str, ...]) -> RetentionReport:
    # Keyed by the image's content hash, the frame and the options' fingerprints: changing an
    # estimate, or opening another page, never runs an image again.
    return measurements.measure_retention([image], options, frame=frame)


def combined(reports: Sequence[RetentionReport], options: tuple[str, ...], frame: str) -> RetentionReport:
    """The per-image reports as one run, summarised by the library's own rule."""
    images = tuple(image for report in reports for image in report.images)
    summaries = tuple(measurements.summarise_option(name, images) for name in options)
    return RetentionReport(frame=frame, rule=measurements.RetentionRule(), images=images, summaries=summaries)


def summary_table(report: RetentionReport) -> pd.DataFrame:
    """Per option over all images: images with a face cut (of images with a face), faces cut, errors."""
    return pd.DataFrame.from_dict({
        s.option: {"images": s.images_cut.n, "images with a face cut": s.images_cut.count,
                   "faces": s.faces_cut.n, "faces cut": s.faces_cut.count, "errors": s.errors}
        for s in report.summaries
    }, orient="index")


def show_image(report: RetentionReport, colours: dict[str, str]) -> None:
    """One image: the crop boxes of every option on the original, then each option's crop."""
    image = report.images[0]
    st.markdown(f"**{md(image.file)}**" + ("  :gray[(faces found by the detector, not annotated)]"
                                        if image.face_source == "detector" else ""))
    if image.error:
        st.error(md(image.error))
        return
    try:
        original = load_image(image.path).image
    except ImageLoadError as error:
        st.error(md(error))
        return
    boxes = {option.option: option.box for option in image.options if option.box is not None}
    st.image(draw_crop_boxes(original, boxes, colours), caption="each option's crop box, in its colour")
    columns = st.columns(len(image.options))
    for column, option in zip(columns, image.options, strict=True):
        with column:
            st.markdown(f":material/crop: <span style='color:{colours.get(option.option, '#000')}'>"
                        f"**{option.option}**</span>", unsafe_allow_html=True)
            if option.error or option.box is None:
                st.error(md(option.error or "no crop"))
                continue
            st.image(crop_thumbnail(original, option.box))
            kept = sum(not face.cut for face in option.faces)
            faces = f"faces kept {kept} of {len(option.faces)}" if option.faces else "no faces"
            fell_back = f"; fell back: {option.fallback}" if option.fallback else ""
            st.caption(md(f"{option.latency_ms:.1f} ms; {faces}{fell_back}"))
