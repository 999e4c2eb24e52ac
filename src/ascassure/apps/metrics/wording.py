"""Words and marks the measures pages show, the same wherever a figure appears."""

from __future__ import annotations

NONE = "\u2013"  # an en dash: no figure
QUARTER_WORDS = {1: "Best quarter", 2: "Second quarter", 3: "Third quarter", 4: "Worst quarter"}
"""A quartile (1 best, 4 worst) in words."""
