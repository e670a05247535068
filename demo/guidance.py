"""Demo guidance for a developer's machine, published through the services with historical dates."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from guidance import services
from guidance.models import GuidanceDocument
from guidance.services import SectionText as S
from practices.models import Practice, Theme
from vlaanderenhelpt.attachments import make_upload

from .practices import DemoRefused

INTRO = S(
    "Inleiding",
    "De coronacrisis raakt elke gemeente, maar niet elke gemeente op dezelfde manier. Lokale besturen staan "
    "dicht bij hun inwoners, ondernemers en verenigingen en kunnen het herstel daarom mee trekken.\n\n"
    "Deze handreiking ondersteunt lokale besturen in de exit- en relancefase. Ze bundelt informatie, "
    "aandachtspunten, tips en voorbeelden over vier domeinen: levenskwaliteit, economie, solidariteit en "
    "zorg & opvang. Het is een levend document: we werken het bij op basis van wat lokale besturen en "
    "middenveldorganisaties ons laten weten.",
    "inleiding",
)
QUALITY_1 = S(
    "Levenskwaliteit",
    "Na weken binnen zitten hebben mensen nood aan ruimte en ontmoeting, op een veilige afstand.\n\n"
    "- Maak pleinen, parken en straten tijdelijk autovrij, zodat wandelaars en fietsers afstand kunnen houden.\n"
    "- Verspreid activiteiten over de hele gemeente in plaats van één grote bijeenkomst te organiseren.\n"
    "- Denk aan wie alleen woont: eenzaamheid is tijdens de crisis sterk toegenomen.",
    "levenskwaliteit",
)
QUALITY_2 = S(
    "Levenskwaliteit",
    QUALITY_1.body + "\n\n**Tip:** bel alleenstaande ouderen actief op, met vrijwilligers, een vaste belronde "
    "en een draaiboek voor wie hulp nodig heeft. Een model van zo'n draaiboek vindt u bij de sjablonen "
    "onderaan.",
    "levenskwaliteit",
)
ECONOMY_1 = S(
    "Economie",
    "Handelaars en horeca kregen de zwaarste klappen. Lokale besturen kunnen de heropstart ondersteunen met "
    "premies, waardebonnen en een tijdelijke vermindering van belastingen en retributies.",
    "economie",
)
ECONOMY_2 = S(
    "Economie en lokale handel",
    "Handelaars en horeca kregen de zwaarste klappen. Lokale besturen kunnen de heropstart ondersteunen met "
    "premies, waardebonnen, minder lasten en extra ruimte voor terrassen.\n\n"
    "**Aandachtspunten**\n\n"
    "- Bevraag de ondernemers vóór u maatregelen kiest: wat hebben zij echt nodig?\n"
    "- Werk samen met de lokale handelaarsvereniging en de buurgemeenten, zodat klanten niet gewoon "
    "verschuiven.\n"
    "- Meet achteraf wat de maatregelen opleverden en deel dat met andere besturen.",
    "economie",
)
SOLIDARITY = S(
    "Solidariteit",
    "Veel inwoners willen helpen. Geef die bereidheid een plaats: koppel vraag en aanbod per wijk, bijvoorbeeld "
    "voor boodschappen of een dagelijks telefoontje, en werk samen met het OCMW en de lokale verenigingen.\n\n"
    "Zorg dat vrijwilligers verzekerd zijn en weten bij wie ze terechtkunnen met vragen of zorgen.",
    "solidariteit",
)
CARE_1 = S(
    "Zorg & opvang",
    "Voorzie opvang voor kinderen van ouders in cruciale beroepen, in overleg met de scholen en de "
    "kinderopvang. Hou de groepen klein en vast.",
    "zorg-en-opvang",
)
CARE_3 = S(
    "Zorg & opvang",
    CARE_1.body + "\n\nMaak ook een plan voor thuiswonende ouderen die besmet raken en niet alleen kunnen "
    "blijven: een tijdelijk zorgcentrum, afspraken met de huisartsen en de thuiszorg, en vervoer dat veilig "
    "is voor de patiënt en de chauffeur.",
    "zorg-en-opvang",
)

HERSTEL = {
    "title": "Lokale besturen als motor van post-corona herstel",
    "themes": ["levenskwaliteit", "economie", "solidariteit", "zorg-en-opvang"],
    "summary": "Informatie, aandachtspunten, tips en voorbeelden over levenskwaliteit, economie, solidariteit en zorg & opvang.",
    "versions": [
        (datetime.date(2020, 5, 12), True, "Eerste versie.", [INTRO, QUALITY_1, ECONOMY_1, SOLIDARITY, CARE_1]),
        (
            datetime.date(2020, 5, 26),
            True,
            "Aangevuld na input van lokale besturen en middenveldorganisaties: het deel over economie is herschreven en kreeg een nieuwe titel; tips over eenzaamheid bij levenskwaliteit.",
            [INTRO, QUALITY_2, ECONOMY_2, SOLIDARITY, CARE_1],
        ),
        (
            datetime.date(2020, 6, 8),
            False,
            "Zorg & opvang aangevuld met opvang voor thuiswonende ouderen; solidariteit staat nu vóór economie.",
            [INTRO, QUALITY_2, SOLIDARITY, ECONOMY_2, CARE_3],
        ),
    ],
    # anchor -> [(practice title, first version that cites it)]
    "links": {
        "levenskwaliteit": [("Buurtbellers tegen eenzaamheid", 1), ("Cultuur in je straat", 2)],
        "economie": [
            ("Relancepremie voor handelaars die zich digitaal versterken", 1),
            ("Terrasuitbreiding zonder retributie voor horeca", 2),
        ],
        "solidariteit": [("Boodschappendienst door vrijwilligers voor risicogroepen", 1)],
        "zorg-en-opvang": [
            ("Gratis kinderopvang voor ouders in cruciale beroepen", 1),
            ("Coronazorgcentrum voor thuiswonende ouderen", 3),
        ],
    },
    # Suggestions from the field: (sent on, anchor, organisation type, organisation, name, e-mail, text, fate)
    # fate: a version number that took it in, or "declined", "in_progress", "new", "unconfirmed".
    "suggestions": [
        (
            datetime.date(2020, 5, 14),
            "levenskwaliteit",
            "middenveld",
            "Vereniging van vrijwilligers in de ouderenzorg",
            "Mieke Claes",
            "mieke.claes@example.org",
            "Veel alleenstaande ouderen zien tijdens de lockdown niemand. Kunnen jullie tips geven om hen actief op te bellen? Bij ons werkt een vaste belronde met vrijwilligers goed.",
            2,
        ),
        (
            datetime.date(2020, 5, 18),
            "economie",
            "lokaal_bestuur",
            "Gemeente Zottegem",
            "Pieter De Smet",
            "pieter.desmet@example.org",
            "Het deel over economie gaat alleen over premies. Wij leerden dat je de ondernemers eerst moet bevragen, en achteraf moet meten wat de maatregelen opleverden.",
            2,
        ),
        (
            datetime.date(2020, 5, 29),
            "zorg-en-opvang",
            "middenveld",
            "Netwerk thuiszorg",
            "Sara Peeters",
            "sara.peeters@example.org",
            "Wat met thuiswonende ouderen die besmet raken en niet alleen kunnen blijven? Daar staat nog niets over in de handreiking.",
            3,
        ),
        (
            datetime.date(2020, 6, 2),
            "",
            "burger",
            "",
            "Jan Willems",
            "jan.willems@example.org",
            "Kan de handreiking ook als één document in eenvoudige taal verschijnen, voor vrijwilligers die geen ambtenaar zijn?",
            "declined",
        ),
        (
            datetime.date(2020, 6, 20),
            "solidariteit",
            "lokaal_bestuur",
            "OCMW Lier",
            "An Wouters",
            "an.wouters@example.org",
            "Vermeld ook hoe je vrijwilligers verzekert: veel kleine gemeenten weten niet dat de provincie een gratis polis aanbiedt.",
            "in_progress",
        ),
        (
            datetime.date(2020, 6, 24),
            "economie",
            "middenveld",
            "Unie van zelfstandige ondernemers, afdeling Limburg",
            "Koen Jacobs",
            "koen.jacobs@example.org",
            "Voeg een voorbeeld toe van een gemeente die de markt opnieuw opende met een eenrichtingsparcours.",
            "new",
        ),
        (
            datetime.date(2020, 6, 25),
            "",
            "andere",
            "",
            "Lotte Maes",
            "lotte.maes@example.org",
            "Een lijst met contactpersonen per provincie zou handig zijn.",
            "unconfirmed",
        ),
    ],
    "attachments": [("Model: draaiboek belronde voor alleenstaande ouderen.txt", 2)],
}
GATHERINGS_INTRO = S(
    "Inleiding",
    "Maatregelen werken pas als mensen ze begrijpen en willen volgen. Na enkele incidenten met (nachtelijke) "
    "feestjes en samenscholingen zochten veel gemeenten naar de juiste mix van overtuigen en optreden. Deze "
    "handreiking zet op een rij wat werkte.",
    "inleiding",
)
SENSITISE = S(
    "Sensibiliseren",
    "Leg uit waarom een maatregel er is, niet alleen wat er verboden is.\n\n"
    "- Gebruik pictogrammen en eenvoudige taal, en vertaal de belangrijkste boodschappen.\n"
    "- Laat inwoners zelf aan het woord: een bekende handelaar of jeugdwerker overtuigt beter dan een "
    "affiche van de gemeente.\n"
    "- Zet straathoekwerkers en jeugdwerkers in waar jongeren samenkomen.",
    "sensibiliseren",
)
ENFORCE_1 = S(
    "Handhaven",
    "Werk met een gekende lijn: eerst aanspreken, dan waarschuwen, pas daarna sanctioneren. Spreek die lijn "
    "af met de politiezone en communiceer ze vooraf, zodat niemand verrast wordt.",
    "handhaven",
)
ENFORCE_2 = S(
    "Handhaven",
    ENFORCE_1.body + "\n\nBij nachtelijke feestjes in parken en op pleinen helpt een vaste ronde van "
    "gemeenschapswachten en politie op vrijdag- en zaterdagavond, met een duidelijke afspraak over wie "
    "de buurtbewoners informeert.",
    "handhaven",
)

GATHERINGS = {
    "title": "Veilig samenkomen: sensibiliseren en handhaven",
    "themes": ["veiligheid-en-handhaving"],
    "summary": "Hoe gemeenten mensen de veiligheidsmaatregelen lieten naleven: eerst overtuigen, dan handhaven.",
    "versions": [
        (datetime.date(2020, 7, 1), True, "Eerste versie.", [GATHERINGS_INTRO, SENSITISE, ENFORCE_1]),
        (
            datetime.date(2020, 7, 29),
            False,
            "Handhaven aangevuld met een aanpak voor nachtelijke feestjes in parken en op pleinen.",
            [GATHERINGS_INTRO, SENSITISE, ENFORCE_2],
        ),
    ],
    "links": {
        "sensibiliseren": [("Sensibiliseringscampagne “Samen houden we het vol”", 1)],
        "handhaven": [("Handhaving van de afstandsregels op markten", 1)],
    },
    "suggestions": [],
    "attachments": [],
}

BELRONDE = """Draaiboek belronde voor alleenstaande ouderen

1. Vraag bij het OCMW en de thuiszorg een lijst op van alleenwonende 75-plussers.
2. Verdeel de lijst over vrijwilligers: hoogstens 15 namen per persoon.
3. Bel elke week op een vast moment. Vraag naar boodschappen, medicatie en contact met familie.
4. Noteer wie hulp nodig heeft en geef dat dezelfde dag door aan het sociaal huis.
5. Bel wie niet opneemt de volgende dag opnieuw; neem na twee pogingen contact op met de buren of de huisarts.
"""


def _at(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def _send(document, spec):
    date, anchor, kind, organisation, name, email, text, _fate = spec
    suggestion = services.send_suggestion(
        document=document,
        anchor=anchor,
        text=text,
        organisation_type=kind,
        organisation=organisation,
        name=name,
        email=email,
        at=_at(date),
    )
    if _fate != "unconfirmed":
        services.confirm_suggestion(token=suggestion.confirmation_token, at=_at(date))
    return suggestion


@transaction.atomic
def load_guidance_demo():
    if not settings.DEMO_CONTENT:
        raise DemoRefused("Demo-inhoud wordt alleen geladen met DJANGO_DEBUG=true.")
    editor = get_user_model().objects.get(email="redactie@vlaanderenhelpt.be")
    created = 0
    for spec in (HERSTEL, GATHERINGS):
        if GuidanceDocument.objects.filter(title=spec["title"]).exists():
            continue
        first_sections = spec["versions"][0][3]
        document = services.create_document(
            editor=editor,
            title=spec["title"],
            summary=spec["summary"],
            sections=first_sections,
            themes=Theme.objects.filter(slug__in=spec["themes"]),
        )
        draft = document.versions.get()
        sent = []
        for number, (date, major, note, sections) in enumerate(spec["versions"], start=1):
            if number > 1:
                draft = services.start_draft(document=document, editor=editor)
                services.save_sections(draft=draft, editor=editor, sections=sections)
            for anchor, links in spec["links"].items():
                titles = [title for title, since in links if since <= number]
                if titles and draft.sections.filter(anchor=anchor).exists():
                    services.cite_practices(
                        draft=draft,
                        editor=editor,
                        anchor=anchor,
                        practices=Practice.objects.published().filter(title__in=titles),
                    )
            for name, since in spec["attachments"]:
                if since == number:
                    services.add_attachment(
                        draft=draft, editor=editor, uploaded=make_upload(name, BELRONDE), title=name.rsplit(".", 1)[0]
                    )
            taken_in = [s for s, fate in sent if fate == number]
            services.publish(
                draft=draft, editor=editor, change_note=note, is_major=major, at=_at(date), suggestions=taken_in
            )
            following = spec["versions"][number][0] if number < len(spec["versions"]) else None
            for suggestion in spec["suggestions"]:
                if suggestion[0] >= date and (following is None or suggestion[0] < following):
                    sent.append((_send(document, suggestion), suggestion[-1]))
        for suggestion, fate in sent:
            if fate == "in_progress":
                services.take_suggestion(suggestion=suggestion, editor=editor)
            elif fate == "declined":
                services.decline_suggestion(
                    suggestion=suggestion,
                    editor=editor,
                    reason="Een versie in eenvoudige taal is een goed idee, maar valt buiten deze handreiking. We geven de vraag door aan het team dat de burgerinformatie maakt.",
                )
        created += 1
    _review_and_schedule(editor)
    return created


def _review_and_schedule(editor):
    """The "herstel" handreiking is overdue for review; the other has a draft planned for next week."""
    herstel = GuidanceDocument.objects.get(title=HERSTEL["title"])
    if herstel.review_before is None:
        services.set_review_before(document=herstel, editor=editor, review_before=datetime.date(2021, 1, 31))
    gatherings = GuidanceDocument.objects.get(title=GATHERINGS["title"])
    if not gatherings.versions.drafts().exists():
        draft = services.start_draft(document=gatherings, editor=editor)
        moment = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=7)
        services.schedule(
            draft=draft,
            editor=editor,
            publish_at=moment,
            is_major=False,
            change_note="Contactgegevens van de provinciale aanspreekpunten bijgewerkt.",
        )
