"""Bar chart geometry for server-rendered SVG: no JavaScript, and the page's table carries the data.

The template ("ui/bar_chart.html") draws what this returns; the numbers here are only positions in the SVG's viewBox.
"""

import math
from decimal import Decimal

WIDTH = 640
HEIGHT = 300
LEFT = 40
RIGHT = 10
TOP = 20
BOTTOM = 40  # room for the year labels


def _nice_top(largest: float) -> tuple[int, int]:
    """A round top for the axis and the step between its gridlines (about four of them)."""
    if largest <= 0:
        return 4, 1
    step = max(1, math.ceil(largest / 4))
    magnitude = 10 ** (len(str(step)) - 1)
    step = math.ceil(step / magnitude) * magnitude
    return step * math.ceil(largest / step), step


def describe(groups: list[tuple[str, list[Decimal | int]]], *, names: list[str]) -> str:
    """Every figure in words for the chart's text alternative: "2017: headcount 2, WTE 1.80; 2018: ..."."""
    return "; ".join(
        f"{label}: " + ", ".join(f"{name} {value}" for name, value in zip(names, values, strict=True))
        for label, values in groups
    )


def grouped_bars(
    groups: list[tuple[str, list[Decimal | int]]], *, series: list[str], short_names: list[str] | None = None
) -> dict:
    """`groups` is [(label, [value per series]), ...]; returns bars, labels and gridlines to draw.

    `short_names` name the series in the text alternative ("description"); the series' own names
    by default.
    """
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    largest = max((float(value) for _label, values in groups for value in values), default=0)
    top, step = _nice_top(largest)
    slot = plot_width / max(len(groups), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    drawn = []
    for index, (label, values) in enumerate(groups):
        left = LEFT + index * slot + slot * 0.1
        bars = []
        for position, value in enumerate(values):
            height = float(value) / top * plot_height
            bars.append(
                {
                    "series": position,
                    "x": round(left + position * bar_width, 1),
                    "y": round(baseline - height, 1),
                    "width": round(bar_width - 2, 1),
                    "height": round(height, 1),
                    "value": value,
                }
            )
        drawn.append({"label": label, "label_x": round(left + slot * 0.4, 1), "bars": bars})
    gridlines = [
        {"value": value, "y": round(baseline - value / top * plot_height, 1)} for value in range(0, top + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": baseline,
        "label_y": baseline + 20,
        "groups": drawn,
        "gridlines": gridlines,
        "series": series,
        "description": describe(groups, names=short_names or series),
    }
