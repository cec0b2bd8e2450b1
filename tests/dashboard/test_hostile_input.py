"""The dashboard with hostile input: escaped text, refused frames and links, per-session uploads."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

from streamlit.testing.v1 import AppTest

import costmodels
import limits
from costmodels import SharedState
from costmodels._share import _DICTIONARIES
from dashboard import lab
from dashboard.markup import md, md_lines
from dashboard.settings import frame_problem, settings_from_mapping


def test_md_escapes_links_html_and_directives() -> None:
    assert md("[x](https://evil.example)") == "\\[x\\](https\\://evil.example)"
    assert md('<a href="y">z</a>') == '\\<a href="y"\\>z\\</a\\>'
    assert md(":red[alarm] :material/home:") == "\\:red\\[alarm\\] \\:material/home:"
    assert md("mail me@evil.example or www.evil.example") == "mail me\\@evil.example or www\\.evil.example"
    assert md("$1 and $2") == "\\$1 and \\$2"


def test_md_leaves_plain_sentences_alone() -> None:
    text = "Crop from (0,0) costs $9.3M more at P50: 5% of 100,000 simulations; non-ML."
    assert md(text) == text


def test_md_lines_makes_one_escaped_bullet_per_line() -> None:
    assert md_lines("a: *b*\n# c") == "- a: \\*b\\*\n- \\# c"


def test_frame_problem_names_the_side_or_pixel_limit() -> None:
    assert frame_problem("99999x99999") == (
        f"frame 99999x99999: 99,999 pixels is above the limit of 10,000 pixels ({limits.FRAME_SIDE.why})")
    assert frame_problem("5000x5000") == (
        f"frame 5000x5000: 25,000,000 pixels is above the limit of 16,000,000 pixels ({limits.FRAME_PIXELS.why})")
    assert frame_problem("1920x1080") is None
    assert frame_problem("0.56") is None


def test_settings_from_mapping_replaces_a_huge_frame_by_the_default() -> None:
    settings, problems = settings_from_mapping({"aspect": "20000x20000"})
    assert settings.aspect == "0.56"
    assert problems == [f"setting aspect: frame 20000x20000: 20,000 pixels is above the limit of 10,000 pixels "
                        f"({limits.FRAME_SIDE.why}); using the default"]


def test_decision_page_shows_a_hostile_question_as_text(app: AppTest) -> None:
    scenario = dataclasses.replace(costmodels.default_scenario(), question="[win](https://evil.example) now?")
    app.query_params["s"] = costmodels.encode_share_token(SharedState(scenario))
    app.run()
    assert not app.exception
    assert app.title[0].value == "\\[win\\](https\\://evil.example) now?"


def test_hostile_link_warns_and_keeps_the_default(app: AppTest) -> None:
    data = costmodels.scenario_to_data(costmodels.default_scenario())
    data["horizon_years"] = 1000
    compressor = zlib.compressobj(level=9, zdict=_DICTIONARIES["1"])
    packed = compressor.compress(json.dumps({"scenario": data, "settings": {}}).encode()) + compressor.flush()
    app.query_params["s"] = "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    app.run()
    assert not app.exception
    warnings = [warning.value for warning in app.warning]
    assert warnings[0].startswith("the share link's scenario is invalid:\nhorizon\\_years: 1,000 years is above")
    assert warnings[1] == "Showing the default scenario instead."


def test_sweep_upload_folders_removes_only_folders_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    mine = tmp_path / f"tcm-uploads-{os.getpid()}-abc"
    gone = tmp_path / f"tcm-uploads-{dead}-def"
    old_style = tmp_path / "tcm-uploads-xyz"
    for folder in (mine, gone, old_style):
        folder.mkdir()
        (folder / "photo.png").write_bytes(b"x")
    assert sorted(lab.sweep_upload_folders(tmp_path)) == sorted([gone, old_style])
    assert mine.is_dir() and not gone.exists() and not old_style.exists()


def test_session_folder_is_deleted_when_the_session_lets_it_go() -> None:
    folder = lab._SessionFolder()
    (folder.path / "photo.png").write_bytes(b"x")
    path = folder.path
    del folder
    assert not path.exists()


def test_upload_problem_applies_the_per_session_limits(tmp_path: Path) -> None:
    kept: dict[str, str] = {}
    for index in range(limits.UPLOADS_PER_SESSION.maximum):
        path = tmp_path / f"{index}.png"
        path.write_bytes(b"x")
        kept[path.name] = str(path)
    assert lab._upload_problem(10, {}) is None
    assert lab._upload_problem(limits.UPLOAD_BYTES.maximum + 1, {}) == limits.UPLOAD_BYTES.message(
        limits.UPLOAD_BYTES.maximum + 1)
    assert lab._upload_problem(10, kept) == limits.UPLOADS_PER_SESSION.message(
        limits.UPLOADS_PER_SESSION.maximum + 1)
