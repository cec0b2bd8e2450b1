"""Who labelled a set's faces, how, by which rules, and how many distinct faces each group has."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sample_images._manifest import Manifest

PERCEPTION = ("The labels are perceptions, not identities: each records how a labeller perceived a face in "
              "a photo (lighting and colour grading move it), never anyone's race, ethnicity or identity.")
NOT_RECORDED = "not recorded"
# The notes a manifest records its labelling in; the sample manifest's older notes stand in where absent.
LABELLED_BY, METHOD, RULES = "labelled_by", "annotation_method", "labelling_rules"
_RULES_FALLBACK = ("box_convention", "skin_tone")


@dataclass(frozen=True)
class LabelProvenance:
    """A set's labels as a report states them: who, how, the rules, faces per group, and box sources."""

    set_name: str
    labelled_by: str
    method: str
    rules: str
    column: str
    faces_per_group: tuple[tuple[str, int], ...]
    hand_boxes: int
    proposed_boxes: int
    confirmed_boxes: int
    statement: str = PERCEPTION

    def how(self) -> str:
        """'12 boxes by hand, 3 proposed by the detector and confirmed by hand, 1 proposed (not confirmed)'."""
        return (f"{self.hand_boxes} boxes drawn by hand, {self.confirmed_boxes} proposed by the detector and "
                f"confirmed by hand, {self.proposed_boxes} proposed and not confirmed (left out of audits)")


def labelling_notes(manifest: Manifest) -> tuple[str, str, str]:
    """Who labelled, how and by which rules, from the manifest's notes ('not recorded' where silent)."""
    notes = manifest.notes
    rules = notes.get(RULES) or " ".join(notes[key] for key in _RULES_FALLBACK if key in notes)
    return notes.get(LABELLED_BY, NOT_RECORDED), notes.get(METHOD, NOT_RECORDED), rules or NOT_RECORDED


def labels_from_data(data: object) -> LabelProvenance | None:
    """A LabelProvenance from the plain data an evidence file's results hold, or None when absent or malformed."""
    if not isinstance(data, Mapping):
        return None
    try:
        groups = tuple((str(group), int(count)) for group, count in data["faces_per_group"])
        return LabelProvenance(
            set_name=str(data["set_name"]), labelled_by=str(data["labelled_by"]), method=str(data["method"]),
            rules=str(data["rules"]), column=str(data["column"]), faces_per_group=groups,
            hand_boxes=int(data["hand_boxes"]), proposed_boxes=int(data["proposed_boxes"]),
            confirmed_boxes=int(data["confirmed_boxes"]), statement=str(data.get("statement", PERCEPTION)),
        )
    except (KeyError, TypeError, ValueError):  # a hand-edited or older file: the report says "not recorded"
        return None
