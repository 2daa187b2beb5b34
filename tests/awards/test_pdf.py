"""The certificate of award and the deliberation minutes as PDF: pages, the data in the text,
Arabic letters joined and in reading order, long rankings over numbered pages."""

import dataclasses
import datetime
import io
import re
import time
import unicodedata

import pytest
import uharfbuzz
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from pypdf import PageObject, PdfReader

from awards.pdf import (
    FONTS_DIR,
    CertificateData,
    MinutesData,
    MinutesRow,
    certificate_pdf,
    minutes_pdf,
)

ARABIC_NAME = "تعاونية الأمل للكسكس"
ARABIC_WORD = "تعاونية"
ARABIC_CALL_TITLE = "جائزة المقاولة النسائية"
NASKH_BOLD = FONTS_DIR / "NotoNaskhArabic-Bold.ttf"

Outline = tuple[int, tuple]


def certificate_data(**changes) -> CertificateData:
    data = CertificateData(
        language="fr",
        organization="Coopérative Tissaghnasse",
        call_title="Prix de l'entrepreneuriat féminin 2025",
        distinction="Premier prix",
        amount_mad=100_000,
        region="Souss-Massa",
        reference="LAM-2025-0012",
        issued_on=datetime.date(2025, 3, 12),
        verification_url="https://portail.example.ma/verifier/LAM-2025-0012",
    )
    return dataclasses.replace(data, **changes)


def arabic_certificate_data(**changes) -> CertificateData:
    arabic = {
        "language": "ar",
        "organization": ARABIC_NAME,
        "call_title": ARABIC_CALL_TITLE,
        "distinction": "الجائزة الأولى",
        "region": "سوس ماسة",
    }
    return certificate_data(**(arabic | changes))


def minutes_row(index: int, language: str, **changes) -> MinutesRow:
    arabic = language == "ar"
    row = MinutesRow(
        position=index + 1,
        reference=f"LAM-2025-{index:04d}",
        organization=ARABIC_NAME if arabic else f"Coopérative Argan {index}",
        region="سوس ماسة" if arabic else "Souss-Massa",
        raw_mean=72.5 - index / 10,
        normalized_mean=None if index % 5 == 0 else 70.25 - index / 10,
        evaluations=3,
        decision="غير مقبول" if arabic else "Non retenu",
        justification="مشروع متين ذو أثر محلي واضح"
        if arabic
        else "Projet solide.\nBudget réaliste.",
    )
    return dataclasses.replace(row, **changes)


def minutes_data(language: str, *, rows: list[MinutesRow] | None = None, **changes) -> MinutesData:
    data = MinutesData(
        language=language,
        call_title=ARABIC_CALL_TITLE if language == "ar" else "Prix de l'entrepreneuriat féminin",
        round_label="Tour final",
        locked_at=datetime.datetime(2025, 6, 12, 13, 5, tzinfo=datetime.UTC),
        locked_by="Amina Benali",
        rank_by_label="Moyenne après normalisation",
        tie_breaks=["Médiane plus élevée", "Ordre fixé par la présidente"],
        agreement="α = 0.71 — accord modéré",
        jurors=["Amina Benali", "Fatima Zahra El Idrissi", "Khadija Ait Ouhssain"],
        rows=rows if rows is not None else [minutes_row(i, language) for i in range(3)],
        decided_by=[
            (
                "Amina Benali",
                "LAM-2025-0000 — Premier prix",
                datetime.datetime(2025, 6, 12, 12, 50, tzinfo=datetime.UTC),
            )
        ],
    )
    return dataclasses.replace(data, **changes)


def pages(pdf: bytes) -> list[PageObject]:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    """The extracted text with presentation forms mapped back to base letters and every run of
    white space (line breaks, no-break spaces between thousands) made one space."""
    text = "\n".join(page.extract_text() for page in pages(pdf))
    return " ".join(unicodedata.normalize("NFKC", text).split())


def unshaped_pdf(text: str) -> bytes:
    """The text in the same bundled font, drawn by fpdf2 without text shaping."""
    pdf = FPDF()
    pdf.add_font("naskh", "B", NASKH_BOLD)
    pdf.add_page()
    pdf.set_font("naskh", "B", 26)
    pdf.cell(0, 20, text)
    return bytes(pdf.output())


def outline(font: TTFont, glyph_name: str) -> Outline:
    """A glyph as its advance width and drawing: the same in a font and in its subsets."""
    pen = DecomposingRecordingPen(font.getGlyphSet())
    font.getGlyphSet()[glyph_name].draw(pen)
    return font["hmtx"][glyph_name][0], tuple(pen.value)


def joined_forms(word: str) -> set[Outline]:
    """The glyphs HarfBuzz takes from the font's GSUB for the word: the initial, medial and
    final forms, leaving out letters that keep the isolated glyph the character maps to."""
    font = TTFont(NASKH_BOLD)
    isolated = font.getBestCmap()
    shaper = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(NASKH_BOLD))))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(shaper, buffer, {})
    names = [(font.getGlyphName(info.codepoint), word[info.cluster]) for info in buffer.glyph_infos]
    return {outline(font, name) for name, letter in names if name != isolated[ord(letter)]}


def embedded_outlines(pdf: bytes) -> set[Outline]:
    outlines = set()
    for font_reference in pages(pdf)[0]["/Resources"]["/Font"].values():
        descendant = font_reference.get_object()["/DescendantFonts"][0].get_object()
        program = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        subset = TTFont(io.BytesIO(program.get_data()))
        outlines |= {outline(subset, name) for name in subset.getGlyphOrder()}
    return outlines


def left_edge_of(page: PageObject, fragment: str) -> float:
    """Where on the page, from the left, the first text drawn with the fragment starts."""
    lefts = []

    def visit(text, cm, tm, font_dict, font_size):
        if fragment in text:
            lefts.append(tm[4])

    page.extract_text(visitor_text=visit)
    return lefts[0]


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_certificate_is_one_landscape_a4_page(language):
    data = arabic_certificate_data() if language == "ar" else certificate_data(language=language)

    (page,) = pages(certificate_pdf(data))

    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)


def test_french_certificate_shows_organization_distinction_amount_and_reference():
    text = text_of(certificate_pdf(certificate_data()))

    assert "Coopérative Tissaghnasse" in text
    assert "Premier prix" in text
    assert "100 000" in text
    assert "LAM-2025-0012" in text
    assert "12 mars 2025" in text
    assert "https://portail.example.ma/verifier/LAM-2025-0012" in text


def test_certificate_without_amount_shows_no_amount():
    text = text_of(certificate_pdf(certificate_data(amount_mad=None)))

    assert "Premier prix" in text
    assert "100 000" not in text


def test_arabic_certificate_text_is_in_reading_order():
    """fpdf2 lays the shaped Arabic out right to left, glyph by glyph in visual order, and its
    ToUnicode map turns every glyph back into its letters; pypdf puts right-to-left runs back
    in reading order. So the name comes out as typed, ligature (لأ) included, and the Latin
    reference drawn with the fallback font comes out whole. Without shaping, fpdf2 writes the
    letters in typing order from the left, and the same extraction reverses them: this check
    fails for an unshaped PDF, as the second half shows."""
    text = text_of(certificate_pdf(arabic_certificate_data()))

    assert ARABIC_NAME in text
    assert "الجائزة الأولى" in text
    assert ARABIC_CALL_TITLE in text
    assert "LAM-2025-0012" in text

    unshaped = text_of(unshaped_pdf(ARABIC_NAME))
    assert ARABIC_NAME not in unshaped
    assert ARABIC_NAME[::-1] in unshaped


def test_arabic_certificate_draws_the_joined_letter_forms():
    """HarfBuzz gives تعاونية six contextual glyphs from the bundled font's GSUB (initial teh,
    medial ain, final alef, initial noon, medial yeh, final teh marbuta; waw follows alef and
    stays isolated). The Arabic certificate embeds all six; the same name drawn without shaping
    embeds none of them, only the isolated letters."""
    forms = joined_forms(ARABIC_WORD)
    assert len(forms) == 6

    assert forms <= embedded_outlines(certificate_pdf(arabic_certificate_data()))
    assert forms.isdisjoint(embedded_outlines(unshaped_pdf(ARABIC_NAME)))


def test_arabic_name_in_a_french_certificate_is_joined():
    """In a left-to-right line pypdf gives the words of a right-to-left run in the order they
    stand on the page, so the check is on each word, each in reading order."""
    pdf = certificate_pdf(certificate_data(organization=ARABIC_NAME))

    text = text_of(pdf)
    assert [word for word in ARABIC_NAME.split() if word not in text] == []
    assert joined_forms(ARABIC_WORD) <= embedded_outlines(pdf)


def test_the_same_certificate_data_gives_the_same_document():
    data = arabic_certificate_data()

    assert certificate_pdf(data) == certificate_pdf(data)


@pytest.fixture(scope="module", params=["fr", "ar"])
def long_minutes(request):
    """300 rows rendered once per language, with the processor time it took."""
    language = request.param
    data = minutes_data(language, rows=[minutes_row(i, language) for i in range(300)])
    started = time.process_time()
    pdf = minutes_pdf(data)
    return data, pdf, time.process_time() - started


def test_long_minutes_run_over_numbered_pages(long_minutes):
    _data, pdf, _seconds = long_minutes

    texts = [page.extract_text() for page in pages(pdf)]

    assert len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        footer = text.splitlines()[-1]
        assert sorted(re.findall(r"\d+", footer)) == sorted([str(number), str(len(texts))])


def test_long_minutes_keep_every_reference(long_minutes):
    data, pdf, _seconds = long_minutes

    text = text_of(pdf)

    assert [row.reference for row in data.rows if row.reference not in text] == []


def test_long_minutes_render_in_a_few_seconds_of_processor_time(long_minutes):
    *_, seconds = long_minutes

    assert seconds < 4


def test_arabic_minutes_show_the_arabic_call_title_and_names():
    text = text_of(minutes_pdf(minutes_data("ar")))

    assert ARABIC_CALL_TITLE in text
    assert ARABIC_NAME in text
    assert "مشروع متين ذو أثر محلي واضح" in text


@pytest.mark.parametrize(("language", "reference_side"), [("fr", "left"), ("ar", "right")])
def test_ranking_columns_run_in_the_reading_direction(language, reference_side):
    (page,) = pages(minutes_pdf(minutes_data(language)))

    reference = left_edge_of(page, "LAM-2025-0001")
    raw_mean = left_edge_of(page, "72,40")

    assert (reference < raw_mean) == (reference_side == "left")


def test_minutes_show_the_locking_time_in_casablanca():
    text = text_of(minutes_pdf(minutes_data("fr")))

    assert "12 juin 2025 14:05" in text
    assert "13:05" not in text


def test_a_justification_longer_than_a_page_is_split_across_pages():
    long_justification = " ".join(f"argument{number}" for number in range(900))
    rows = [
        minutes_row(0, "fr", justification=long_justification),
        minutes_row(1, "fr"),
    ]

    pdf = minutes_pdf(minutes_data("fr", rows=rows))

    text = text_of(pdf)
    assert len(pages(pdf)) >= 3
    assert "argument0" in text
    assert "argument899" in text
    assert "LAM-2025-0001" in text


def test_names_like_formulas_or_over_several_lines_print_as_plain_text():
    organization = '=HYPERLINK("http://x.example")\n@SUM(A1)\r\nCoop {nb}'
    certificate = text_of(certificate_pdf(certificate_data(organization=organization)))
    rows = [
        minutes_row(0, "fr", organization="@Coopérative\nAtlas", justification="=1+1\n@note"),
        minutes_row(1, "fr", organization="", justification=""),
    ]
    minutes = text_of(minutes_pdf(minutes_data("fr", rows=rows, locked_by="=Admin\nBis")))

    assert '=HYPERLINK("http://x.example") @SUM(A1) Coop {nb}' in certificate
    assert "@Coopérative Atlas" in minutes
    assert "=1+1 @note" in minutes
    assert "=Admin Bis" in minutes
