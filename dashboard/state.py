"""The session's scenario and settings, kept in step with the share link in the URL (`?s=`)."""

from __future__ import annotations

import streamlit as st

import costmodels
import limits
import templates
from costmodels import Evaluation, Evidence, Scenario, SharedState, ShareLinkError
from dashboard.settings import Settings, settings_from_mapping
from sample_images import LabelProvenance

LINK_PARAMETER = "s"
_SCENARIO, _SETTINGS, _NOTICES, _EVIDENCE = "tcm_scenario", "tcm_settings", "tcm_notices", "tcm_evidence"
_LABELS, _EVIDENCE_FILES = "tcm_evidence_labels", "tcm_evidence_files"
_REVISION, _EDITOR_BASE, _LAST_PAGE = "tcm_revision", "tcm_editor_base", "tcm_last_page"
_PAST, _FUTURE, _VARIANTS, _MODE = "tcm_past", "tcm_future", "tcm_variants", "tcm_editor_mode"
HISTORY_LIMIT = 50  # undo steps kept in a session; older edits drop off


def start_session() -> None:
    """On a session's first run: open the share link if there is one, else the default scenario."""
    if _SCENARIO in st.session_state:
        return
    scenario, settings, evidence = costmodels.default_scenario(), Settings(), None
    notices: list[str] = []
    variants: dict[str, Scenario] = {}
    token = st.query_params.get(LINK_PARAMETER)
    if token:
        try:
            shared = costmodels.decode_share_token(token)
            scenario, evidence, variants = shared.scenario, shared.evidence, dict(shared.variants)
            settings, notices = settings_from_mapping(shared.settings)
        except ShareLinkError as error:
            notices = [f"{error}", "Showing the default scenario instead."]
    st.session_state[_SCENARIO] = scenario
    st.session_state[_SETTINGS] = settings
    st.session_state[_EVIDENCE] = evidence
    st.session_state[_NOTICES] = notices
    st.session_state[_REVISION] = 0
    st.session_state[_EDITOR_BASE] = scenario
    st.session_state[_PAST], st.session_state[_FUTURE] = [], []
    st.session_state[_VARIANTS] = variants


def scenario() -> Scenario:
    """The scenario on screen: the last valid one the user made."""
    result: Scenario = st.session_state[_SCENARIO]
    return result


def settings() -> Settings:
    """The current run settings."""
    result: Settings = st.session_state[_SETTINGS]
    return result


def revision() -> int:
    """Bumped when the scenario is replaced from outside the editors, so they start afresh."""
    result: int = st.session_state[_REVISION]
    return result


def notices() -> list[str]:
    """Warnings about the link the session was opened with."""
    result: list[str] = st.session_state[_NOTICES]
    return result


def set_scenario(new: Scenario, *, refresh_editors: bool = False) -> None:
    """Make `new` the scenario on screen (and in the link); the one it replaces can be undone back to."""
    if new != scenario():
        past: list[Scenario] = st.session_state[_PAST]
        past.append(scenario())
        del past[:-HISTORY_LIMIT]
        st.session_state[_FUTURE] = []
        st.session_state[_SCENARIO] = new
        st.session_state[_NOTICES] = []
    if refresh_editors:
        renew_editors()


def can_undo() -> bool:
    """Whether there is an edit to undo."""
    return bool(st.session_state[_PAST])


def can_redo() -> bool:
    """Whether there is an undone edit to redo."""
    return bool(st.session_state[_FUTURE])


def undo() -> None:
    """Go back to the scenario before the last edit (the editors start afresh from it)."""
    _step(st.session_state[_PAST], st.session_state[_FUTURE])


def redo() -> None:
    """Make the last undone edit again."""
    _step(st.session_state[_FUTURE], st.session_state[_PAST])


def _step(source: list[Scenario], target: list[Scenario]) -> None:
    if source:
        target.append(scenario())
        del target[:-HISTORY_LIMIT]
        st.session_state[_SCENARIO] = source.pop()
        renew_editors()


def variants() -> dict[str, Scenario]:
    """The named variants of this session ("as estimated", "with the audit"), in the order saved."""
    result: dict[str, Scenario] = st.session_state[_VARIANTS]
    return result


def save_variant(name: str) -> bool:
    """Keep the scenario on screen as the variant called `name` (replacing one of that name); False, and nothing
    saved, when a new variant would pass the limit (a link carries every variant, and would not open)."""
    if name not in variants() and len(variants()) >= limits.VARIANTS.maximum:
        return False
    st.session_state[_VARIANTS] = {**variants(), name: scenario()}
    return True


def open_variant(name: str) -> None:
    """Put the variant called `name` on screen (an edit like any other: it can be undone)."""
    set_scenario(variants()[name], refresh_editors=True)


def start_from(new: Scenario, label: str) -> str:
    """Put a template's scenario on screen, keeping the one it replaces as a variant (and in undo);
    returns that variant's name, or "" when the variants are at their limit (undo still has it)."""
    name, number = f"before {label.lower()}", 2
    while name in variants():
        name, number = f"before {label.lower()} ({number})", number + 1
    kept = save_variant(name)
    set_scenario(new, refresh_editors=True)
    set_labels(None)  # the last audit's labels belong to the decision left; its Audit page sets them again
    return name if kept else ""


def add_notice(text: str) -> None:
    """A message the next run shows at the top of the page (notices clear on the next edit)."""
    st.session_state[_NOTICES] = [*notices(), text]


def delete_variant(name: str) -> None:
    """Forget the variant called `name`."""
    st.session_state[_VARIANTS] = {key: value for key, value in variants().items() if key != name}


def note_editor_mode(mode: str) -> None:
    """Record the Estimates page's mode; switching modes starts the editors afresh."""
    if st.session_state.get(_MODE) != mode:
        st.session_state[_MODE] = mode
        renew_editors()


def renew_editors() -> None:
    """Start the editors afresh from the current scenario (new widget keys, new starting values).

    Streamlit editors hold their edits relative to the data they started with, so they must
    start from a snapshot that stays fixed while the user types, and be renewed when the
    scenario changes from elsewhere (an import, the meeting table, another page).
    """
    st.session_state[_REVISION] += 1
    st.session_state[_EDITOR_BASE] = scenario()


def editor_base() -> Scenario:
    """The scenario the detailed editors started from at this revision."""
    result: Scenario = st.session_state[_EDITOR_BASE]
    return result


def note_page(name: str) -> None:
    """Record the page being shown; arriving from another page renews the editors."""
    if st.session_state.get(_LAST_PAGE) != name:
        st.session_state[_LAST_PAGE] = name
        renew_editors()


def evidence() -> Evidence | None:
    """The measurements the cost model uses, if the user chose to use them."""
    result: Evidence | None = st.session_state[_EVIDENCE]
    return result


def set_evidence(new: Evidence | None, files: tuple[tuple[str, bytes], ...] = ()) -> None:
    """Use these measurements in the cost model (None: estimates only); `files` are the evidence files behind
    them (name, bytes) for the report: none when they came with a share link, which carries metrics only."""
    st.session_state[_EVIDENCE] = new
    st.session_state[_EVIDENCE_FILES] = files if new is not None else ()


def evidence_files() -> tuple[tuple[str, bytes], ...]:
    """The evidence files behind the measurements in use, as the report lists them."""
    files: tuple[tuple[str, bytes], ...] = st.session_state.get(_EVIDENCE_FILES, ())
    return files


def labels() -> LabelProvenance | None:
    """The labels behind the measurements the cost model uses (None: no audit used; reports name the sample set)."""
    result: LabelProvenance | None = st.session_state.get(_LABELS)
    return result


def set_labels(new: LabelProvenance | None) -> None:
    """Record whose labels the measurements in use rest on, for the report."""
    st.session_state[_LABELS] = new


def set_settings(new: Settings) -> None:
    """Change the run settings."""
    st.session_state[_SETTINGS] = new


def _shared() -> SharedState:
    return SharedState(scenario(), settings().to_mapping(), evidence(), variants())


def share_token() -> str:
    """The token that reopens exactly this scenario and these settings; a ShareLinkError when too long for a link."""
    return costmodels.encode_share_token(_shared())


def state_key() -> str:
    """A canonical key of this scenario, its settings and measurements, at any length (to key a report built)."""
    return costmodels.state_key(_shared())


def share_link() -> str:
    """The full link that opens the Decision page on exactly this scenario; a ShareLinkError (saying why and what
    to do instead) when the scenario is too long for a link."""
    here = st.context.url or ""
    page = st.session_state.get(_LAST_PAGE) or ""
    app = here[: -len(page) - 1] if page and here.endswith("/" + page) else here.rstrip("/")
    return f"{app}/?{LINK_PARAMETER}={share_token()}"


def publish_link() -> None:
    """Keep the URL's `?s=` in step with the scenario, so a reload or a copied URL reopens it; when the scenario is
    too long for a link, drop `?s=` rather than leave one that reopens an older scenario."""
    try:
        token = share_token()
    except ShareLinkError:
        if LINK_PARAMETER in st.query_params:
            del st.query_params[LINK_PARAMETER]
        return
    if st.query_params.get(LINK_PARAMETER) != token:
        st.query_params[LINK_PARAMETER] = token


def evaluation() -> Evaluation:
    """The comparison for the current scenario and settings (cached across reruns and sessions)."""
    return evaluation_of(scenario())


def evaluation_of(shown: Scenario) -> Evaluation:
    """The comparison for a scenario at the current settings and measurements (cached)."""
    token = costmodels.state_key(SharedState(shown, settings().to_mapping(), evidence()))
    return _evaluate(token, settings().draws, settings().seed, _scenario=shown, _evidence=evidence())


# Shared by every session; each entry holds its draws (up to ~300 MB for the largest scenario the limits
# allow), so only a few are kept: a meeting's scenario and the variants it compares. A default-scenario
# evaluation takes well under a second to redo.
@st.cache_resource(max_entries=4, show_spinner="Simulating...")
def _evaluate(token: str, draws: int, seed: int, _scenario: Scenario, _evidence: Evidence | None) -> Evaluation:
    # Keyed by the share token, a canonical encoding of the scenario, settings and measurements;
    # the Evaluation is immutable, so sharing one object across sessions is safe.
    return costmodels.evaluate(_scenario, draws=draws, seed=seed, evidence=_evidence,
                               units=templates.template_of(_scenario).units)
