"""Charts of the reports and the dashboard, drawn by pygal as SVG on the server.

The SVG is put in the page as is: no script is sent with it (``js=[]``, so nothing is
fetched from elsewhere), it scales with its box, and values are formatted the way the
page writes them (money in the store's currency). Money reaches pygal in minor units:
the axis and the tooltips format them, no amount is turned into a float by us.
"""

from __future__ import annotations

import re
import sys
import typing as t

import pygal
from markupsafe import Markup
from pygal.style import Style

# pygal appends to sys.meta_path an import hook of the old protocol (find_module) for its
# map plugins, which Comptoir does not use; every import that no other finder satisfies
# then raises an ImportWarning (an error under the tests' filterwarnings). Taken out.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__module__ != "pygal"]

__all__ = ["bar_chart", "comparison_chart", "pie_chart"]

#: The admin stylesheet's accent first; colours that stay apart for the colour-blind.
_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1b1f23",
    foreground_strong="#1b1f23",
    foreground_subtle="#5b6470",
    opacity=".85",
    opacity_hover="1",
    colors=("#0b5fff", "#9aa5b1", "#e66100", "#5d3a9b", "#1a9850", "#d01c8b", "#4dac26"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=14,
    tooltip_font_size=14,
)


def _config(formatter: t.Callable[[t.Any], str], **options: t.Any) -> dict[str, t.Any]:
    return {
        "style": _STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 960,
        "height": 360,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "value_formatter": formatter,
        "print_values": False,
        "show_minor_x_labels": True,
        "truncate_label": 18,
        "no_data_text": "—",
        **options,
    }


#: pygal writes its settings for its own tooltip script, which is not sent: left out.
_CONFIG_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)


def _axis(series: t.Sequence[tuple[t.Any, t.Sequence[int | float | None]]]) -> dict[str, t.Any]:
    """A y axis of at least one unit (100 minor units) when every value is smaller: on a
    day without sales pygal otherwise splits 0 into fractions of a cent and labels each
    tick with the same rounded amount."""
    values = [v for _, vs in series for v in vs if v is not None]
    if values and min(values) < 0:
        return {}
    if max(values, default=0) < 100:
        return {"range": (0, 100)}
    return {}


def _svg(chart: t.Any, title: str) -> Markup:
    svg = _CONFIG_SCRIPT.sub("", chart.render(is_unicode=True))
    # The chart's title for screen readers, on the figure that holds it.
    return Markup('<figure class="chart" role="img" aria-label="{}">{}</figure>').format(
        title, Markup(svg)
    )


def comparison_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[int | None]]],
    formatter: t.Callable[[t.Any], str],
) -> Markup:
    """Grouped bars, one group per period of the x axis: the period in the accent
    colour, the period before it in grey beside it. ``series`` is ``[(name, values)]``."""
    many = len(labels) > 12
    chart = pygal.Bar(
        **_config(
            formatter,
            x_label_rotation=30 if many else 0,
            show_minor_x_labels=not many,
            x_labels_major_every=max(1, len(labels) // 12) if many else None,
            **_axis(series),
        )
    )
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(str(name), values)
    return _svg(chart, title)


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[int | float | None]]],
    formatter: t.Callable[[t.Any], str],
    *,
    horizontal: bool = False,
) -> Markup:
    """Bars by label (products, employees, tax rates...)."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(240, 30 * len(labels) + 120) if horizontal else 360
    chart = kind(
        **_config(
            formatter,
            height=height,
            x_label_rotation=0 if horizontal else 20,
            **_axis(series),
        )
    )
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(str(name), values)
    return _svg(chart, title)


def pie_chart(
    title: str, parts: list[tuple[str, int]], formatter: t.Callable[[t.Any], str]
) -> Markup:
    """Shares of a whole (payment methods): a ring with its legend."""
    chart = pygal.Pie(**_config(formatter, inner_radius=0.45, height=320))
    for name, value in parts:
        chart.add(str(name), [value])
    return _svg(chart, title)
