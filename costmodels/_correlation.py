"""Correlated estimates: inputs a scenario says move together, drawn with the rank correlation it
declares while each keeps its own distribution (Iman and Conover, 1982).

Inputs are named by path. Options draw a category's line from the same random numbers (common
random numbers), so a correlation declared between one option's lines holds for every option's
lines of those categories, and two paths that share random numbers cannot be correlated again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

import limits
from costmodels._errors import Problem
from costmodels._scenario import LineKind, RankCorrelation, Scenario

VOLUME_PATH = "volume.units_per_day"
VOLUME_KEY = "volume"  # the engine's random-number key for the volume
VOLUME_LABEL = "units per day"  # as the tornado names it, in the engine's neutral words
NOT_POSITIVE_SEMIDEFINITE = ("these rank correlations cannot all hold at once (their matrix is not positive "
                             "semi-definite): {pairs}; weaken or remove one of them")
UNKNOWN_INPUT = ("{path} is not an input of this scenario; expected '<option>.<category>' (an amount or a "
                 "risk's probability), '<option>.<category>.impact', 'incident_impacts.<category>' or '"
                 + VOLUME_PATH + "'")
SAME_NUMBERS = ("{first!r} and {second!r} are drawn from the same random numbers (options share them by "
                "category), so they already move together; correlate inputs of different categories")
SAME_PAIR = "the pair is declared again by correlations[{index}]; declare each pair once"
_EIGEN_TOLERANCE = 1e-9


@dataclass(frozen=True)
class InputName:
    """An input a correlation can name: the engine's random-number key and the tornado's label."""

    key: str
    label: str


def input_names(scenario: Scenario) -> dict[str, InputName]:
    """Every input path of a scenario and what it names (risk probabilities also as `.probability`)."""
    names = {VOLUME_PATH: InputName(VOLUME_KEY, VOLUME_LABEL)}
    for category in scenario.incident_impacts:
        names[f"incident_impacts.{category}"] = InputName(f"incident_impacts/{category}",
                                                          f"{category} impact (every option)")
    for option in scenario.options:
        for suffix, lines in (("", option.costs), (" (benefit)", option.benefits)):
            seen: dict[str, int] = {}
            for line in lines:
                ordinal = seen[line.category] = seen.get(line.category, -1) + 1
                key = f"{line.category}{suffix}#{ordinal}"  # as compile_model keys the line's numbers
                path = f"{option.name}.{line.category}{suffix}" + (f"#{ordinal + 1}" if ordinal else "")
                label = f"{option.name}: {line.category}{suffix}"
                if line.kind is not LineKind.RISK:
                    names[path] = InputName(key, label)
                    continue
                names[path] = names[f"{path}.probability"] = InputName(key, f"{label} probability")
                shared = line.category in scenario.incident_impacts
                names[f"{path}.impact"] = (names[f"incident_impacts.{line.category}"] if shared
                                           else InputName(f"{key}/impact", f"{label} impact"))
    return names


def correlation_paths(scenario: Scenario) -> dict[str, str]:
    """Every path a correlation may name in this scenario, with the input's label (as the tornado names it)."""
    return {path: name.label for path, name in input_names(scenario).items()}


def correlation_problems(scenario: Scenario) -> list[Problem]:
    """Every problem with a scenario's correlations, each under its path (`correlations[0].between[1]`)."""
    names = input_names(scenario)
    problems: list[Problem] = []
    first_of: dict[frozenset[str], int] = {}
    for index, correlation in enumerate(scenario.correlations):
        where = f"correlations[{index}]"
        unknown = [(side, path) for side, path in enumerate(correlation.between) if path not in names]
        problems += [Problem(f"{where}.between[{side}]", UNKNOWN_INPUT.format(path=limits.brief(path)))
                     for side, path in unknown]
        if unknown:
            continue
        first, second = (names[path].key for path in correlation.between)
        if first == second:
            problems.append(Problem(f"{where}.between", SAME_NUMBERS.format(first=correlation.between[0],
                                                                            second=correlation.between[1])))
            continue
        pair = frozenset((first, second))
        if pair in first_of:
            problems.append(Problem(where, SAME_PAIR.format(index=first_of[pair])))
            continue
        first_of[pair] = index
    if not problems:
        problems += _matrix_problems(scenario.correlations, names)
    return problems


def correlated_keys(scenario: Scenario) -> tuple[tuple[str, str, float], ...]:
    """The declared correlations as (key, key, Spearman rank) for the engine; the scenario is valid."""
    return tuple(correlated_keys_of(scenario.correlations, input_names(scenario)))


def normal_correlation(rank: float | np.ndarray) -> np.ndarray:
    """The correlation of normal scores whose ranks correlate by `rank`: 2 sin(pi rank / 6).

    >>> normal_correlation(np.array([0.0, 0.5, 1.0])).round(4).tolist()
    [0.0, 0.5176, 1.0]
    """
    return np.asarray(2 * np.sin(np.pi * np.asarray(rank, dtype=float) / 6))


def target_matrix(keys: Sequence[str], pairs: Iterable[tuple[str, str, float]]) -> np.ndarray:
    """The normal-score correlation matrix the pairs ask for (independent where none is declared)."""
    index = {key: i for i, key in enumerate(keys)}
    matrix = np.eye(len(keys))
    for first, second, rank in pairs:
        matrix[index[first], index[second]] = matrix[index[second], index[first]] = float(normal_correlation(rank))
    return matrix


def _matrix_problems(correlations: Sequence[RankCorrelation], names: dict[str, InputName]) -> list[Problem]:
    """The pairs behind a matrix that is not positive semi-definite, named in one problem."""
    pairs = correlated_keys_of(correlations, names)
    keys = sorted({key for first, second, _ in pairs for key in (first, second)})
    if not keys:
        return []
    values, vectors = np.linalg.eigh(target_matrix(keys, pairs))
    negative = values < -_EIGEN_TOLERANCE
    if not negative.any():
        return []
    involved = {keys[i] for i in np.flatnonzero((np.abs(vectors[:, negative]) > 0.05).any(axis=1))}
    named = [f"correlations[{index}] ({c.between[0]} ~ {c.between[1]}: {c.rank:g})"
             for index, (c, (first, second, _)) in enumerate(zip(correlations, pairs, strict=True))
             if first in involved and second in involved]
    return [Problem("correlations", NOT_POSITIVE_SEMIDEFINITE.format(pairs="; ".join(named)))]


def correlated_keys_of(correlations: Sequence[RankCorrelation],
                       names: dict[str, InputName]) -> list[tuple[str, str, float]]:
    """(key, key, rank) for correlations whose paths are known."""
    return [(names[c.between[0]].key, names[c.between[1]].key, c.rank) for c in correlations]


def square_root(matrix: np.ndarray) -> np.ndarray:
    """B with B B^T = matrix for a positive semi-definite matrix (singular ones too, unlike Cholesky)."""
    values, vectors = np.linalg.eigh(matrix)
    return np.asarray(vectors * np.sqrt(np.maximum(values, 0.0)))


def correlated_uniforms(
    pairs: Sequence[tuple[str, str, float]], uniforms_of: Callable[[str], np.ndarray], scores: np.random.Generator
) -> dict[str, np.ndarray]:
    """Iman-Conover: each key's own uniforms, reordered so their ranks follow normal scores with the
    declared correlation. The numbers of each key are the same set as without correlation, so every
    input keeps its distribution exactly (its sorted draws are unchanged); only the pairing moves."""
    keys = sorted({key for first, second, _ in pairs for key in (first, second)})
    if not keys:
        return {}
    own = {key: uniforms_of(key) for key in keys}
    draws = len(own[keys[0]])
    normals = scores.standard_normal((draws, len(keys)))
    normals -= normals.mean(axis=0)
    # Products over the draws are einsum's plain loops: a BLAS product this thin can stall starting its threads.
    mixing = square_root(target_matrix(keys, pairs)).T
    if draws > len(keys):  # whiten first: the scores' sample correlation becomes exactly the identity
        covariance = np.einsum("nk,nj->kj", normals, normals, optimize=False) / (draws - 1)
        mixing = np.linalg.inv(np.linalg.cholesky(covariance)).T @ mixing
    induced = np.einsum("nk,kj->nj", normals, mixing, optimize=False)
    result = {}
    for column, key in enumerate(keys):
        reordered = np.empty(draws)
        reordered[np.argsort(induced[:, column])] = np.sort(own[key])  # the k-th smallest score gets the k-th draw
        reordered.flags.writeable = False
        result[key] = reordered
    return result


def spearman(first: np.ndarray, second: np.ndarray) -> float:
    """The rank correlation of two samples (ties broken by position).

    >>> spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 30.0, 20.0]))
    0.5
    """
    first_ranks, second_ranks = (np.argsort(np.argsort(values, kind="stable"), kind="stable").astype(float)
                                 for values in (first, second))
    return float(np.corrcoef(first_ranks, second_ranks)[0, 1])


def describe(correlation: RankCorrelation) -> str:
    """One correlation in words: `ML smart crop.development ~ ML smart crop.maintenance: rank 0.6`."""
    return f"{correlation.between[0]} ~ {correlation.between[1]}: rank {correlation.rank:g}"
