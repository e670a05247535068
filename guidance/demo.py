"""Demo guidance for a developer's machine, published through the services with historical dates."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from practices.models import Practice

from . import services
from .models import GuidanceDocument
from .services import SectionText as S

INTRO = S(
    "Inleiding",
    "De coronacrisis raakt elke gemeente. Deze handreiking bundelt informatie, aandachtspunten, tips en voorbeelden voor lokale besturen die het herstel willen trekken, samen met hun inwoners, ondernemers en verenigingen.",
    "inleiding",
)
QUALITY_1 = S(
    "Levenskwaliteit",
    "Zorg voor ontmoeting in open lucht: pleinen, parken en straten die tijdelijk autovrij worden. Denk aan mensen die alleen wonen.",
    "levenskwaliteit",
)
QUALITY_2 = S(
    "Levenskwaliteit",
    "Zorg voor ontmoeting in open lucht: pleinen, parken en straten die tijdelijk autovrij worden. Denk aan mensen die alleen wonen.\n\n**Tip:** bel alleenstaande ouderen actief op, met vrijwilligers en een vast draaiboek.",
    "levenskwaliteit",
)
ECONOMY_1 = S("Economie", "Ondersteun de lokale handel en horeca met premies en minder lasten.", "economie")
ECONOMY_2 = S(
    "Economie en lokale handel",
    "Ondersteun de lokale handel en horeca met premies, minder lasten en ruimte voor terrassen. Bevraag de ondernemers vóór u maatregelen kiest, en meet achteraf wat ze opleverden.",
    "economie",
)
SOLIDARITY = S(
    "Solidariteit",
    "Vrijwilligers willen helpen. Koppel vraag en aanbod per wijk en verzeker de vrijwilligers.",
    "solidariteit",
)
CARE_1 = S("Zorg & opvang", "Voorzie opvang voor kinderen van ouders in cruciale beroepen.", "zorg-en-opvang")
CARE_3 = S(
    "Zorg & opvang",
    "Voorzie opvang voor kinderen van ouders in cruciale beroepen, en een plan voor thuiswonende ouderen die besmet raken en niet alleen kunnen blijven.",
    "zorg-en-opvang",
)

HERSTEL = {
    "title": "Lokale besturen als motor van post-corona herstel",
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
    "links": {
        "levenskwaliteit": ["Buurtbellers tegen eenzaamheid", "Cultuur in je straat"],
        "economie": [
            "Relancepremie voor handelaars die zich digitaal versterken",
            "Terrasuitbreiding zonder retributie voor horeca",
        ],
        "solidariteit": ["Boodschappendienst door vrijwilligers voor risicogroepen"],
        "zorg-en-opvang": [
            "Coronazorgcentrum voor thuiswonende ouderen",
            "Gratis kinderopvang voor ouders in cruciale beroepen",
        ],
    },
}
GATHERINGS = {
    "title": "Veilig samenkomen: sensibiliseren en handhaven",
    "summary": "Hoe gemeenten mensen de veiligheidsmaatregelen lieten naleven: eerst overtuigen, dan handhaven.",
    "versions": [
        (
            datetime.date(2020, 7, 1),
            True,
            "Eerste versie.",
            [
                S(
                    "Sensibiliseren",
                    "Laat inwoners zelf uitleggen waarom ze de maatregelen volgen. Gebruik pictogrammen en meerdere talen.",
                    "sensibiliseren",
                ),
                S(
                    "Handhaven",
                    "Werk met een gekende lijn: eerst aanspreken, dan waarschuwen, pas daarna sanctioneren.",
                    "handhaven",
                ),
            ],
        ),
    ],
    "links": {
        "sensibiliseren": ["Sensibiliseringscampagne “Samen houden we het vol”"],
        "handhaven": ["Handhaving van de afstandsregels op markten"],
    },
}


@transaction.atomic
def load_guidance_demo():
    if not settings.DEMO_CONTENT:
        raise services.GuidanceError("Demo-inhoud wordt alleen geladen met DJANGO_DEBUG=true.")
    editor = get_user_model().objects.get(email="redactie@vlaanderenhelpt.be")
    created = 0
    for spec in (HERSTEL, GATHERINGS):
        if GuidanceDocument.objects.filter(title=spec["title"]).exists():
            continue
        first_sections = spec["versions"][0][3]
        document = services.create_document(
            editor=editor, title=spec["title"], summary=spec["summary"], sections=first_sections
        )
        draft = document.versions.get()
        for index, (date, major, note, sections) in enumerate(spec["versions"]):
            if index:
                draft = services.start_draft(document=document, editor=editor)
                services.save_sections(draft=draft, editor=editor, sections=sections)
            for section in draft.sections.all():
                section.practices.set(
                    Practice.objects.published().filter(title__in=spec["links"].get(section.anchor, []))
                )
            at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))
            services.publish(draft=draft, editor=editor, change_note=note, is_major=major, at=at)
        created += 1
    return created
