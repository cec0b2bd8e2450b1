"""The session's scenario and settings, kept in step with the share link in the URL (`?s=`)."""

from __future__ import annotations

import streamlit as st

import costmodels
from costmodels import Evaluation, Evidence, Scenario, SharedState, ShareLinkError
from dashboard.settings import Settings, settings_from_mapping

LINK_PARAMETER = "s"
_SCENARIO, _SETTINGS, _NOTICES, _EVIDENCE = "tcm_scenario", "tcm_settings", "tcm_notices", "tcm_evidence"
_REVISION, _EDITOR_BASE, _LAST_PAGE = "tcm_revision", "tcm_editor_base", "tcm_last_page"


def start_session() -> None:
    """On a session's first run: open the share link if there is one, else the default scenario."""
    if _SCENARIO in st.session_state:
        return
    scenario, settings, notices, evidence = costmodels.default_scenario(), Settings(), [], None
    token = st.query_params.get(LINK_PARAMETER)
    if token:
        try:
            shared = costmodels.decode_share_token(token)
            scenario, evidence = shared.scenario, shared.evidence
            settings, notices = settings_from_mapping(shared.settings)
        except ShareLinkError as error:
            notices = [f"{error}", "Showing the default scenario instead."]
    st.session_state[_SCENARIO] = scenario
    st.session_state[_SETTINGS] = settings
    st.session_state[_EVIDENCE] = evidence
    st.session_state[_NOTICES] = notices
    st.session_state[_REVISION] = 0
    st.session_state[_EDITOR_BASE] = scenario


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
    """Make `new` the scenario on screen (and in the link)."""
    if new != scenario():
        st.session_state[_SCENARIO] = new
        st.session_state[_NOTICES] = []
    if refresh_editors:
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


def set_evidence(new: Evidence | None) -> None:
    """Use these measurements in the cost model (None: estimates only)."""
    st.session_state[_EVIDENCE] = new


def set_settings(new: Settings) -> None:
    """Change the run settings."""
    st.session_state[_SETTINGS] = new


def share_token() -> str:
    """The token that reopens exactly this scenario and these settings."""
    return costmodels.encode_share_token(SharedState(scenario(), settings().to_mapping(), evidence()))


def share_link() -> str:
    """The full link that opens the Decision page on exactly this scenario."""
    here = st.context.url or ""
    page = st.session_state.get(_LAST_PAGE) or ""
    app = here[: -len(page) - 1] if page and here.endswith("/" + page) else here.rstrip("/")
    return f"{app}/?{LINK_PARAMETER}={share_token()}"


def publish_link() -> None:
    """Keep the URL's `?s=` in step with the scenario, so a reload or a copied URL reopens it."""
    token = share_token()
    if st.query_params.get(LINK_PARAMETER) != token:
        st.query_params[LINK_PARAMETER] = token


def evaluation() -> Evaluation:
    """The comparison for the current scenario and settings (cached across reruns and sessions)."""
    return _evaluate(share_token(), settings().draws, settings().seed, _scenario=scenario(), _evidence=evidence())


@st.cache_resource(max_entries=64, show_spinner="Simulating...")
def _evaluate(token: str, draws: int, seed: int, _scenario: Scenario, _evidence: Evidence | None) -> Evaluation:
    # Keyed by the share token, a canonical encoding of the scenario, settings and measurements;
    # the Evaluation is immutable, so sharing one object across sessions is safe.
    return costmodels.evaluate(_scenario, draws=draws, seed=seed, evidence=_evidence)
