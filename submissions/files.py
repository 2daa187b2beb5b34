"""What an uploaded file really is, judged by its content, and how it is kept.

The extension and the browser's content type are ignored: a file renamed to `.pdf`
is recognized for what it is. Photos are turned upright, stripped of their metadata
(a phone's GPS position among it) and downscaled.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps, UnidentifiedImageError

from calls.enums import FileType

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
}
EXTENSIONS = {
    FileType.PDF: ".pdf",
    FileType.JPEG: ".jpg",
    FileType.PNG: ".png",
    FileType.DOCX: ".docx",
    FileType.XLSX: ".xlsx",
    FileType.ODT: ".odt",
}
# What `filetype` names a file by its first bytes, for the types read that way.
SNIFFED = {"pdf": FileType.PDF, "jpg": FileType.JPEG, "png": FileType.PNG}
ZIP_MAGIC = b"PK\x03\x04"
LARGEST_IMAGE_SIDE = 2000
# A phone photo has 12 to 50 million pixels; more is refused before decoding.
LARGEST_IMAGE_PIXELS = 60_000_000
MIMETYPE_ENTRY_SIZE = 100
NAME_LENGTH = 120


@dataclass(frozen=True)
class CheckedFile:
    file_type: FileType
    content: ContentFile
    name: str
    sha256: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_type]

    @property
    def size(self) -> int:
        return self.content.size


def _odt_mimetype(archive) -> str:
    """The `mimetype` entry of an OpenDocument, read without inflating more than a line
    (a crafted archive may declare a tiny entry that inflates to gigabytes)."""
    if archive.getinfo("mimetype").file_size > MIMETYPE_ENTRY_SIZE:
        return ""
    with archive.open("mimetype") as entry:
        return entry.read(MIMETYPE_ENTRY_SIZE).strip().decode("ascii", "replace")


def _office_type(upload) -> FileType | None:
    """DOCX, XLSX and ODT are zip archives; what is inside tells them apart."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _odt_mimetype(archive)
                return FileType.ODT if mimetype == CONTENT_TYPES[FileType.ODT] else None
    # A damaged or crafted archive (encrypted entry, unknown compression, broken data)
    # is not a document we accept, whatever the error it raises.
    except Exception:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return FileType.DOCX
    if "xl/workbook.xml" in names:
        return FileType.XLSX
    return None


def file_type_of(upload) -> FileType | None:
    """The type among `FileType` that the content shows, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(ZIP_MAGIC):
        return _office_type(upload)
    guess = filetype.guess(head)
    return SNIFFED.get(guess.extension) if guess else None


def safe_name(name: str, file_type: FileType) -> str:
    """The applicant's file name without any path, control or symbol characters; letters
    of every script kept (an Arabic name stays Arabic), the extension set by the type."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    stem = unicodedata.normalize("NFC", name.rsplit(".", 1)[0] if "." in name else name)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] in "LNZ" or ch in "-_.")
    stem = get_valid_filename(" ".join(stem.split())) if stem.strip(" ._") else ""
    stem = stem.strip("._")[: NAME_LENGTH - 5] or "document"
    return stem + EXTENSIONS[file_type]


def _normalized_image(upload, file_type: FileType) -> bytes | None:
    """The photo upright, without metadata, at most LARGEST_IMAGE_SIDE pixels; None if the
    bytes are not a readable image."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > LARGEST_IMAGE_PIXELS:
                return None
            image.draft("RGB", (LARGEST_IMAGE_SIDE, LARGEST_IMAGE_SIDE))  # JPEG: decode small
            image.thumbnail((LARGEST_IMAGE_SIDE, LARGEST_IMAGE_SIDE))
            image = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            if file_type == FileType.JPEG:
                image.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
            else:
                image.save(output, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return output.getvalue()


def check_file(upload) -> CheckedFile | None:
    """The upload as it will be stored, or None when its content is not an accepted type
    (or claims to be an image but cannot be read as one)."""
    file_type = file_type_of(upload)
    if file_type is None:
        return None
    if file_type in (FileType.JPEG, FileType.PNG):
        data = _normalized_image(upload, file_type)
        if data is None:
            return None
    else:
        upload.seek(0)
        data = upload.read()
    return CheckedFile(
        file_type=file_type,
        content=ContentFile(data),
        name=safe_name(upload.name, file_type),
        sha256=hashlib.sha256(data).hexdigest(),
    )
