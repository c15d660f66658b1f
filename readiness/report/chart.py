"""Bar charts as PNG bytes for the reports (matplotlib's object API: no global state, no
display needed). Each bar has its value written beside it, so the chart does not rely on colour."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from readiness.scoring.method import shown_score

BAR = "#1d70b8"
LEVELS = ["0 Not started", "1 Emerging", "2 Developing", "3 Established", "4 Embedded"]


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def maturity_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    missing: str = "no answers",
) -> bytes:
    """Horizontal bars on the 0 to 4 maturity scale; a missing value is written ``missing``."""
    count = max(1, len(labels))
    height = min(0.38 * count + 1.4, 24.0)
    figure = Figure(figsize=(7.2, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(labels)))
    numbers = [v if v is not None else 0.0 for v in values]
    axes.barh(positions, numbers, color=BAR, height=0.6)
    for y, value in zip(positions, values, strict=True):
        text = missing if value is None else f"{shown_score(value):.1f}"
        axes.text((value or 0.0) + 0.05, y, text, va="center", fontsize=8)
    axes.set_yticks(positions, [_short(label) for label in labels], fontsize=8)
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.set_xlim(0, 4.6)
    axes.set_xticks([0, 1, 2, 3, 4], LEVELS, fontsize=7)
    axes.grid(axis="x", color="#b1b4b6", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.set_title(title, fontsize=10, loc="left")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    # fixed margins instead of tight_layout, which draws the whole figure a second time
    inch = 1 / height
    figure.subplots_adjust(left=0.42, right=0.97, top=1 - 0.45 * inch, bottom=0.55 * inch)
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
