"""Documents are judged by their content, named safely and stored under server paths."""

import hashlib
import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from calls.enums import FileType
from submissions import services
from submissions.files import check_file, safe_name
from tests.submissions.conftest import MINIMAL_PDF, jpeg_bytes, pdf_upload


def upload(name, content):
    return SimpleUploadedFile(name, content)


def xlsx_bytes():
    output = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Budget"
    workbook.save(output)
    return output.getvalue()


def zip_bytes(entries):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return output.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("statuts.pdf", MINIMAL_PDF, FileType.PDF),
        ("photo.jpg", jpeg_bytes(200, 100), FileType.JPEG),
        ("budget.xlsx", xlsx_bytes(), FileType.XLSX),
        ("lettre.docx", DOCX, FileType.DOCX),
        ("rapport.odt", ODT, FileType.ODT),
        ("scan.pdf", jpeg_bytes(200, 100), FileType.JPEG),
    ],
)
def test_the_type_is_read_from_the_content(name, content, expected):
    assert check_file(upload(name, content)).file_type == expected


@pytest.mark.parametrize(
    "content",
    [
        b"Ceci n'est pas un PDF, juste du texte.",
        zip_bytes({"notes.txt": "bonjour"}),
        b"\xff\xd8\xff\xe0 truncated jpeg",
        b"MZ\x90\x00 an executable",
    ],
    ids=["text", "plain-zip", "broken-jpeg", "executable"],
)
def test_a_file_renamed_to_pdf_that_is_not_a_document_is_refused(content):
    assert check_file(upload("statuts.pdf", content)) is None


def test_a_phone_photo_is_downscaled_and_loses_its_metadata():
    image = Image.new("RGB", (4000, 3000), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)

    checked = check_file(upload("IMG_2031.JPG", output.getvalue()))

    stored = Image.open(io.BytesIO(checked.content.read()))
    assert max(stored.size) == 2000
    assert not stored.getexif()
    assert checked.name == "IMG_2031.jpg"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("النظام الأساسي.pdf", "النظام_الأساسي.pdf"),
        ("statuts 😀🌴.pdf", "statuts.pdf"),
        ("😀.pdf", "document.pdf"),
        ("rapport.exe", "rapport.pdf"),
    ],
)
def test_file_names_lose_paths_and_symbols_but_keep_letters_of_every_script(name, expected):
    assert safe_name(name, FileType.PDF) == expected


@pytest.fixture
def draft(applicant, call_form):
    return services.application_start(call=call_form.call, applicant=applicant)


def test_a_stored_file_has_a_server_path_its_checksum_and_its_clean_name(draft, call_form):
    attachment = services.attachment_add(
        application=draft,
        question=call_form.q["statutes"],
        uploaded_file=pdf_upload("../../../statuts de la coopérative.pdf"),
        actor=draft.applicant,
    )

    assert attachment.original_name == "statuts_de_la_coopérative.pdf"
    assert attachment.file.name.startswith(f"applications/{call_form.call.pk}/")
    assert "statuts" not in attachment.file.name
    assert attachment.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert attachment.size == len(MINIMAL_PDF)


def test_a_file_of_a_type_the_question_refuses_is_refused(draft, call_form):
    with pytest.raises(services.ApplicationError, match="PDF"):
        services.attachment_add(
            application=draft,
            question=call_form.q["statutes"],
            uploaded_file=upload("scan.pdf", jpeg_bytes(100, 100)),
            actor=draft.applicant,
        )


def test_a_sixty_megabyte_file_is_refused_with_the_limit(draft, call_form):
    huge = SimpleUploadedFile("rapport.pdf", MINIMAL_PDF + b"0" * (60 * 1024 * 1024))

    with pytest.raises(services.ApplicationError, match="up to 10 MB"):
        services.attachment_add(
            application=draft,
            question=call_form.q["statutes"],
            uploaded_file=huge,
            actor=draft.applicant,
        )
    assert not draft.attachments.exists()


def test_a_document_takes_no_more_files_than_allowed(draft, call_form):
    for page in range(3):
        services.attachment_add(
            application=draft,
            question=call_form.q["photos"],
            uploaded_file=upload(f"page{page}.jpg", jpeg_bytes(300, 400)),
            actor=draft.applicant,
        )

    with pytest.raises(services.ApplicationError, match="already has its 3 files"):
        services.attachment_add(
            application=draft,
            question=call_form.q["photos"],
            uploaded_file=upload("page4.jpg", jpeg_bytes(300, 400)),
            actor=draft.applicant,
        )


def encrypted_odt() -> bytes:
    """An ODT-looking archive whose `mimetype` entry is flagged as encrypted."""
    data = bytearray(ODT)
    data[data.index(b"PK\x03\x04") + 6] |= 0x01  # local header: encrypted
    data[data.index(b"PK\x01\x02") + 8] |= 0x01  # central directory: encrypted
    return bytes(data)


def odt_bomb(inflated_size) -> bytes:
    """A small archive whose `mimetype` entry inflates to `inflated_size` bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w", force_zip64=True) as entry,
    ):
        for _ in range(inflated_size // 2**20):
            entry.write(b"\0" * 2**20)
    return output.getvalue()


def test_a_crafted_archive_is_refused_without_error():
    assert check_file(upload("dossier.odt", encrypted_odt())) is None


def test_an_archive_inflating_to_gigabytes_is_refused_without_inflating_it():
    bomb = odt_bomb(64 * 2**20)
    tracemalloc.start()
    try:
        checked = check_file(upload("dossier.odt", bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert checked is None
    assert peak < 4 * 2**20


def test_an_image_declaring_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr("submissions.files.LARGEST_IMAGE_PIXELS", 400 * 300 - 1)

    assert check_file(upload("photo.jpg", jpeg_bytes(400, 300))) is None
