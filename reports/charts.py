"""Charts drawn by the portal itself as SVG markup: no script, no library, nothing
fetched from elsewhere.

Each builder is a pure function of its numbers and returns safe markup:
- `bar_chart`: horizontal bars, one per row, the label on its own line above the bar
  (long region names fit a phone), the value after the bar's end;
- `funnel_chart`: the same bars for successive stages, each label saying what share of
  the first stage it keeps;
- `stacked_bar`: one bar cut into parts (shares of a whole), each part with its own
  pattern and a numbered legend in words;
- `line_chart`: running totals day by day, one line per series, told apart by their
  dash pattern and marker as well as their colour, each named in a legend and at its
  end point.

Accessibility: every chart is `role="img"` named by its `<title>` and described by its
`<desc>` (`aria-labelledby`), every value is written as text, and no meaning rests on
colour alone; the page puts the same numbers in a table beside it. Charts scale with
their `viewBox` (width 100 %), so they fit 390 px without scrolling sideways.

Right to left (Arabic): the drawing mirrors. Bars grow from the right edge, time runs
from right to left, and every text is anchored at its logical start (`text-anchor`
"start" under `direction="rtl"` is the right end of the text), so labels sit where
the reader begins.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
FONT = 13
SMALL = 11
LABEL_GAP = 5
BAR = 16
ROW_GAP = 12
VALUE_GUTTER = 72  # room after the longest bar for its value
PALETTE = ("#7a3b12", "#0b6b53", "#0b4f8a", "#7a5200", "#5c2b0b")
TRACK = "#eceae6"
INK = "#1f2328"
INK_SOFT = "#4a5058"
GRID = "#d8d2c8"
LRI, PDI = "\u2066", "\u2069"  # isolate numbers inside right-to-left text


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart. `display` is the value as written (the number, localized,
    by default)."""

    label: str
    value: float
    display: str = ""


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name and one value per point."""

    label: str
    values: Sequence[float]


def number(value, decimals: int | None = None) -> str:
    """`value` written the way the active language writes numbers (grouped by thousands)."""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


class _Canvas:
    """Logical coordinates (0 at the start edge) turned into SVG ones, mirrored when the
    text runs right to left."""

    def __init__(self, width: float, rtl: bool):
        self.width = width
        self.rtl = rtl

    def x(self, position: float) -> float:
        return round(self.width - position if self.rtl else position, 1)

    def span(self, start: float, length: float) -> float:
        """The SVG x of a box that covers [start, start + length] logically."""
        return self.x(start + length) if self.rtl else self.x(start)

    def text(self, position, y, content, *, size=FONT, weight=None, fill=INK, anchor="start"):
        return format_html(
            '<text x="{}" y="{}" font-size="{}"{} fill="{}" text-anchor="{}">{}</text>',
            self.x(position),
            round(y, 1),
            size,
            mark_safe(f' font-weight="{weight}"') if weight else "",
            fill,
            anchor,
            self.isolated(content),
        )

    def isolated(self, content: str) -> str:
        """Numbers and signs keep their order inside right-to-left text."""
        return f"{LRI}{content}{PDI}" if self.rtl and _is_numeric(content) else content


def _is_numeric(content: str) -> bool:
    return bool(content) and not any(char.isalpha() for char in content)


def _svg(*, chart_id: str, title: str, description: str, width, height, rtl, body) -> SafeString:
    """The chart's frame: named by its title, described by its description."""
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMidYMin meet" '
        'direction="{dir}" font-family="inherit" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=round(height, 1),
        dir="rtl" if rtl else "ltr",
        title=title,
        desc=description,
        body=body,
    )


def _bars_body(canvas: _Canvas, rows: Sequence[tuple[str, float, str]], top: float, scale: float):
    """Rows of (label, value, written value): the label's line, then the bar on its
    track, then the written value after the bar's end."""
    parts = []
    y = top
    room = canvas.width - VALUE_GUTTER
    for label, value, display in rows:
        parts.append(canvas.text(0, y + FONT, label))
        bar_top = y + FONT + LABEL_GAP
        length = room * value / scale if scale else 0
        if value and length < 2:
            length = 2  # a small non-zero value stays visible
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>',
                canvas.span(0, room),
                round(bar_top, 1),
                room,
                BAR,
                TRACK,
            )
        )
        if length:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>',
                    canvas.span(0, length),
                    round(bar_top, 1),
                    round(length, 1),
                    BAR,
                    PALETTE[0],
                )
            )
        parts.append(canvas.text(room + 6, bar_top + BAR - 3, display, weight=700))
        y = bar_top + BAR + ROW_GAP
    return format_html_join("", "{}", ((part,) for part in parts)), y


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    rtl: bool = False,
    max_value: float | None = None,
) -> SafeString:
    """Horizontal bars, longest for the largest value (or `max_value`)."""
    rows = [(bar.label, bar.value, bar.display or number(bar.value)) for bar in bars]
    scale = max_value if max_value is not None else max((bar.value for bar in bars), default=0)
    return _bars_svg(rows, scale, chart_id=chart_id, title=title, description=description, rtl=rtl)


def funnel_chart(
    stages: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    rtl: bool = False,
    kept_label: str = "{percent} %",
) -> SafeString:
    """Successive stages as bars scaled on the first stage; each written value adds the
    share of the first stage it keeps (`kept_label` with `{value}` and `{percent}`)."""
    first = stages[0].value if stages else 0
    rows = []
    for index, stage in enumerate(stages):
        display = stage.display or number(stage.value)
        if index and first:
            display = kept_label.format(
                value=display, percent=number(round(100 * stage.value / first))
            )
        rows.append((stage.label, stage.value, display))
    scale = max((stage.value for stage in stages), default=0)
    return _bars_svg(rows, scale, chart_id=chart_id, title=title, description=description, rtl=rtl)


def _bars_svg(rows, scale: float, *, chart_id: str, title: str, description: str, rtl: bool):
    """A chart of horizontal bars: (label, value, written value) rows scaled on `scale`."""
    canvas = _Canvas(WIDTH, rtl)
    body, height = _bars_body(canvas, rows, 4, scale)
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=height,
        rtl=rtl,
        body=body,
    )


def _pattern(pattern_id: str, index: int) -> SafeString:
    """A fill for the `index`th part: plain, hatched, dotted, cross-hatched…, so parts
    differ by more than their colour."""
    colour = PALETTE[index % len(PALETTE)]
    marks = (
        "",
        '<path d="M0 6 L6 0" stroke="#fff" stroke-width="1.5"/>',
        '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
        '<path d="M0 6 L6 0 M0 0 L6 6" stroke="#fff" stroke-width="1.2"/>',
        '<path d="M0 3 H6" stroke="#fff" stroke-width="1.5"/>',
    )[index % 5]
    return format_html(
        '<pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="{}"/>{}</pattern>',
        pattern_id,
        colour,
        mark_safe(marks),
    )


def stacked_bar(
    parts: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    rtl: bool = False,
) -> SafeString:
    """One bar cut into `parts` in proportion, numbered 1, 2, 3… inside when there is
    room, with a legend below: the number, the pattern, the label and the value."""
    canvas = _Canvas(WIDTH, rtl)
    total = sum(part.value for part in parts)
    defs, body = [], []
    bar_top, height = 4, 28
    start = 0.0
    for index, part in enumerate(parts):
        pattern_id = f"{chart_id}-p{index}"
        defs.append(_pattern(pattern_id, index))
        length = WIDTH * part.value / total if total else 0
        if length:
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" '
                    'stroke="#fff" stroke-width="1"/>',
                    canvas.span(start, length),
                    bar_top,
                    round(length, 1),
                    height,
                    pattern_id,
                )
            )
            if length >= 22:
                body.append(
                    format_html(
                        '<rect x="{}" y="{}" width="16" height="16" rx="8" fill="#fff"/>',
                        canvas.span(start + length / 2 - 8, 16),
                        bar_top + 6,
                    )
                )
                body.append(
                    canvas.text(
                        start + length / 2,
                        bar_top + 18,
                        number(index + 1),
                        size=SMALL,
                        weight=700,
                        anchor="middle",
                    )
                )
        start += length
    if not total:
        body.append(
            format_html(
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>',
                bar_top,
                WIDTH,
                height,
                TRACK,
            )
        )
    y = bar_top + height + 12
    swatch = 20
    for index, part in enumerate(parts):
        # The part's pattern with its number, then its label and value in words.
        body.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})"/>'
                '<circle cx="{}" cy="{}" r="7" fill="#fff"/>',
                canvas.span(0, swatch),
                round(y, 1),
                swatch,
                swatch,
                chart_id,
                index,
                canvas.x(swatch / 2),
                round(y + swatch / 2, 1),
            )
        )
        body.append(
            canvas.text(
                swatch / 2,
                y + swatch / 2 + 4,
                number(index + 1),
                size=SMALL,
                weight=700,
                anchor="middle",
            )
        )
        display = part.display or number(part.value)
        body.append(canvas.text(swatch + 8, y + swatch / 2 + 5, f"{part.label}: {display}"))
        y += swatch + 8
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=y + 2,
        rtl=rtl,
        body=format_html(
            "<defs>{}</defs>{}",
            format_html_join("", "{}", ((d,) for d in defs)),
            format_html_join("", "{}", ((b,) for b in body)),
        ),
    )


DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")


def _marker(kind: str, x: float, y: float, colour: str) -> SafeString:
    r = 4
    if kind == "circle":
        return format_html('<circle cx="{}" cy="{}" r="{}" fill="{}"/>', x, y, r, colour)
    if kind == "square":
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            round(x - r, 1),
            round(y - r, 1),
            2 * r,
            2 * r,
            colour,
        )
    if kind == "diamond":
        points = f"{x},{y - r - 1} {x + r + 1},{y} {x},{y + r + 1} {x - r - 1},{y}"
    else:
        points = f"{x},{y - r - 1} {x + r + 1},{y + r} {x - r - 1},{y + r}"
    return format_html('<polygon points="{}" fill="{}"/>', points, colour)


def _spread(positions: Sequence[float], gap: float) -> list[float]:
    """`positions` moved apart (downwards, in order) so that none is closer than `gap`
    to another: end labels of lines that end close together stay readable."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    spread = list(positions)
    for previous, current in zip(order, order[1:], strict=False):
        spread[current] = max(spread[current], spread[previous] + gap)
    return [round(y, 1) for y in spread]


def line_chart(
    series: Sequence[Series],
    *,
    x_labels: Sequence[str],
    chart_id: str,
    title: str,
    description: str = "",
    rtl: bool = False,
) -> SafeString:
    """Lines over equally spaced points (days), the first point at the start edge. The
    axis names the first and last points; each line is named in the legend (with its
    dash and marker) and its last value written at its end."""
    canvas = _Canvas(WIDTH, rtl)
    count = max((len(s.values) for s in series), default=0)
    top = 4 + (FONT + 8) * len(series)  # the legend, one line per series
    plot_top, plot_height = top + 14, 150
    plot_start, plot_end = 34, WIDTH - 44  # room for the scale and the end values
    highest = max((max(s.values, default=0) for s in series), default=0) or 1
    base = plot_top + plot_height

    def px(index: int) -> float:
        if count <= 1:
            return plot_start
        return plot_start + (plot_end - plot_start) * index / (count - 1)

    def py(value: float) -> float:
        return round(base - plot_height * value / highest, 1)

    parts = []
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        y = 4 + index * (FONT + 8) + FONT / 2 + 2
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}"/>',
                canvas.x(0),
                y,
                canvas.x(26),
                y,
                colour,
                DASHES[index % len(DASHES)],
            )
        )
        parts.append(_marker(MARKERS[index % len(MARKERS)], canvas.x(13), y, colour))
        parts.append(canvas.text(32, y + FONT / 2 - 1, item.label))
    # The scale: zero and the highest value, with their grid lines.
    for value in (0, highest):
        y = py(value)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                canvas.x(plot_start),
                y,
                canvas.x(plot_end),
                y,
                GRID,
            )
        )
        parts.append(canvas.text(0, y + SMALL / 2 - 1, number(value), size=SMALL, fill=INK_SOFT))
    if x_labels:
        parts.append(
            canvas.text(plot_start, base + SMALL + 6, x_labels[0], size=SMALL, fill=INK_SOFT)
        )
        if len(x_labels) > 1:
            parts.append(
                canvas.text(
                    plot_end,
                    base + SMALL + 6,
                    x_labels[-1],
                    size=SMALL,
                    fill=INK_SOFT,
                    anchor="end",
                )
            )
    label_ys = _spread(
        [py(item.values[-1]) + FONT / 2 - 1 if item.values else 0 for item in series], FONT + 2
    )
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        if not item.values:
            continue
        points = " ".join(f"{canvas.x(px(i))},{py(v)}" for i, v in enumerate(item.values))
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-dasharray="{}"/>',
                points,
                colour,
                DASHES[index % len(DASHES)],
            )
        )
        last = len(item.values) - 1
        end_x, end_y = px(last), py(item.values[last])
        parts.append(_marker(MARKERS[index % len(MARKERS)], canvas.x(end_x), end_y, colour))
        parts.append(canvas.text(end_x + 7, label_ys[index], number(item.values[last]), weight=700))
    return _svg(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=base + SMALL + 12,
        rtl=rtl,
        body=format_html_join("", "{}", ((part,) for part in parts)),
    )
