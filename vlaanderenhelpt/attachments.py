"""Attachment checks: the extension must be allowed and the content must be what it claims to be."""

import codecs
import hashlib
import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}
OOXML_DIR = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}

# Office and ODF files are zip packages. Their central directory declares every member's sizes, so a
# bomb is refused from the declarations alone, before anything is inflated; what is inflated is read
# with a cap.
ZIP_MAX_MEMBERS = 5_000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100  # highly repetitive XML compresses about 10 to 20 times; zeros a thousand times
ZIP_RATIO_FLOOR = 1024 * 1024  # small members may compress better without harm
ZIP_READ_CAP = 64 * 1024

CHUNK = 1024 * 1024
OVERLAP = 64
# In a text file, anything a browser could take for markup: a tag, a comment, a declaration.
TEXT_MARKUP = re.compile(rb"<\s*[a-zA-Z!?/]")
# In a PDF: actions that run code or open other files, whatever the case of the spelling or the
# #xx escapes in the name; and HTML a browser could be talked into rendering.
PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA)(?![A-Za-z])")
PDF_MARKUP = re.compile(rb"<\s*(?:html|script|iframe|body|!doctype|svg|object|embed)\b", re.IGNORECASE)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


def allowed_extensions_text():
    return ", ".join(sorted({ext for ext in ALLOWED if ext != "jpeg"}))


def _chunks(uploaded):
    """The whole file in chunks that overlap a little, so a pattern split over two is still found."""
    uploaded.seek(0)
    tail = b""
    while block := uploaded.read(CHUNK):
        yield tail + block
        tail = block[-OVERLAP:]


def _package(uploaded):
    """(member names, {name: first bytes}) of a sound zip package, or None for a bomb or a broken file."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS or sum(m.file_size for m in members) > ZIP_MAX_UNCOMPRESSED:
                return None
            for member in members:
                if member.file_size > ZIP_RATIO_FLOOR and member.file_size > ZIP_MAX_RATIO * max(
                    member.compress_size, 1
                ):
                    return None
            heads = {}
            for name in ("mimetype", "[Content_Types].xml"):
                if name in archive.NameToInfo:
                    with archive.open(name) as handle:
                        heads[name] = handle.read(ZIP_READ_CAP)
            return [m.filename for m in members], heads
    # A broken archive, an unsupported compression method (NotImplementedError) or an encrypted
    # member (RuntimeError) is no honest Office document either.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, NotImplementedError, RuntimeError):
        return None


def _pdf_is_passive(uploaded):
    for block in _chunks(uploaded):
        names = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), block)
        if PDF_ACTIVE.search(names) or PDF_MARKUP.search(block):
            return False
    return True


def _text_is_plain(uploaded):
    """Valid UTF-8 (or Latin-1 without control bytes), no NUL byte and no markup, in the whole file."""
    utf8 = True
    for block in _chunks(uploaded):
        if b"\x00" in block or TEXT_MARKUP.search(block):
            return False
    uploaded.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := uploaded.read(CHUNK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        utf8 = False
    if utf8:
        return True
    uploaded.seek(0)
    while block := uploaded.read(CHUNK):
        if any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in block.decode("latin-1")):
            return False
    return True


def _content_matches(ext, uploaded):
    uploaded.seek(0)
    head = uploaded.read(2048)
    if ext == "pdf":
        return head.startswith(b"%PDF-") and _pdf_is_passive(uploaded)
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in OOXML_DIR or ext in ("odt", "ods", "odp"):
        package = head.startswith(ZIP_MAGIC) and _package(uploaded)
        if not package:
            return False
        names, heads = package
        if ext in OOXML_DIR:
            return "[Content_Types].xml" in heads and any(n.startswith(OOXML_DIR[ext]) for n in names)
        return heads.get("mimetype", b"").strip().decode("ascii", "replace") == ALLOWED[ext]
    return _text_is_plain(uploaded)


def refuse_test_signature(uploaded):
    """The scanning hook's built-in check: the EICAR anti-virus test file, so the road a virus
    scanner's verdict takes (a refusal at the field) is exercised everywhere. A real scanner (ClamAV
    through its daemon) is added through ATTACHMENT_SCANNERS."""
    for block in _chunks(uploaded):
        if EICAR in block:
            raise ValidationError(_("Dit bestand werd als schadelijk herkend en is niet opgeladen."))


def _scan(uploaded):
    for path in settings.ATTACHMENT_SCANNERS:
        import_string(path)(uploaded)
        uploaded.seek(0)


def clean_filename(name):
    """The bare file name without path parts or control characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    return "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()


def safe_download_name(title, original_name):
    ext = PurePath(original_name).suffix.lower()
    if title.lower().endswith(ext):
        title = title[: -len(ext)]
    stem = slugify(title)[:80] or "bijlage"
    return f"{stem}{ext}"


def validate_attachment(uploaded):
    """Raise a ValidationError with a Dutch message unless the file is an allowed, honest document.

    Returns (clean original name, content type).
    """
    raw_name = uploaded.name or ""
    if any(unicodedata.category(c)[0] == "C" for c in raw_name) or "/" in raw_name or "\\" in raw_name:
        raise ValidationError(_("De bestandsnaam bevat ongeldige tekens. Geef het bestand een eenvoudige naam."))
    name = clean_filename(raw_name)
    ext = PurePath(name).suffix.lstrip(".").lower()
    if not name or not PurePath(name).stem:
        raise ValidationError(_("Het bestand heeft geen naam."))
    if ext not in ALLOWED:
        raise ValidationError(
            _("Bestanden van het type “%(ext)s” zijn niet toegelaten. Toegelaten: %(allowed)s.")
            % {"ext": ext or "?", "allowed": allowed_extensions_text()}
        )
    if uploaded.size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Het bestand is te groot (maximum %(max)s MB).") % {"max": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    if not _content_matches(ext, uploaded):
        raise ValidationError(
            _(
                "De inhoud van het bestand komt niet overeen met een .%(ext)s-bestand, of het bevat code "
                "(scripts, HTML, ingesloten bestanden) die hier niet toegelaten is."
            )
            % {"ext": ext}
        )
    _scan(uploaded)
    uploaded.seek(0)
    return name, ALLOWED[ext]


def checksum(uploaded):
    """The SHA-256 of a file's content, kept with its row: a restore is checked against what the database
    expects of every file (see vlaanderenhelpt.integrity)."""
    digest = hashlib.sha256()
    uploaded.seek(0)
    while block := uploaded.read(CHUNK):
        digest.update(block)
    uploaded.seek(0)
    return digest.hexdigest()


def make_upload(name, content):
    """A small in-memory upload, for the demo content and tests."""
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode("utf-8"))


def download_response(attachment):
    """A stored attachment (anything with file, title, original_name, content_type) as a download that
    a browser never renders: attachment disposition, a safe name, nosniff and a sandboxing CSP."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_download_name(attachment.title, attachment.original_name),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
