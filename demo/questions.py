"""Demo questions to ABB in every state, a desk that answers them, and two published clarifications
linked to the relance guidance, all made through the services."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import EDITORS_GROUP, LocalGovernment
from guidance.models import GuidanceDocument
from practices.models import MeasurePeriod
from questions import publishing, services
from questions.models import DESK_GROUP, CannedAnswer, Question, QuestionTheme
from questions.publishing import Draft, RuleText

from .practices import DEMO_PASSWORD

DESK_USERS = [
    ("vragendesk@vlaanderenhelpt.be", "Vera Vragendesk", "Medewerker vragendesk ABB"),
    ("vragendesk2@vlaanderenhelpt.be", "Victor Vragendesk", "Jurist ABB"),
]
HERSTEL = "Lokale besturen als motor van post-corona herstel"
FYSIEK = "Vanaf 1 juli vergadert de raad weer fysiek, tenzij de raad zelf digitaal vergaderen toelaat in zijn huishoudelijk reglement."

# (asker, government, theme, title, text, days ago, what happened: new, assigned, waiting, answered, closed)
QUESTIONS = [
    (
        "ambtenaar@gent.be",
        "Gent",
        "digitaal-vergaderen",
        "Mag de gemeenteraad na 30 juni nog digitaal vergaderen?",
        "Onze gemeenteraad vergadert sinds maart digitaal. Het besluit van de Vlaamse Regering loopt af op 30 juni. "
        "Mogen we daarna blijven vergaderen zoals nu?",
        40,
        "answered",
    ),
    (
        "ambtenaar@leuven.be",
        "Leuven",
        "digitaal-vergaderen",
        "Digitale gemeenteraad na de zomer",
        "Kan de raad na de zomer digitaal blijven vergaderen, of moeten we terug naar de raadzaal?",
        38,
        "answered",
    ),
    (
        "ambtenaar@kortrijk.be",
        "Kortrijk",
        "fiscale-verlichting",
        "Mogen we de terrasbelasting voor 2020 kwijtschelden?",
        "De horeca vraagt ons de belasting op terrassen voor 2020 niet te innen. Kan de raad dat beslissen, en "
        "wat met wie al betaalde?",
        30,
        "closed",
    ),
    (
        "ambtenaar@leuven.be",
        "Tienen",
        "fiscale-verlichting",
        "Kwijtschelding van de terrasbelasting",
        "Mogen wij de terrasbelasting voor heel 2020 kwijtschelden?",
        29,
        "closed",
    ),
    (
        "ambtenaar@gent.be",
        "Gent",
        "telewerk-en-ouderschapsverlof",
        "Geldt het corona-ouderschapsverlof ook voor contractuelen?",
        "Een contractuele medewerker vraagt corona-ouderschapsverlof. Geldt dat ook voor haar?",
        9,
        "waiting",
    ),
    (
        "ambtenaar@kortrijk.be",
        "Kortrijk",
        "projectsubsidies",
        "Telt een digitale activiteit voor de projectsubsidie?",
        "Een vereniging organiseerde haar activiteit online. Telt die voor de subsidie?",
        12,
        "assigned",
    ),
    (
        "ambtenaar@leuven.be",
        "Leuven",
        "overheidsopdrachten",
        "Mogen we mondmaskers aankopen via een onderhandelingsprocedure?",
        "We hebben dringend mondmaskers nodig. Mogen we zonder voorafgaande bekendmaking onderhandelen?",
        2,
        "new",
    ),
    (
        "ambtenaar@gent.be",
        "Gent",
        "raad-en-commissies",
        "Hoe tellen we het quorum bij een hybride vergadering?",
        "Sommige raadsleden zijn aanwezig, anderen nemen digitaal deel. Hoe tellen we het quorum?",
        0,
        "new",
    ),
]


def _desk():
    User = get_user_model()
    desk_group = Group.objects.get(name=DESK_GROUP)
    members = []
    for email, name, function in DESK_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name, "function": function})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(desk_group)
        members.append(user)
    # The editors answer questions too: they publish what the desk learns.
    for editor in User.objects.filter(groups__name=EDITORS_GROUP):
        editor.groups.add(desk_group)
    return members


def _questions(desk, colleague):
    User = get_user_model()
    made = []
    for email, government, theme, title, text, days, fate in QUESTIONS:
        asked_at = timezone.now() - datetime.timedelta(days=days, hours=3)
        question = services.ask(
            official=User.objects.get(email=email),
            local_government=LocalGovernment.objects.active().get(name=government),
            theme=QuestionTheme.objects.get(slug=theme),
            title=title,
            text=text,
            at=asked_at,
        )
        if fate != "new":
            services.assign(question=question, actor=desk, handler=colleague if fate == "assigned" else desk)
            services.add_note(question=question, author=desk, text="Nagaan of het decreet hier iets over zegt.")
        if fate == "waiting":
            services.ask_for_more(
                question=question, actor=desk, text="Is ze statutair of contractueel, en sinds wanneer?"
            )
        if fate in ("answered", "closed"):
            answer = (
                FYSIEK
                if theme == "digitaal-vergaderen"
                else (
                    "Ja. De gemeenteraad kan een belasting voor een aanslagjaar niet met terugwerkende kracht "
                    "opheffen, maar kan wel beslissen ze niet in te kohieren of een vrijstelling invoeren."
                )
            )
            services.answer(question=question, actor=desk, text=answer)
        if fate == "closed":
            services.close(question=question, actor=question.asked_by)
        made.append(question)
    services.mark_duplicate(question=made[1], actor=desk, original=made[0])
    services.mark_duplicate(question=made[3], actor=desk, original=made[2])
    return made


def _clarifications(questions, editor, second_editor):
    herstel = GuidanceDocument.objects.filter(title=HERSTEL).first()
    anchors = lambda *names: tuple(  # noqa: E731 - a short helper for the two drafts below
        publishing.current_sections([f"{herstel.slug}#{name}" for name in names]) if herstel else ()
    )
    lockdown = MeasurePeriod.objects.filter(name__icontains="lockdown").order_by("starts_on").first()
    specs = [
        (
            questions[:2],
            Draft(
                title="De gemeenteraad vergadert vanaf 1 juli 2020 weer fysiek",
                body=FYSIEK + "\n\nDe regeling voor digitaal vergaderen gold tijdens de crisis; daarna gelden de "
                "gewone regels van het Decreet over het lokaal bestuur.",
                sections=anchors("inleiding"),
                rules=(
                    RuleText(
                        name="Besluit van de Vlaamse Regering over digitaal vergaderen",
                        article="art. 1",
                        valid_from=datetime.date(2020, 3, 20),
                        valid_until=datetime.date(2020, 6, 30),
                    ),
                ),
                periods=(lockdown,) if lockdown else (),
            ),
        ),
        (
            questions[2:4],
            Draft(
                title="Een gemeente mag de terrasbelasting voor 2020 niet innen",
                body="Een belasting met terugwerkende kracht opheffen kan niet, maar de gemeenteraad kan beslissen "
                "ze voor 2020 niet in te kohieren of een vrijstelling invoeren voor de horeca.",
                sections=anchors("economie"),
                rules=(
                    RuleText(
                        name="Decreet over het lokaal bestuur", article="art. 41", valid_from=datetime.date(2019, 1, 1)
                    ),
                ),
            ),
        ),
    ]
    for questions_of, draft in specs:
        clarification = publishing.create(editor=editor, questions=questions_of)
        version = clarification.versions.get()
        publishing.save_draft(version=version, editor=editor, draft=draft)
        publishing.submit(version=version, editor=editor)
        publishing.approve(version=version, editor=second_editor)


@transaction.atomic
def load_questions_demo():
    """The desk, the questions and the clarifications; nothing when questions exist already."""
    desk, colleague = _desk()
    if Question.objects.exists():
        return 0
    CannedAnswer.objects.get_or_create(
        title="Digitaal vergaderen na 30 juni",
        defaults={"text": FYSIEK},
    )
    questions = _questions(desk, colleague)
    User = get_user_model()
    editors = list(User.objects.filter(groups__name=EDITORS_GROUP).order_by("email")[:2])
    if len(editors) == 2:
        _clarifications(questions, editors[0], editors[1])
    return len(questions)
