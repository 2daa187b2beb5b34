"""The PDF documents of a call's results: the award certificate and the deliberation minutes.

Pure rendering: plain data in, PDF bytes out, written under the document's language. The Noto
fonts are bundled (SIL OFL 1.1, see fonts/OFL.txt), so no system font is needed. Text holding
right-to-left letters goes through HarfBuzz (fpdf2's text shaping): Arabic letters take their
joined forms and mixed runs are ordered by the Unicode bidirectional algorithm, in an Arabic
page as in a French or English one.
"""

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.utils import formats, numberformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

LATIN = "noto-sans"
ARABIC = "noto-naskh-arabic"
FONT_FILES = {
    (LATIN, ""): "NotoSans-Regular.ttf",
    (LATIN, "B"): "NotoSans-Bold.ttf",
    (ARABIC, ""): "NotoNaskhArabic-Regular.ttf",
    (ARABIC, "B"): "NotoNaskhArabic-Bold.ttf",
}

# Stands for the page count until the last page is known. It is made of private-use characters,
# which plain_text() removes from the data, so no name can turn into a page count.
PAGE_COUNT_ALIAS = "\ue000\ue001"

Color = tuple[int, int, int]
ACCENT: Color = (122, 46, 70)
MUTED: Color = (95, 95, 95)
BLACK: Color = (0, 0, 0)
RULE: Color = (170, 170, 170)
HEADING_FILL: Color = (240, 234, 237)
MM_PER_PT = 25.4 / 72

T = TypeVar("T")


@dataclass(frozen=True)
class CertificateData:
    language: str
    organization: str
    call_title: str
    distinction: str
    amount_mad: int | None
    region: str
    reference: str
    issued_on: datetime.date
    verification_url: str


@dataclass(frozen=True)
class MinutesRow:
    position: int | None
    reference: str
    organization: str  # "" under blind review
    region: str
    raw_mean: float | None
    normalized_mean: float | None
    evaluations: int
    decision: str
    justification: str


@dataclass(frozen=True)
class MinutesData:
    language: str
    call_title: str
    round_label: str
    locked_at: datetime.datetime
    locked_by: str
    rank_by_label: str
    tie_breaks: list[str]
    agreement: str
    jurors: list[str]
    rows: list[MinutesRow]
    decided_by: list[tuple[str, str, datetime.datetime]]


def certificate_pdf(data: CertificateData) -> bytes:
    """A one-page A4 landscape certificate of award, in the data's language."""
    with translation.override(data.language):
        pdf = Document(
            orientation="L",
            title=_("Certificate of award"),
            created=datetime.datetime.combine(data.issued_on, datetime.time(), datetime.UTC),
        )
        draw_certificate(pdf, data)
        return bytes(pdf.output())


def minutes_pdf(data: MinutesData) -> bytes:
    """The deliberation minutes of a round, A4 portrait, over as many pages as the ranking needs."""
    with translation.override(data.language):
        pdf = MinutesDocument(
            orientation="P", title=_("Deliberation minutes"), created=data.locked_at
        )
        draw_minutes(pdf, data)
        return bytes(pdf.output())


class Document(FPDF):
    """An A4 document set up for the active language: bundled fonts, reading direction, and
    text shaping for the text that needs it."""

    def __init__(self, *, orientation: str, title: str, created: datetime.datetime) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.right_to_left = translation.get_language_bidi()
        for (family, style), file_name in FONT_FILES.items():
            self.add_font(family, style, FONTS_DIR / file_name)
        self.alias_nb_pages(PAGE_COUNT_ALIAS)
        self.set_lang(translation.get_language())
        self.set_title(title)
        self.set_creation_date(created)
        self.start_align = "R" if self.right_to_left else "L"
        self.end_align = "L" if self.right_to_left else "R"
        self.c_margin = 0
        self.word_widths: dict[tuple[str, float, str], float] = {}

    def use_font(self, size: float, *, bold: bool = False, color: Color = BLACK) -> None:
        self.set_font(LATIN, "B" if bold else "", size)
        self.set_text_color(*color)

    def prepare_for(self, text: str) -> None:
        """Sets up only what a line of text needs, as fpdf2's plain path is several times faster
        on a long table. Text with right-to-left letters goes through HarfBuzz, which joins
        Arabic letters and orders mixed runs (only the paragraph direction is fixed: the script
        of each run is guessed). An Arabic document sets such text in Noto Naskh Arabic, and
        everything else in Noto Sans, so references and figures keep one design; characters the
        font lacks come from the other one."""
        right_to_left_text = has_right_to_left(text)
        if right_to_left_text:
            direction = "rtl" if self.right_to_left else "ltr"
            self.set_text_shaping(use_shaping_engine=True, direction=direction)
        else:
            self.set_text_shaping(use_shaping_engine=False)
        family = ARABIC if self.right_to_left and right_to_left_text else LATIN
        self.set_font(family, self.font_style, self.font_size_pt)
        covered = self.current_font.cmap
        needs_fallback = any(ord(character) not in covered for character in text)
        fallback = LATIN if family == ARABIC else ARABIC
        self.set_fallback_fonts([fallback] if needs_fallback else [])

    def text_line(
        self, width: float, height: float, text: str, *, align: str, next_line: bool = False
    ) -> None:
        """One line of text in a box, without wrapping; the cursor then moves to the box's right,
        or to the start of the next line."""
        self.prepare_for(text)
        # fpdf2 2.8.9 loses the page's font after a line that starts with a fallback font's
        # glyph, and draws the following lines with the wrong font (py-pdf/fpdf2#1772). Having it
        # select the font again for every line keeps each line right.
        self.current_font_is_set_on_page = False
        if next_line:
            self.cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            self.cell(width, height, text, align=align)

    def paragraph(
        self,
        text: str,
        *,
        size: float,
        bold: bool = False,
        color: Color = BLACK,
        align: str | None = None,
        max_lines: int | None = None,
    ) -> None:
        """Text across the page, wrapped over as many lines as it needs; the cursor goes to the
        start of the next line, on a new page when the page is full. With max_lines, the font
        shrinks (down to half its size) until the text takes no more lines than that."""
        self.use_font(size, bold=bold, color=color)
        lines = self.wrap(text, self.epw)
        while max_lines and len(lines) > max_lines and self.font_size_pt > size / 2:
            self.use_font(self.font_size_pt - 1, bold=bold, color=color)
            lines = self.wrap(text, self.epw)
        for line in lines:
            self.text_line(
                self.epw,
                line_height(self.font_size_pt),
                line,
                align=align or self.start_align,
                next_line=True,
            )

    def wrap(self, text: str, width: float) -> list[str]:
        """The lines text takes in a column of this width with the current font, in reading
        order. fpdf2's own wrapping measures shaped text again at every character, which makes
        a long Arabic table take many seconds; measuring word by word keeps it linear."""
        lines: list[str] = []
        space = self.word_width(" ")
        for paragraph in text.split("\n"):
            line: list[str] = []
            line_width = 0.0
            for word in paragraph.split(" "):
                word_width = self.word_width(word)
                if line and line_width + space + word_width > width:
                    lines.append(" ".join(line))
                    line, line_width = [], 0.0
                if word_width > width:
                    *whole, word = self.split_long_word(word, width)
                    lines.extend(whole)
                    word_width = self.word_width(word)
                line_width += (space if line else 0) + word_width
                line.append(word)
            lines.append(" ".join(line))
        return lines

    def split_long_word(self, word: str, width: float) -> list[str]:
        pieces = [""]
        for character in word:
            if pieces[-1] and self.word_width(pieces[-1] + character) > width:
                pieces.append("")
            pieces[-1] += character
        return pieces

    def word_width(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        if key not in self.word_widths:
            self.prepare_for(word)
            self.word_widths[key] = self.get_string_width(word)
        return self.word_widths[key]


class MinutesDocument(Document):
    def footer(self) -> None:
        self.set_y(-12)
        self.use_font(8, color=MUTED)
        page = _("Page %(number)s / %(total)s") % {
            "number": self.page_no(),
            "total": PAGE_COUNT_ALIAS,
        }
        self.text_line(self.epw, 5, page, align="C")


def draw_certificate(pdf: Document, data: CertificateData) -> None:
    pdf.set_auto_page_break(False)
    pdf.set_margins(30, 28, 30)
    pdf.add_page()
    draw_certificate_frame(pdf)

    pdf.set_y(32)
    pdf.paragraph(_("Certificate of award"), size=30, bold=True, color=ACCENT, align="C")
    pdf.ln(6)
    pdf.paragraph(_("awarded to"), size=13, color=MUTED, align="C")
    pdf.ln(2)
    pdf.paragraph(plain_text(data.organization), size=26, bold=True, align="C", max_lines=2)
    if data.region:
        pdf.paragraph(plain_text(data.region), size=12, color=MUTED, align="C")
    pdf.ln(6)
    distinction = plain_text(data.distinction)
    pdf.paragraph(distinction, size=20, bold=True, color=ACCENT, align="C", max_lines=2)
    pdf.ln(2)
    pdf.paragraph(_("for"), size=13, color=MUTED, align="C")
    pdf.paragraph(plain_text(data.call_title), size=15, align="C", max_lines=2)
    if data.amount_mad is not None:
        pdf.ln(4)
        amount = labelled(_("Amount"), format_amount(data.amount_mad))
        pdf.paragraph(amount, size=14, bold=True, align="C")

    pdf.set_y(166)
    half = pdf.epw / 2
    reference = labelled(_("Reference"), plain_text(data.reference))
    issued = labelled(_("Issued on"), formats.date_format(data.issued_on, "DATE_FORMAT"))
    pdf.use_font(11)
    bottom_line = [(reference, pdf.start_align), (issued, pdf.end_align)]
    if pdf.right_to_left:
        bottom_line.reverse()
    for text, align in bottom_line:
        pdf.text_line(half, line_height(11), text, align=align)
    pdf.set_y(pdf.get_y() + line_height(11) + 3)
    # The address on a line of its own: inside an Arabic sentence it would read backwards.
    pdf.paragraph(_("Verify this certificate at"), size=8, color=MUTED, align="C")
    pdf.paragraph(plain_text(data.verification_url), size=8, color=MUTED, align="C", max_lines=2)


def draw_certificate_frame(pdf: Document) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    pdf.set_line_width(0.3)
    pdf.rect(16, 16, pdf.w - 32, pdf.h - 32)


def draw_minutes(pdf: MinutesDocument, data: MinutesData) -> None:
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()

    pdf.paragraph(_("Deliberation minutes"), size=18, bold=True, color=ACCENT)
    pdf.paragraph(plain_text(data.call_title), size=13, bold=True)
    pdf.ln(2)
    locked = _("Locked on %(date)s by %(person)s") % {
        "date": format_moment(data.locked_at),
        "person": plain_text(data.locked_by),
    }
    facts = [
        labelled(_("Round"), plain_text(data.round_label)),
        locked,
        labelled(_("Ranked by"), plain_text(data.rank_by_label)),
        labelled(_("Tie-breaks, in order"), numbered(data.tie_breaks)),
        labelled(_("Agreement between jurors"), plain_text(data.agreement)),
        labelled(_("Jury members present"), ", ".join(plain_text(name) for name in data.jurors)),
    ]
    for fact in facts:
        pdf.paragraph(fact, size=10)
    pdf.ln(4)

    table = Table(pdf, ranking_columns())
    table.add_headings()
    for row in data.rows:
        table.add_row(ranking_cells(row))
    pdf.ln(6)

    if data.decided_by:
        draw_decision_log(pdf, data.decided_by)
        pdf.ln(6)
    draw_signatures(pdf, data.locked_at)


def draw_decision_log(
    pdf: Document, decided_by: Sequence[tuple[str, str, datetime.datetime]]
) -> None:
    if pdf.will_page_break(20):  # keeps the heading with its first lines
        pdf.add_page()
    pdf.paragraph(_("Decisions"), size=12, bold=True, color=ACCENT)
    pdf.ln(1)
    for who, what, when in decided_by:
        line = _("%(date)s — %(person)s: %(decision)s") % {
            "date": format_moment(when),
            "person": plain_text(who),
            "decision": plain_text(what),
        }
        pdf.paragraph(line, size=9)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # millimetres
    numeric: bool = False  # numbers are centred; text starts at the reading side


def ranking_columns() -> list[Column]:
    return [
        Column(pgettext("rank", "No."), 7, numeric=True),
        Column(_("Reference"), 23),
        Column(_("Applicant"), 27),
        Column(_("Region"), 25),
        Column(_("Raw mean"), 14, numeric=True),
        Column(_("Normalized mean"), 17, numeric=True),
        Column(_("Evaluations"), 14, numeric=True),
        Column(_("Decision"), 25),
        Column(_("Justification"), 28),
    ]


def ranking_cells(row: MinutesRow) -> list[str]:
    return [
        "—" if row.position is None else str(row.position),
        plain_text(row.reference),
        plain_text(row.organization) or "—",
        plain_text(row.region),
        format_mean(row.raw_mean),
        format_mean(row.normalized_mean),
        str(row.evaluations),
        plain_text(row.decision),
        plain_text(row.justification, keep_line_breaks=True),
    ]


class Table:
    """Rows drawn cell by cell, each cell wrapped to its column. The heading row comes again at
    the top of every page; a row taller than half a page is split rather than moved whole."""

    font_size = 7.5
    heading_size = 7
    padding = 1

    def __init__(self, pdf: Document, columns: Sequence[Column]) -> None:
        self.pdf = pdf
        self.columns = self.in_visual_order(columns)
        self.width = sum(column.width for column in columns)
        self.line_height = line_height(self.font_size)

    def in_visual_order(self, cells: Sequence[T]) -> list[T]:
        # Right to left, the first column stands at the right.
        return list(reversed(cells)) if self.pdf.right_to_left else list(cells)

    def add_headings(self) -> None:
        headings = [column.heading for column in self.columns]
        self.draw(self.wrap(headings, heading=True), heading=True)

    def add_row(self, cells: Sequence[str]) -> None:
        lines = self.wrap(self.in_visual_order(cells), heading=False)
        while True:
            needed = max(len(cell_lines) for cell_lines in lines)
            fitting = self.lines_fitting()
            if needed <= fitting:
                self.draw(lines, heading=False)
                return
            # Taller than half a page, so taller than what a fresh page holds below the
            # headings as well: this also ends the loop.
            if fitting and needed * self.line_height > self.pdf.eph / 2:
                self.draw([cell_lines[:fitting] for cell_lines in lines], heading=False)
                lines = [cell_lines[fitting:] for cell_lines in lines]
            self.pdf.add_page()
            self.add_headings()

    def lines_fitting(self) -> int:
        room = self.pdf.page_break_trigger - self.pdf.get_y() - 2 * self.padding
        return max(0, int(room // self.line_height))

    def use_font(self, *, heading: bool) -> None:
        self.pdf.use_font(self.heading_size if heading else self.font_size, bold=heading)

    def wrap(self, cells: Sequence[str], *, heading: bool) -> list[list[str]]:
        self.use_font(heading=heading)
        return [
            self.pdf.wrap(text, column.width - 2 * self.padding)
            for column, text in zip(self.columns, cells, strict=True)
        ]

    def draw(self, lines: Sequence[Sequence[str]], *, heading: bool) -> None:
        pdf = self.pdf
        top = pdf.get_y()
        height = max(len(cell_lines) for cell_lines in lines) * self.line_height
        height += 2 * self.padding
        if heading:
            pdf.set_fill_color(*HEADING_FILL)
            pdf.rect(pdf.l_margin, top, self.width, height, style="F")
        self.use_font(heading=heading)
        left = pdf.l_margin
        for column, cell_lines in zip(self.columns, lines, strict=True):
            align = "C" if column.numeric else pdf.start_align
            for index, line in enumerate(cell_lines):
                pdf.set_xy(left + self.padding, top + self.padding + index * self.line_height)
                pdf.text_line(column.width - 2 * self.padding, self.line_height, line, align=align)
            left += column.width
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin, top + height, pdf.l_margin + self.width, top + height)
        pdf.set_xy(pdf.l_margin, top + height)


def draw_signatures(pdf: Document, locked_at: datetime.datetime) -> None:
    """Where the chair and the organizer sign, after the date the minutes were drawn up, all
    kept on one page."""
    rule_below = 28
    if pdf.will_page_break(rule_below + 12):
        pdf.add_page()
    locked_on = timezone.localtime(locked_at, timezone.get_default_timezone()).date()
    drawn_up = _("Drawn up on %(date)s") % {"date": formats.date_format(locked_on, "DATE_FORMAT")}
    pdf.paragraph(drawn_up, size=10)
    pdf.ln(3)
    titles = [_("The jury chair"), _("The organizer")]
    if pdf.right_to_left:
        titles.reverse()
    gap = 20
    width = (pdf.epw - gap) / 2
    top = pdf.get_y()
    pdf.use_font(10, bold=True)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    for index, title in enumerate(titles):
        left = pdf.l_margin + index * (width + gap)
        pdf.set_xy(left, top)
        pdf.text_line(width, line_height(10), title, align="C")
        pdf.line(left, top + rule_below, left + width, top + rule_below)
    pdf.set_xy(pdf.l_margin, top + rule_below + 2)


def line_height(size_pt: float) -> float:
    """Millimetres from one baseline to the next for a font size, room enough for Arabic marks."""
    return size_pt * MM_PER_PT * 1.45


def labelled(label: str, value: str) -> str:
    return pgettext("label and value", "%(label)s: %(value)s") % {"label": label, "value": value}


def numbered(items: Sequence[str]) -> str:
    return "; ".join(f"{index}. {plain_text(item)}" for index, item in enumerate(items, start=1))


def format_moment(moment: datetime.datetime) -> str:
    """Date and time as read in Morocco, whatever time zone the request activated."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return formats.date_format(local, "DATETIME_FORMAT")


def format_amount(amount_mad: int) -> str:
    # Grouped by thousands in every language, also where the locale does not group by default.
    digits = numberformat.format(
        amount_mad,
        formats.get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return _("%(amount)s MAD") % {"amount": digits}


def format_mean(value: float | None) -> str:
    return "—" if value is None else formats.number_format(value, 2)


RIGHT_TO_LEFT_CLASSES = {"R", "AL"}
CONTROL_OR_PRIVATE_USE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]"
)


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in RIGHT_TO_LEFT_CLASSES for character in text)


def plain_text(text: str, *, keep_line_breaks: bool = False) -> str:
    """Text from the data as printable characters: control and private-use characters go, and so
    do line breaks unless asked to keep them (a name stays on one line)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL_OR_PRIVATE_USE.sub(" ", text)
    if keep_line_breaks:
        return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
    return " ".join(text.split())
