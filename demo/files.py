"""Real, openable attachment files for the demo content, built from text at load time."""

import io
import zipfile
from xml.sax.saxutils import escape


def pdf(title, lines):
    """A one-page PDF with a title and lines of text (Helvetica, Latin-1)."""

    def text(value):
        return value.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    stream = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf 0 -28 Td 15 TL"
    for line in lines:
        stream += b" (" + text(line) + b") '"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx(title, paragraphs):
    """A minimal Word document (Office Open XML)."""
    body = "".join(
        f'<w:p><w:r>{"<w:rPr><w:b/></w:rPr>" if i == 0 else ""}<w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>'
        for i, p in enumerate([title, *paragraphs])
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


FILES = {
    "bestekmodel-mondmaskers.pdf": (
        "Bestekmodel: aankoop van herbruikbare mondmaskers",
        lambda title: pdf(
            title,
            [
                "1. Voorwerp: levering van herbruikbare stoffen mondmaskers voor alle inwoners.",
                "2. Procedure: onderhandelingsprocedure zonder voorafgaande bekendmaking (dwingende spoed).",
                "3. Technische eisen: drie lagen, wasbaar op 60 graden, minstens 20 wasbeurten,",
                "   getest volgens de geldende NBN-specificatie; maten voor volwassenen en kinderen.",
                "4. Gunningscriteria: prijs (40), levertermijn (30), kwaliteit en testrapport (30).",
                "5. Levering: in dozen van 50 stuks, binnen 15 kalenderdagen na de bestelling.",
                "6. Boete bij laattijdige levering: 0,5 % van het bestelbedrag per kalenderdag.",
                "7. Bij de offerte: een staal van elk model en een testrapport.",
            ],
        ),
    ),
    "bestekmodel-mondmaskers-v2.pdf": (
        "Bestekmodel: aankoop van herbruikbare mondmaskers",
        lambda title: pdf(
            title,
            [
                "1. Voorwerp: levering van herbruikbare stoffen mondmaskers voor alle inwoners.",
                "2. Procedure: onderhandelingsprocedure zonder voorafgaande bekendmaking (dwingende spoed).",
                "3. Technische eisen: drie lagen, wasbaar op 60 graden, minstens 30 wasbeurten,",
                "   getest volgens NBN/DTD S65-001:2020; maten voor volwassenen en kinderen.",
                "4. Gunningscriteria: prijs (40), levertermijn (30), kwaliteit en testrapport (30).",
                "5. Levering: in dozen van 50 stuks, binnen 15 kalenderdagen na de bestelling.",
                "6. Boete bij laattijdige levering: 0,3 % van het bestelbedrag per kalenderdag, hoogstens 10 %.",
                "7. Bij de offerte: een staal van elk model en een testrapport van een erkend labo.",
            ],
        ),
    ),
    "raamovereenkomst-beschermingsmateriaal.pdf": (
        "Raamovereenkomst beschermingsmateriaal",
        lambda title: pdf(
            title,
            [
                "Perceel 1: handgel (minstens 70 % alcohol).",
                "Perceel 2: wegwerphandschoenen (nitril, maten S tot XL).",
                "Perceel 3: schorten (wegwerp, vloeistofdicht).",
                "Perceel 4: chirurgische mondmaskers (type IIR).",
                "Afnemers: gemeente, OCMW en woonzorgcentra.",
                "Prijsherziening: elk kwartaal, op basis van de marktprijs.",
            ],
        ),
    ),
    "aanvraagformulier-premie.docx": (
        "Aanvraagformulier relancepremie digitalisering",
        lambda title: docx(
            title,
            [
                "Naam van de zaak:",
                "Ondernemingsnummer:",
                "Wat hebt u aangekocht (webwinkel, klik-en-haal, betaalterminal)?",
                "Bedrag van de factuur (excl. btw):",
                "Voeg een kopie van de factuur toe.",
                "Handtekening en datum:",
            ],
        ),
    ),
    "relanceplan-overzicht.csv": (
        "Overzicht van de maatregelen en budgetten",
        lambda title: (
            b"spoor;maatregel;budget_euro;trekker\n"
            b"ondernemen;relancepremie handel;4000000;economie\n"
            b"ondernemen;terrassen zonder retributie;2500000;openbaar domein\n"
            b"cultuur;cultuurcheques;1500000;cultuur\n"
            b"verenigingen;noodfonds verenigingen;3000000;sport en jeugd\n"
            b"sociaal;voedselhulp en sociale kruidenier;2000000;OCMW\n"
        ),
    ),
    "vrijwilligerscharter.txt": (
        "Charter voor vrijwilligers van de boodschappendienst",
        lambda title: (
            f"{title}\n\n"
            "1. Ik bel aan, zet de boodschappen aan de deur en houd anderhalve meter afstand.\n"
            "2. Ik neem geen contant geld aan.\n"
            "3. Ik meld zorgen over een bewoner aan de buurtwerker.\n"
            "4. Ik ga discreet om met wat ik zie en hoor.\n"
        ).encode(),
    ),
    "draaiboek-zomerkampen.txt": (
        "Draaiboek zomerkampen in bubbels",
        lambda title: (
            f"{title}\n\n- Vaste bubbels van maximaal 50 kinderen.\n- Handen wassen bij aankomst en voor elke maaltijd.\n"
            "- Een kind met koorts gaat naar huis; de ouders contacteren de huisarts.\n"
        ).encode(),
    ),
    "checklist-evenementen.txt": (
        "Checklist voor organisatoren van evenementen",
        lambda title: (
            f"{title}\n\n[ ] circulatieplan\n[ ] registratie van bezoekers\n[ ] sanitair en handgel\n"
            "[ ] aanspreekpunt tijdens het evenement\n"
        ).encode(),
    ),
}


def build(name):
    """(title, bytes) of one demo file."""
    title, make = FILES[name]
    return title, make(title)
