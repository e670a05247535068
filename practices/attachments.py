"""Attachment checks: the extension must be allowed and the content must be what it claims to be."""

import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# extension -> (content type, check on the first bytes / the whole file)
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
MARKUP = re.compile(rb"<\s*(html|script|svg|iframe|body|!doctype|\?xml)", re.IGNORECASE)


def allowed_extensions_text():
    return ", ".join(sorted({ext for ext in ALLOWED if ext != "jpeg"}))


def _zip_names(uploaded):
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
            return names, mimetype
    except (zipfile.BadZipFile, KeyError, OSError):
        return [], b""


def _content_matches(ext, uploaded):
    uploaded.seek(0)
    head = uploaded.read(2048)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in OOXML_DIR:
        if not head.startswith(ZIP_MAGIC):
            return False
        names, _mimetype = _zip_names(uploaded)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML_DIR[ext]) for n in names)
    if ext in ("odt", "ods", "odp"):
        if not head.startswith(ZIP_MAGIC):
            return False
        _names, mimetype = _zip_names(uploaded)
        return mimetype.decode("ascii", "replace") == ALLOWED[ext]
    # Text: valid UTF-8 (or Latin-1 without control bytes), no NUL byte, and no markup that a
    # browser could be talked into running.
    uploaded.seek(0)
    data = uploaded.read()
    if b"\x00" in data or MARKUP.search(data[:65536]):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return not any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in text)
    return True


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
        raise ValidationError(_("De inhoud van het bestand komt niet overeen met een .%(ext)s-bestand.") % {"ext": ext})
    uploaded.seek(0)
    return name, ALLOWED[ext]


def make_upload(name, content):
    """A small in-memory upload, for the demo content and tests."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode("utf-8"))


def download_response(attachment):
    """A stored attachment (anything with file, title, original_name, content_type) as a download that
    a browser never renders: attachment disposition, a safe name, nosniff and a sandboxing CSP."""
    from django.http import FileResponse, Http404

    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=safe_download_name(attachment.title, attachment.original_name),
        content_type=attachment.content_type,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
