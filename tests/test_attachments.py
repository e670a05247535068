"""Attachments: what is accepted, what is refused, and how a file is served."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.files import build
from practices import services
from practices.models import Attachment
from tests.conftest import PDF_BYTES
from vlaanderenhelpt.attachments import safe_download_name, validate_attachment


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_a_real_pdf_is_accepted():
    assert validate_attachment(upload("bestek.pdf", PDF_BYTES)) == ("bestek.pdf", "application/pdf")


def test_a_real_docx_is_accepted():
    _title, data = build("aanvraagformulier-premie.docx")
    _name, content_type = validate_attachment(upload("formulier.docx", data))
    assert content_type.endswith("wordprocessingml.document")


def test_an_odt_needs_the_right_mimetype_entry():
    def odt(mimetype):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("mimetype", mimetype)
            archive.writestr("content.xml", "<x/>")
        return out.getvalue()

    assert validate_attachment(upload("tekst.odt", odt("application/vnd.oasis.opendocument.text")))
    with pytest.raises(ValidationError, match="komt niet overeen"):
        validate_attachment(upload("tekst.odt", odt("application/zip")))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bestek.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode", "komt niet overeen"),
        ("formulier.docx", b"MZ\x90\x00\x03 renamed executable", "komt niet overeen"),
        ("foto.png", b"\x7fELF\x02\x01\x01", "komt niet overeen"),
        ("lijst.txt", b"<html><script>alert(1)</script></html>", "komt niet overeen"),
        ("lijst.csv", b"naam;waarde\n<svg onload=alert(1)>", "komt niet overeen"),
        ("binair.txt", b"abc\x00def", "komt niet overeen"),
        ("virus.exe", b"MZ\x90\x00", "niet toegelaten"),
        ("pagina.html", b"<html></html>", "niet toegelaten"),
        ("zonder-extensie", b"tekst", "niet toegelaten"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_disguised_or_unwanted_files_are_refused_in_dutch(name, data, message):
    with pytest.raises(ValidationError, match=message):
        validate_attachment(upload(name, data))


def test_a_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="te groot"):
        validate_attachment(upload("groot.pdf", PDF_BYTES + b"0" * 2048))


@pytest.mark.parametrize("name", ["map\\bestand.txt", "regel\nbreuk.txt", "nul\x00.txt", "tab\tje.txt"])
def test_names_with_backslashes_or_control_characters_are_refused(name):
    uploaded = upload("x.txt", b"gewone tekst")
    uploaded.name = name
    with pytest.raises(ValidationError, match="ongeldige tekens"):
        validate_attachment(uploaded)


def test_path_parts_never_reach_the_stored_name():
    uploaded = upload("x.txt", b"gewone tekst")
    uploaded.name = "../../etc/passwd.txt"  # Django keeps only the last part, as its upload parser does
    assert validate_attachment(uploaded)[0] == "passwd.txt"


def test_stored_files_get_a_generated_name_and_a_refused_file_stores_nothing(make_practice, official_a):
    practice = make_practice(stage="draft")
    attachment = services.add_attachment(
        practice=practice, author=official_a, uploaded=upload("Mijn bestek (v2).pdf", PDF_BYTES), title="Bestek"
    )
    assert attachment.original_name == "Mijn bestek (v2).pdf"
    assert "Mijn" not in attachment.file.name
    assert attachment.file.name.startswith("bijlagen/") and attachment.file.name.endswith(".pdf")

    with pytest.raises(ValidationError):
        services.add_attachment(practice=practice, author=official_a, uploaded=upload("x.pdf", b"MZ"), title="x")
    assert Attachment.objects.count() == 1


def test_download_names_are_safe():
    assert safe_download_name('Bestek "mondmaskers" <2020>', "origineel.PDF") == "bestek-mondmaskers-2020.pdf"
    assert safe_download_name("", "x.docx") == "bijlage.docx"


def _zip_with(members, *, big=None, big_size=0):
    """A zip package; `big` names a member of `big_size` zero bytes, written in chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if big:
            with archive.open(big, "w", force_zip64=True) as handle:
                block = bytes(1024 * 1024)
                for _ in range(big_size // len(block)):
                    handle.write(block)
    return out.getvalue()


DOCX_MEMBERS = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
EICAR_TEXT = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("polyglot.pdf", b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"),
        (
            "actie.pdf",
            PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        ),
        ("verstopt.pdf", PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript >>")),
        (
            "start.pdf",
            PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >>"),
        ),
        ("bijlage.pdf", PDF_BYTES.replace(b"/Type /Catalog", b"/Type /Catalog /Names << /EmbeddedFiles 2 0 R >>")),
        ("html-ervoor.pdf", b"<html><script>alert(1)</script></html>\n" + PDF_BYTES),
        ("lijst.txt", b"Beste,\n<img src=x onerror=alert(1)>\n"),
        ("lang.txt", b"regel zonder code\n" * 5000 + b"<script>alert(1)</script>"),
        ("commentaar.txt", b"tekst <!-- verborgen --> tekst"),
        ("eicar.csv", EICAR_TEXT),
        ("eicar-verderop.csv", b"naam;waarde\n" * 100_000 + EICAR_TEXT),
    ],
)
def test_active_or_malicious_content_is_refused(name, data):
    assert len(data) > 64 * 1024 or not name.startswith("lang")
    with pytest.raises(ValidationError):
        validate_attachment(upload(name, data))


def test_a_docx_zip_bomb_is_refused_from_its_declared_sizes():
    bomb = _zip_with(DOCX_MEMBERS, big="word/media/zeros.bin", big_size=200 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError, match="komt niet overeen"):
        validate_attachment(upload("bom.docx", bomb))


def test_a_highly_compressed_member_is_refused_even_under_the_total():
    bomb = _zip_with(DOCX_MEMBERS, big="word/media/zeros.bin", big_size=40 * 1024 * 1024)
    with pytest.raises(ValidationError):
        validate_attachment(upload("bom.docx", bomb))


def test_an_odt_bomb_is_refused_within_a_small_memory_budget():
    import tracemalloc

    bomb = _zip_with({}, big="mimetype", big_size=600 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            validate_attachment(upload("bom.odt", bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024 - len(bomb)


def test_a_large_mimetype_member_is_never_inflated():
    """The old validator inflated the whole "mimetype" member in memory to read a few dozen bytes."""
    import tracemalloc

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + bytes(20 * 1024 * 1024))
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            validate_attachment(upload("tekst.odt", out.getvalue()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_scanner_hook_can_refuse_a_file(settings):
    settings.ATTACHMENT_SCANNERS = ["tests.test_attachments.refuse_everything"]
    with pytest.raises(ValidationError, match="scanner zegt nee"):
        validate_attachment(upload("bestek.pdf", PDF_BYTES))


def refuse_everything(uploaded):
    raise ValidationError("scanner zegt nee")
