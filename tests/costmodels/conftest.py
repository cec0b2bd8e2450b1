"""Small scenarios whose present values can be computed by hand."""

from __future__ import annotations

import copy
from typing import Any

import pytest


def two_option_data() -> dict[str, Any]:
    """A: 1,000 once + 100 a year. B: 0.01 per image at 100 images a day growing 5% a year.
    Horizon 2 years at 10%: A = 1000 + 100/1.1 + 100/1.21; B = 365 x (1/1.1 + 1.05/1.21)."""
    return {
        "schema_version": 1,
        "question": "Which is cheaper?",
        "horizon_years": 2,
        "discount_rate": 0.1,
        "volume": {"images_per_day": 100, "yearly_growth": 0.05},
        "options": [
            {"name": "A", "kind": "ml", "costs": [
                {"category": "development", "estimate": 1000},
                {"category": "maintenance", "estimate": 100},
            ]},
            {"name": "B", "kind": "non_ml", "costs": [
                {"category": "compute", "estimate": 0.01},
            ]},
        ],
    }


@pytest.fixture
def data() -> dict[str, Any]:
    """A fresh copy of the two-option scenario data, safe to mutate."""
    return copy.deepcopy(two_option_data())
