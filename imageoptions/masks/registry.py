"""The mask-option registry: every built-in person-mask option as one row of an explicit table."""

from __future__ import annotations

from collections.abc import Sequence

from imageoptions.errors import UnknownOptionError
from imageoptions.masks.background_subtraction import BackgroundSubtraction
from imageoptions.masks.chroma_key import ChromaKey
from imageoptions.masks.no_replacement import NoReplacement
from imageoptions.masks.option import MaskOption
from imageoptions.masks.segmentation import SelfieSegmentation

UNKNOWN_MASK_OPTION = "unknown mask option {name!r}; known mask options: {known}"


def builtin_mask_options() -> tuple[MaskOption, ...]:
    """Every built-in mask option, freshly built; the ML model loads on first use, not here."""
    return (
        MaskOption(
            "person_segmentation_mediapipe", "Person segmentation (MediaPipe selfie)", "ml", SelfieSegmentation()
        ),
        MaskOption("chroma_key", "Chroma key (user's green screen)", "non_ml", ChromaKey()),
        MaskOption(
            "background_subtraction", "Background subtraction (empty-room frame)", "non_ml", BackgroundSubtraction()
        ),
        MaskOption("no_replacement", "No replacement (blur off, framing guide)", "non_ml", NoReplacement()),
    )


def mask_option_names() -> tuple[str, ...]:
    """The machine names of the built-in mask options, in table order."""
    return tuple(option.name for option in builtin_mask_options())


def select_mask_options(names: Sequence[str], options: Sequence[MaskOption] | None = None) -> tuple[MaskOption, ...]:
    """The named mask options in the order named (all of them when no name is given)."""
    available = tuple(options) if options is not None else builtin_mask_options()
    if not names:
        return available
    by_name = {option.name: option for option in available}
    for name in names:
        if name not in by_name:
            raise UnknownOptionError(UNKNOWN_MASK_OPTION.format(name=name, known=", ".join(by_name)))
    return tuple(by_name[name] for name in names)
