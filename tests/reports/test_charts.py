"""The SVG chart builders: named images, values written as text, labels escaped, no
colour-only meaning, and a mirrored drawing right to left."""

import re

from reports import charts

BARS = [charts.Bar("Souss-Massa", 30), charts.Bar("Oriental", 15), charts.Bar("Dakhla", 0)]


def rect_xs(svg: str, fill: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<rect x="([\d.]+)"[^>]*fill="{fill}"', svg)]


def test_bar_chart_is_an_image_named_by_its_title_and_description():
    svg = charts.bar_chart(BARS, chart_id="c", title="Par région", description="45 dossiers")

    assert svg.startswith(
        '<svg class="chart" id="c" role="img" aria-labelledby="c-title c-desc" viewBox="0 0 360 '
    )
    assert '<title id="c-title">Par région</title>' in svg
    assert '<desc id="c-desc">45 dossiers</desc>' in svg
    # Every label and value is text; the zero bar keeps its label and its 0.
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["Souss-Massa", "30", "Oriental", "15", "Dakhla", "0"]


def test_bar_lengths_follow_the_values():
    svg = charts.bar_chart(BARS, chart_id="c", title="t")

    widths = [
        float(w)
        for w in re.findall(rf'width="([\d.]+)" height="16" fill="{charts.PALETTE[0]}"', svg)
    ]
    assert widths == [charts.WIDTH - charts.VALUE_GUTTER, (charts.WIDTH - charts.VALUE_GUTTER) / 2]


def test_right_to_left_mirrors_bars_and_anchors_text_at_its_start():
    ltr = charts.bar_chart(BARS, chart_id="c", title="t")
    rtl = charts.bar_chart(BARS, chart_id="c", title="t", rtl=True)

    assert 'direction="ltr"' in ltr
    assert 'direction="rtl"' in rtl
    # Bars start at the left edge left to right, and end at the right edge right to left.
    assert rect_xs(ltr, charts.PALETTE[0]) == [0, 0]
    room = charts.WIDTH - charts.VALUE_GUTTER
    assert rect_xs(rtl, charts.PALETTE[0]) == [charts.WIDTH - room, charts.WIDTH - room / 2]
    label_xs = re.findall(r'<text x="([\d.]+)"[^>]*>Souss-Massa<', rtl)
    assert [float(x) for x in label_xs] == [charts.WIDTH]
    assert 'text-anchor="end"' not in rtl
    # Numbers are isolated so that they read left to right inside right-to-left text.
    assert f"{charts.LRI}30{charts.PDI}" in rtl


def test_labels_are_escaped():
    svg = charts.bar_chart(
        [charts.Bar('<script>alert("x")</script>', 1)], chart_id="c", title="<b>t</b>"
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_funnel_writes_each_stage_share_of_the_first():
    svg = charts.funnel_chart(
        [charts.Bar("Started", 200), charts.Bar("Received", 150), charts.Bar("Winners", 3)],
        chart_id="f",
        title="t",
        kept_label="{value} · {percent} %",
    )

    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["Started", "200", "Received", "150 · 75 %", "Winners", "3 · 2 %"]


def test_stacked_bar_tells_parts_apart_by_pattern_number_and_words():
    svg = charts.stacked_bar(
        [charts.Bar("Below 50 %", 1), charts.Bar("50 to 79 %", 3), charts.Bar("80 % or more", 2)],
        chart_id="w",
        title="t",
    )

    assert svg.count("<pattern ") == 3
    assert len(set(re.findall(r'<pattern id="(w-p\d)"', svg))) == 3
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Below 50 %: 1" in texts
    assert "50 to 79 %: 3" in texts
    assert "80 % or more: 2" in texts


def test_line_chart_names_each_line_and_writes_its_last_value():
    svg = charts.line_chart(
        [charts.Series("Started", [1, 3, 6]), charts.Series("Received", [0, 2, 5])],
        x_labels=["1 oct.", "2 oct.", "3 oct."],
        chart_id="d",
        title="t",
    )

    assert svg.count("<polyline ") == 2
    dashes = re.findall(r'<polyline [^>]*stroke-dasharray="([^"]*)"', svg)
    assert dashes[0] != dashes[1]  # told apart by more than their colour
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert {"Started", "Received", "6", "5", "1 oct.", "3 oct."} <= set(texts)


def test_line_chart_with_a_single_day():
    svg = charts.line_chart(
        [charts.Series("Started", [4])], x_labels=["1 oct."], chart_id="d", title="t"
    )

    assert "<polyline " in svg
    assert ">4<" in svg
