"""The organizers' exports of a call's applications: every answer and the profile as
submitted in a workbook; every submitted document in a zip, one folder per application.
Documents the organizers asked for after the submission (`DocumentRequest`) are in both:
each request with its state in the workbook, each received one in its application's
folder.

Both list the applications the organizers received, withdrawn ones included with their
status (a draft, or a draft discarded, was never sent), in the order of their references.
They are read in batches, each with the same few queries whatever its size.
"""

import datetime
import hashlib
import re
import shutil
import tempfile
import unicodedata
import zipfile
from decimal import Decimal, InvalidOperation

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import LegalForm, Region, Sector
from accounts.models import Organization
from calls.enums import QuestionKind
from calls.models import Call, Question
from exports.cells import SafeWorkbook
from exports.registry import ZIP, register
from submissions.enums import ApplicationStatus
from submissions.models import Answer, Application, Attachment, DocumentRequest, Submission
from submissions.templatetags.answers import answer_display, choice_label

BATCH = 200
LIST_SEPARATOR = "; "


# --- what both exports read ------------------------------------------------------------


def form_questions(call: Call) -> list[Question]:
    """The call's questions in the form's order (step, then question), as
    `services.answers_summary` orders them."""
    return list(
        Question.objects.filter(step__call=call)
        .select_related("step")
        .order_by("step__position", "step_id", "position", "pk")
    )


def received_applications(call: Call, *, answers: bool = True) -> QuerySet[Application]:
    """The applications of the call that were submitted (withdrawn ones included), with
    their files, their last submission, their document requests (in the order they were
    made) and, unless `answers=False`, their answers prefetched."""
    last_submission = Submission.objects.filter(
        number=Subquery(
            Submission.objects.filter(application_id=OuterRef("application_id"))
            .order_by("-number")
            .values("number")[:1]
        )
    ).only("pk", "application_id", "number", "attachments")
    prefetches = [
        Prefetch(
            "attachments",
            queryset=Attachment.objects.order_by("uploaded_at", "pk"),
            to_attr="attachment_list",
        ),
        Prefetch("submissions", queryset=last_submission, to_attr="last_submission"),
        Prefetch(
            "document_requests",
            queryset=DocumentRequest.objects.select_related("question")
            .defer("message")
            .order_by("requested_at", "pk"),
            to_attr="document_request_list",
        ),
    ]
    if answers:
        prefetches.append(
            Prefetch(
                "answers",
                queryset=Answer.objects.only("pk", "application_id", "question_id", "value"),
                to_attr="answer_list",
            )
        )
    return (
        # A submitted application has its date; a draft, even discarded, has none.
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("applicant")
        .prefetch_related(*prefetches)
        .order_by("reference_number", "pk")
    )


def submitted_files(application: Application) -> list[Attachment]:
    """The files of the application's last submission (what the organizers read, as
    `selectors.submitted_attachments` gives them), from the prefetched rows."""
    if not application.last_submission:
        return []
    by_id = {attachment.pk: attachment for attachment in application.attachment_list}
    entries = application.last_submission[0].attachments
    return [by_id[entry["id"]] for entry in entries if entry.get("id") in by_id]


def received_requests(application: Application) -> list[DocumentRequest]:
    """The documents received on the organizers' requests, in the order they came, from
    the prefetched rows."""
    received = [request for request in application.document_request_list if request.fulfilled_at]
    return sorted(received, key=lambda request: (request.fulfilled_at, request.pk))


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def request_state(request: DocumentRequest, now: datetime.datetime) -> str:
    """What became of a document request, in words: "<document>: received on <date>",
    "open until <date>", "cancelled" or "expired on <date>" (Morocco's dates)."""
    document = request.title
    status = request.status_at(now)
    if status == DocumentRequest.Status.FULFILLED:
        return _("%(document)s: received on %(date)s") % {
            "document": document,
            "date": _day(request.fulfilled_at),
        }
    if status == DocumentRequest.Status.CANCELLED:
        return _("%(document)s: cancelled") % {"document": document}
    if status == DocumentRequest.Status.EXPIRED:
        return _("%(document)s: expired on %(date)s") % {
            "document": document,
            "date": _day(request.due_at),
        }
    return _("%(document)s: open until %(date)s") % {
        "document": document,
        "date": _day(request.due_at),
    }


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else (value or "")


def _date(value) -> datetime.date | str | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)


def _yes_no(value) -> str:
    return "" if value is None else (_("Yes") if value else _("No"))


# --- applications (xlsx) ---------------------------------------------------------------


def _field_label(name: str) -> str:
    label = str(Organization._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def profile_headers() -> list[str]:
    return [
        _("Organization"),
        *[
            _field_label(name)
            for name in (
                "legal_form",
                "registration_number",
                "region",
                "province",
                "sector",
                "founded_on",
                "members_count",
                "women_members_count",
                "youth_members_count",
            )
        ],
        _("Women's share (%)"),
        _field_label("contact_phone"),
    ]


def profile_cells(profile: dict) -> list:
    """The profile as submitted, codes by their labels, counts as numbers."""
    members = profile.get("members_count")
    women = profile.get("women_members_count")
    share = None
    if isinstance(members, int) and isinstance(women, int):
        share = Organization(members_count=members, women_members_count=women).women_share
    return [
        profile.get("name") or "",
        _label(LegalForm, profile.get("legal_form")),
        profile.get("registration_number") or "",
        _label(Region, profile.get("region")),
        profile.get("province") or "",
        _label(Sector, profile.get("sector")),
        _date(profile.get("founded_on")),
        members,
        women,
        profile.get("youth_members_count"),
        share,
        profile.get("contact_phone") or "",
    ]


def _number(value):
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else number


def answer_cell(value, question: Question, files: list[Attachment] = ()):
    """An answer as a spreadsheet reads it: numbers and dates as such, choices by their
    labels (several joined by "; "), yes / no in words, files by their names; the rest
    as `answer_display` words it. None when unanswered."""
    if question.kind == QuestionKind.FILE:
        return LIST_SEPARATOR.join(attachment.original_name for attachment in files) or None
    if value in (None, "", []):
        return None
    match question.kind:
        case QuestionKind.NUMBER:
            number = _number(value)
            if number is not None:
                return number
        case QuestionKind.DATE:
            return _date(value)
        case QuestionKind.MULTIPLE_CHOICE:
            items = value if isinstance(value, list) else [value]
            return LIST_SEPARATOR.join(choice_label(question, item) for item in items)
    return answer_display(value, question)


@register(
    kind="applications",
    label=gettext_lazy("Applications with every answer"),
    filename="applications-{slug}-{date}.xlsx",
)
def build_applications(*, export, workbook, progress):
    call = export.call
    questions = form_questions(call)
    sheet = workbook.sheet(
        _("Applications"),
        headers=[
            _("Reference"),
            _("Status"),
            _("Submitted at"),
            _("Last submitted at"),
            _("Eligible at submission"),
            _("Applicant's e-mail"),
            *profile_headers(),
            *[question.label for question in questions],
            _("Documents requested after submission"),
        ],
        widths=[16, 14, 18, 18, 12, 28, 32, 16, 20, 24, 20, 24, 12, 9, 9, 9, 9, 16]
        + [30] * len(questions)
        + [50],
    )
    now = timezone.now()
    applications = received_applications(call)
    total = applications.count()
    progress(0, total)
    for done, application in enumerate(applications.iterator(chunk_size=BATCH), 1):
        answers = {answer.question_id: answer.value for answer in application.answer_list}
        files: dict[int, list[Attachment]] = {}
        for attachment in submitted_files(application):
            files.setdefault(attachment.question_id, []).append(attachment)
        sheet.append(
            [
                application.reference,
                str(ApplicationStatus(application.status).label),
                application.submitted_at,
                application.last_submitted_at,
                _yes_no(application.eligible_at_submission),
                application.applicant.email,
                *profile_cells(application.submitted_profile),
                *[
                    answer_cell(answers.get(question.pk), question, files.get(question.pk, []))
                    for question in questions
                ],
                LIST_SEPARATOR.join(
                    request_state(request, now) for request in application.document_request_list
                )
                or None,
            ]
        )
        progress(done, total)


# --- attachments (zip) -----------------------------------------------------------------

INDEX_NAME = "index.xlsx"
CHUNK = 1024 * 1024
# Bytes of a folder or file name: well within every file system's 255.
NAME_BYTES = 150
# Characters Windows, macOS or a shell refuse or misread in a name; "/" and "\" above all.
UNSAFE_CHARACTERS = re.compile(r'[\\/:*?"<>|]')
DOTS = re.compile(r"\.{2,}")
EXTENSION = re.compile(r"^(?P<stem>.+)\.(?P<extension>[^\W_]{1,10})$")
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in range(1, 10)
}
# Already compressed: stored as they are rather than deflated again.
COMPRESSED_TYPES = {
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
}


def _truncated(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    return text.encode()[:limit].decode(errors="ignore")


def _split_extension(name: str) -> tuple[str, str]:
    """("statuts", ".pdf") for "statuts.pdf"; a dot followed by words is no extension."""
    match = EXTENSION.match(name)
    return (match["stem"], "." + match["extension"]) if match else (name, "")


def safe_name(text: str, *, fallback: str = "document", limit: int = NAME_BYTES) -> str:
    """One path component that cannot leave its folder nor hide: no separator, control,
    invisible or reserved character, no run of dots (so never ".."), no leading or
    trailing dot or space, no device name of Windows; letters of every script kept."""
    kept = []
    for character in unicodedata.normalize("NFC", str(text)):
        category = unicodedata.category(character)
        if category == "Cc":  # tabs and line breaks become spaces
            kept.append(" ")
        elif not category.startswith("C"):  # invisible and direction marks go
            kept.append(character)
    text = UNSAFE_CHARACTERS.sub("_", "".join(kept))
    text = DOTS.sub(".", " ".join(text.split())).strip(". ")
    stem, extension = _split_extension(text)
    stem = _truncated(stem, limit - len(extension.encode())).strip(". ") or fallback
    if stem.split(".")[0].strip().upper() in WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem + extension


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or `name (2)`, `name (3)`… before the extension: the first one not in
    `taken` (compared without case, as Windows and macOS do), which it joins."""
    stem, extension = _split_extension(name)
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem} ({number}){extension}"
    taken.add(candidate.casefold())
    return candidate


def file_name(attachment: Attachment) -> str:
    """The applicant's file name made safe, with the extension of its checked type when
    it has none."""
    name = safe_name(attachment.original_name)
    if not _split_extension(name)[1]:
        name += attachment.extension
    return name


def folder_name(application: Application) -> str:
    """`LAM-2026-0042 - Coopérative Tifawin`: the reference, then the organization."""
    organization = application.submitted_profile.get("name") or ""
    title = f"{application.reference} - {organization}" if organization.strip() else ""
    return safe_name(title or application.reference, fallback=str(application.pk))


def _zip_time(moment: datetime.datetime) -> tuple:
    local = timezone.localtime(moment)
    return max(local.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def requested_file_name(request: DocumentRequest, number: int) -> str:
    """`requested-2-Attestation ODCO.pdf`: the request's number among those received, what
    was asked, made safe as every name, then the extension of the file's checked type."""
    extension = request.extension
    stem = safe_name(
        f"requested-{number}-{request.title}",
        fallback=f"requested-{number}",
        limit=NAME_BYTES - len(extension.encode()),
    )
    return stem + extension


def copy_into(
    archive: zipfile.ZipFile,
    attachment: Attachment | DocumentRequest,
    path: str,
    *,
    modified: datetime.datetime | None = None,
):
    """Copy the stored file into the archive chunk by chunk (dated `modified`, else when
    it was uploaded); its size and sha256 as copied, or None when the storage no longer
    has it."""
    try:
        source = attachment.file.open("rb")
    except FileNotFoundError:
        return None
    info = zipfile.ZipInfo(path, date_time=_zip_time(modified or attachment.uploaded_at))
    info.compress_type = (
        zipfile.ZIP_STORED if attachment.content_type in COMPRESSED_TYPES else zipfile.ZIP_DEFLATED
    )
    info.external_attr = 0o644 << 16
    info.file_size = attachment.size  # lets the archive choose ZIP64 before writing
    digest, size = hashlib.sha256(), 0
    with source, archive.open(info, "w") as member:
        while chunk := source.read(CHUNK):
            member.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


@register(
    kind="attachments",
    label=gettext_lazy("Documents of every application (zip)"),
    filename="attachments-{slug}-{date}.zip",
    format=ZIP,
)
def build_attachments(*, export, archive, progress):
    call = export.call
    questions = {question.pk: question for question in form_questions(call)}
    order = {pk: position for position, pk in enumerate(questions)}
    index = SafeWorkbook()
    sheet = index.sheet(
        _("Documents"),
        headers=[
            _("Reference"),
            _("Organization"),
            _("Status"),
            _("Question"),
            _("File in the archive"),
            _("File name"),
            _("Size (bytes)"),
            "SHA-256",
            _("Note"),
        ],
        widths=[16, 32, 14, 40, 60, 40, 12, 66, 40],
    )
    applications = received_applications(call, answers=False)
    total = applications.count()
    progress(0, total)
    folders: set[str] = set()
    for done, application in enumerate(applications.iterator(chunk_size=BATCH), 1):
        folder = unique_name(folder_name(application), folders)
        archive.mkdir(folder)
        names: set[str] = set()
        files = sorted(
            submitted_files(application),
            key=lambda a: (order.get(a.question_id, len(order)), a.uploaded_at, a.pk),
        )
        for attachment in files:
            path = f"{folder}/{unique_name(file_name(attachment), names)}"
            copied = copy_into(archive, attachment, path)
            note = ""
            if copied is None:
                path, size, sha256 = "", attachment.size, attachment.sha256
                note = _("Missing from the storage: not in the archive.")
            else:
                size, sha256 = copied
                if sha256 != attachment.sha256:
                    note = _("Differs from the file received (its checksum changed).")
            question = questions.get(attachment.question_id)
            sheet.append(
                [
                    application.reference,
                    application.submitted_profile.get("name") or "",
                    str(ApplicationStatus(application.status).label),
                    question.label if question else "",
                    path,
                    attachment.original_name,
                    size,
                    sha256,
                    note,
                ]
            )
        for number, request in enumerate(received_requests(application), 1):
            path = f"{folder}/{unique_name(requested_file_name(request, number), names)}"
            copied = copy_into(archive, request, path, modified=request.fulfilled_at)
            note = _("Requested after submission, received on %(date)s.") % {
                "date": _day(request.fulfilled_at)
            }
            if copied is None:
                path, size, sha256 = "", request.size, request.sha256
                note = _("Missing from the storage: not in the archive.")
            else:
                size, sha256 = copied
                if sha256 != request.sha256:
                    note = _("Differs from the file received (its checksum changed).")
            sheet.append(
                [
                    application.reference,
                    application.submitted_profile.get("name") or "",
                    str(ApplicationStatus(application.status).label),
                    request.title,
                    path,
                    request.original_name,
                    size,
                    sha256,
                    note,
                ]
            )
        progress(done, total)
    with tempfile.TemporaryFile() as spool:
        index.save(spool)
        spool.seek(0)
        with archive.open(INDEX_NAME, "w") as member:
            shutil.copyfileobj(spool, member, CHUNK)
