import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practices import services
from practices.attachments import safe_download_name, validate_attachment
from practices.demo_files import build
from practices.models import Attachment
from tests.conftest import PDF_BYTES


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
