"""The Image lab's widgets and its caches: each image measured once per frame and option set, for every session."""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from PIL import Image

import charts
import limits
import measurements
from charts import OptionStyle, crop_thumbnail, draw_crop_boxes
from dashboard import state
from dashboard.markup import md
from imageoptions import (
    ImageLoadError,
    OptionSpec,
    build_options,
    builtin_options,
    builtin_specs,
    load_image,
    resolve_specs,
)
from measurements import ImageInput, ImageRetention, RetentionReport
from sample_images import load_manifest

UPLOAD_TYPES = ["png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff"]
_UPLOAD_DIR, _UPLOADS, _OPTIONS = "tcm_upload_folder", "tcm_uploads", "tcm_uploaded_options"
UPLOADER_KEY, _REFUSED = "tcm_lab_uploader", "tcm_lab_refused_uploads"
_FOLDER_PREFIX = "tcm-uploads-"
Progress = Callable[[int, int], None]
Store = dict[tuple[str, str, str, tuple[str, ...]], RetentionReport]


@dataclass(frozen=True)
class Pictures:
    """One measured image as the page shows it: each option's box on the original, and each option's crop."""

    boxes_jpeg: bytes
    crops_jpeg: tuple[bytes, ...]
    captions: tuple[str, ...]


def option_styles() -> dict[str, OptionStyle]:
    """Each image option's name and colour as the scenario on screen names it (the Decision page's colours),
    the session's uploaded options after the built-ins."""
    return charts.image_option_styles(state.scenario(), (*builtin_options(), *build_options(uploaded_options())))


def uploaded_options() -> tuple[OptionSpec, ...]:
    """The bring-your-own ONNX options this session uploaded (the Audit page adds them), in upload order."""
    options: dict[str, OptionSpec] = st.session_state.setdefault(_OPTIONS, {})
    return tuple(options.values())


def add_uploaded_option(spec: OptionSpec) -> None:
    """Keep an uploaded option for this session; one of the same name is replaced."""
    options: dict[str, OptionSpec] = st.session_state.setdefault(_OPTIONS, {})
    options.pop(spec.name, None)
    options[spec.name] = spec


def session_upload_bytes() -> int:
    """Bytes this session keeps on disk: its uploaded images and models."""
    paths = [*st.session_state.get(_UPLOADS, []), *(spec.model_path for spec in uploaded_options())]
    return sum(Path(path).stat().st_size for path in paths if Path(path).is_file())


def lab_options() -> tuple[OptionSpec, ...]:
    """Every built-in option, then the session's uploaded ones: what the Image lab runs."""
    return (*builtin_specs(), *uploaded_options())


def sample_inputs() -> list[ImageInput]:
    """The built-in sample images with their annotated faces."""
    manifest = load_manifest()
    paths = [manifest.path_of(entry) for entry in manifest.images]
    return list(measurements.annotate(paths, manifest))


def keep_uploads() -> None:
    """The Image lab uploader's on_change: save its files before any page runs. A callback runs even when the
    next rerun is a switch to another page, so an upload followed at once by a page switch is not lost."""
    _, refused = uploaded_inputs(st.session_state.get(UPLOADER_KEY) or [])
    st.session_state[_REFUSED] = refused


def kept_uploads() -> tuple[list[ImageInput], list[str]]:
    """The session's uploaded images, and why the latest uploads refused any."""
    return uploaded_inputs([])[0], st.session_state.get(_REFUSED, [])


def uploaded_inputs(files: Sequence[object]) -> tuple[list[ImageInput], list[str]]:
    """Every image this session has uploaded (new `files` added), and why any new one was refused.

    Uploads are saved in this session's own folder under the name the user gave them (one sub-folder
    per content, so two files of the same name never collide): only this session sees them, they stay
    while the session lasts (switching pages keeps them), and the folder is deleted when the session
    ends. They carry no annotation, so the default detector's faces stand in (flagged as such)."""
    folder = session_folder()
    kept: list[str] = st.session_state.setdefault(_UPLOADS, [])
    refused = []
    for upload in files:
        data = upload.getvalue()  # type: ignore[attr-defined]
        safe_name = re.sub(r"[^A-Za-z0-9._ ()-]", "_", upload.name)[-80:]  # type: ignore[attr-defined]
        path = folder / hashlib.sha256(data).hexdigest()[:16] / safe_name
        if str(path) in kept:
            continue
        problem = _upload_problem(len(data), kept)
        if problem:
            refused.append(f"{safe_name}: {problem}")
            continue
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        kept.append(str(path))
    return [ImageInput(path=path) for path in kept if Path(path).is_file()], refused


def _upload_problem(size: int, kept: list[str]) -> str | None:
    """Why one more upload of `size` bytes is refused by the per-session limits, or None."""
    used = sum(Path(path).stat().st_size for path in kept if Path(path).is_file())
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


def session_folder() -> Path:
    """This session's own upload folder (made on first use, deleted when the session ends)."""
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


@st.cache_resource(show_spinner=False)
def results_store() -> Store:
    """Every image's retention report, keyed by its content hash, its path, the frame and the options' fingerprints:
    shared by every session and by the background audits (plain dict: each key is written once)."""
    return {}


@st.cache_resource(show_spinner=False)
def option_keys(options: tuple[OptionSpec | str, ...]) -> tuple[str, ...]:
    """Option tunables and model file hashes: a re-prepared model must not reuse old results."""
    chosen = build_options(resolve_specs(options))
    return tuple(f"{option.fingerprint()}:{_model_hash(option)}" for option in chosen)


def _model_hash(option: object) -> str:
    try:
        return str(option.chooser.model_sha256() or "")  # type: ignore[attr-defined]
    except Exception as error:  # a missing model shows up as a per-image error in the results
        return f"unavailable: {type(error).__name__}"


def measure_with(store: Store, keys: tuple[str, ...],
                 images: Sequence[ImageInput], options: tuple[OptionSpec | str, ...], frame: str,
                 progress: Progress | None = None) -> list[RetentionReport]:
    """Each image's report, from `store` when this image, frame and options ran before (no Streamlit here:
    background threads call it)."""
    reports = []
    for done, image in enumerate(images, start=1):
        path = Path(image.path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        # The path is part of the key: a report names its file, so one session's upload must never show
        # under another session's name (or path), even when the two files hold the same bytes.
        key = (digest, image.path, frame, keys)
        if key not in store:
            store[key] = measurements.measure_retention([image], options, frame=frame)
        reports.append(store[key])
        if progress is not None:
            progress(done, len(images))
    return reports


def measure(images: Sequence[ImageInput], options: tuple[OptionSpec | str, ...], frame: str) -> list[RetentionReport]:
    """Each image's report, with a progress bar while new ones run."""
    bar = st.progress(0.0, text="Running every option on every image...")

    def show(done: int, total: int) -> None:
        bar.progress(done / total, text=f"{done} of {total} images")

    reports = measure_with(results_store(), option_keys(options), images, options, frame, show)
    bar.empty()
    return reports


_SAMPLE_LOCK = threading.Lock()


@st.cache_resource(max_entries=16, show_spinner=False)
def sample_set(frame: str, options: tuple[OptionSpec | str, ...], keys: tuple[str, ...],
               colours: tuple[tuple[str, str], ...], names: tuple[tuple[str, str], ...]
               ) -> tuple[list[RetentionReport], dict[str, Pictures]]:
    """The sample set through every option, with its pictures drawn: one entry per frame, option set and
    styles, shared by every session, so a second visit draws at once."""
    with _SAMPLE_LOCK:
        reports = measure_with(results_store(), keys, sample_inputs(), options, frame)
        return reports, {r.images[0].file: pictures(r.images[0], dict(colours), dict(names)) for r in reports}


def _jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def pictures(image: ImageRetention, colours: Mapping[str, str], names: Mapping[str, str]) -> Pictures:
    """The boxes picture and one crop per option, encoded once."""
    try:
        original = load_image(image.path).image
    except ImageLoadError as error:
        return Pictures(b"", (), (str(error),))
    boxes = {option.option: option.box for option in image.options if option.box is not None}
    crops, captions = [], []
    for option in image.options:
        if option.box is None:
            continue
        kept = sum(not face.cut for face in option.faces)
        faces = f"faces kept {kept} of {len(option.faces)}" if option.faces else "no faces"
        fell_back = f"; fell back: {option.fallback}" if option.fallback else ""
        crops.append(_jpeg(crop_thumbnail(original, option.box)))
        captions.append(f"{names.get(option.option, option.option)}: {option.latency_ms:.1f} ms; {faces}{fell_back}")
    return Pictures(_jpeg(draw_crop_boxes(original, boxes, colours)), tuple(crops), tuple(captions))


def combined(reports: Sequence[RetentionReport], options: Sequence[OptionSpec | str], frame: str) -> RetentionReport:
    """The per-image reports as one run, summarised by the library's own rule."""
    images = tuple(image for report in reports for image in report.images)
    names = [option if isinstance(option, str) else option.name for option in options]
    summaries = tuple(measurements.summarise_option(name, images) for name in names)
    return RetentionReport(frame=frame, rule=measurements.RetentionRule(), images=images, summaries=summaries)


def summary_table(report: RetentionReport, names: Mapping[str, str]) -> pd.DataFrame:
    """Per option over all images: images with a face cut (of images with a face), faces cut, errors."""
    return pd.DataFrame.from_dict({
        names.get(s.option, s.option): {"images": s.images_cut.n, "images with a face cut": s.images_cut.count,
                                        "faces": s.faces_cut.n, "faces cut": s.faces_cut.count, "errors": s.errors}
        for s in report.summaries
    }, orient="index")


def show_image(image: ImageRetention, shown: Pictures, styles: Mapping[str, OptionStyle]) -> None:
    """One image: the crop boxes of every option on the original, then each option's crop in one row."""
    st.markdown(f"**{md(image.file)}**" + ("  :gray[(faces found by the detector, not annotated)]"
                                            if image.face_source == "detector" else ""))
    if image.error or not shown.boxes_jpeg:
        st.error(md(image.error or shown.captions[0]))
        return
    legend = " ".join(f"<span style='color:{style.colour}'>■ {html.escape(style.name)}</span>"
                      for name, style in styles.items()
                      if any(option.option == name for option in image.options))
    st.image(shown.boxes_jpeg, width=640)
    st.markdown(f"Each option's crop box, in its colour: {legend}", unsafe_allow_html=True)
    for option in image.options:
        if option.error or option.box is None:
            st.error(md(f"{styles[option.option].name if option.option in styles else option.option}: "
                        f"{option.error or 'no crop'}"))
    st.image(list(shown.crops_jpeg), caption=list(shown.captions), width=160)
