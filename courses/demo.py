"""Demo content: the site, three courses from `demo_content/*.json`, organisations, accounts.

Every step is get-or-create, so running it again changes nothing and duplicates nothing.
The course texts live as JSON beside this file so that writers can edit them without
touching code; `load_course` is strict about their shape and fails before writing.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from wagtail.models import Page

from home.models import HomePage, PrivacyPage, StandardPage
from home.services import home_page_ensure
from lms.models import Membership, Organisation, User
from lms.services import membership_join

from .forums.demo import load_demo_forums
from .h5p.demo import load_demo_h5p
from .kits.demo import load_demo_kits, load_demo_sessions
from .models import (
    CourseIndexPage,
    CoursePage,
    DigitalService,
    LessonPage,
    ModulePage,
    QuestionBank,
    QuestionCategory,
    TestPage,
)
from .models.pages import Pictogram
from .quizzes.importing import questions_import
from .services import enrolment_create, section_progress_record
from .signals import demo_courses_loaded

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
QUESTIONS_DIR = CONTENT_DIR / "questions"
COURSE_FILES = [
    "connectoo.json",
    "connectoo_plus.json",
    "digihelper.json",
    "train_the_trainer.json",
]
DEMO_PASSWORD = "Leren-2026!"  # noqa: S105 - demo accounts only; load_demo refuses production
ID_NAMESPACE = uuid.UUID("6f1c2a8e-3b0e-4e5c-9d57-0a1b2c3d4e5f")

DIGITAL_SERVICES = [
    ("CSAM", "csam", "https://www.csam.be", "De toegangspoort tot de online overheid."),
    (
        "itsme",
        "itsme",
        "https://www.itsme-id.com",
        "Digitale identiteit op je smartphone.",
    ),
    (
        "MyPension",
        "mypension",
        "https://www.mypension.be",
        "Je pensioendossier online.",
    ),
    (
        "MyMinfin",
        "myminfin",
        "https://www.myminfin.be",
        "Je fiscale dossier en Tax-on-web.",
    ),
    (
        "MijnGezondheid",
        "mijngezondheid",
        "https://www.mijngezondheid.belgie.be",
        "Je gezondheidsgegevens op één plek.",
    ),
    ("My eBox", "my-ebox", "https://myebox.be", "De officiële digitale brievenbus."),
]

ORGANISATIONS = [
    ("Stad Mechelen", Organisation.Kind.MUNICIPALITY, "2800"),
    ("Gemeente Herzele", Organisation.Kind.MUNICIPALITY, "9550"),
    ("OCMW Ronse", Organisation.Kind.OCMW, "9600"),
    ("Bibliotheek Leuven", Organisation.Kind.LIBRARY, "3000"),
    ("vzw Samen Digitaal", Organisation.Kind.NONPROFIT, "1000"),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role_label: str
    organisation: str | None
    role: str = Membership.Role.LEARNER
    is_superuser: bool = False


ACCOUNTS = [
    DemoAccount(
        "leerling@demo.digitaalmeedoen.be",
        "Lotte",
        "Peeters",
        "learner",
        "Stad Mechelen",
    ),
    DemoAccount(
        "digihelper@demo.digitaalmeedoen.be",
        "Ahmed",
        "El Amrani",
        "digihelper",
        "Bibliotheek Leuven",
    ),
    DemoAccount(
        "trainer@demo.digitaalmeedoen.be",
        "Sofie",
        "Wouters",
        "trainer",
        "vzw Samen Digitaal",
        Membership.Role.TRAINER,
    ),
    DemoAccount(
        "coordinator@demo.digitaalmeedoen.be",
        "Jan",
        "Claes",
        "coordinator",
        "Stad Mechelen",
        Membership.Role.COORDINATOR,
    ),
    DemoAccount(
        "coordinator.herzele@demo.digitaalmeedoen.be",
        "Els",
        "De Smet",
        "coordinator",
        "Gemeente Herzele",
        Membership.Role.COORDINATOR,
    ),
    DemoAccount(
        "admin@demo.digitaalmeedoen.be", "Ann", "Maes", "admin", None, is_superuser=True
    ),
]

STANDARD_PAGES = [
    (
        "Over dit platform",
        "over",
        "Waarom dit platform bestaat en voor wie het is.",
        [
            (
                "text",
                "<p>Steeds meer zaken regel je online: een attest downloaden, je "
                "pensioen bekijken, je belastingaangifte nalezen. Niet iedereen lukt "
                "dat alleen. Veel mensen gaan dan naar het gemeentehuis, het OCMW of "
                "de bib. Digitaal Meedoen leert de mensen daar hoe ze goed helpen.</p>"
                "<p>Het platform is er voor Vlaamse gemeenten, OCMW's en hun partners. "
                "Je gemeente kiest welke opleidingen haar medewerkers volgen. Je leert "
                "op je eigen tempo, een beetje per keer, en je gaat verder waar je "
                "gestopt bent.</p>",
            ),
            (
                "text",
                "<h3>Connectoo: voor baliemedewerkers</h3>"
                "<p>Connectoo is de basisopleiding voor wie aan de balie werkt. Je "
                "leert hoe de belangrijkste toepassingen werken: CSAM, itsme, "
                "MyPension, MyMinfin en MijnGezondheid. Je leert ook wat je wel en "
                "niet mag doen voor een burger, en hoe je de privacy van die burger "
                "beschermt.</p>",
            ),
            (
                "text",
                "<h3>Connectoo+: een stap verder</h3>"
                "<p>Connectoo+ is de vervolgopleiding. Het gaat minder over techniek "
                "en meer over hoe je helpt: je houding, je woorden, je empathie. Je "
                "leert mensen sterker maken in plaats van alles over te nemen. En je "
                "leert wanneer je beter doorverwijst.</p>",
            ),
            (
                "callout",
                {
                    "kind": "info",
                    "text": "<p>Je gemeente beslist of Connectoo+ <b>verplicht</b> "
                    "of <b>vrijwillig</b> is. De coördinator zet dat zo op het "
                    "platform. Jij ziet het in <i>Mijn leertraject</i>: verplichte "
                    "opleidingen staan bovenaan, met de datum waarop ze klaar moeten "
                    "zijn.</p>",
                },
            ),
            (
                "text",
                "<h3>Digihelper worden</h3>"
                "<p>Digihelpers zijn vrijwilligers of medewerkers die mensen helpen in "
                "de bib, in een buurthuis of in een digipunt. In de opleiding "
                "<i>Digihelper worden</i> leer je wat je rol is, waar je grenzen "
                "liggen en hoe je veilig helpt bij aanmelden en bij My eBox.</p>"
                "<p>Er zijn ook opleidingsdagen met een trainer. Zo'n dag gaat door "
                "vanaf 12 deelnemers. Een coördinator kan er een aanvragen voor de "
                "eigen gemeente.</p>",
            ),
            (
                "text",
                "<h3>Train-de-trainer</h3>"
                "<p>Wil je gemeente zelf digihelpers opleiden? Dan volgt een "
                "medewerker de opleiding <i>Train-de-trainer</i>. Je leert er hoe je "
                "een opleidingsdag voorbereidt met de trainerskit: het draaiboek, de "
                "presentatie en de hand-outs. De opleiding eindigt met een oefensessie "
                "samen met andere trainers. Pas daarna is ze afgerond.</p>",
            ),
            (
                "text",
                "<h3>Wat doet een coördinator?</h3>"
                "<p>Elke gemeente duidt een of meer coördinatoren aan. Een coördinator "
                "nodigt medewerkers uit, verdeelt ze in teams (bijvoorbeeld onthaal of "
                "burgerzaken) en kiest wie welke opleiding volgt. Niemand wordt lid "
                "zonder zelf ja te zeggen. In je profiel zie je welke coördinatoren "
                "je voortgang zien.</p>",
            ),
            (
                "steps",
                {
                    "title": "Zo wijst een coördinator opleidingen toe",
                    "steps": [
                        "Ga naar Mijn organisatie en kies Opdrachten.",
                        "Kies een opleiding, of één module ervan.",
                        "Kies voor wie: de hele organisatie of één team.",
                        "Kies verplicht, met een datum waarop het klaar moet zijn, "
                        "of aanbevolen.",
                        "Bewaar. Iedereen voor wie de opdracht geldt, is meteen "
                        "ingeschreven. Wie later bijkomt, ook.",
                    ],
                },
            ),
            (
                "text",
                "<h3>De voortgang opvolgen</h3>"
                "<p>Onder <i>Mijn organisatie</i> en dan <i>Voortgang</i> ziet de "
                "coördinator per medewerker hoe ver die is: wie klaar is en wie "
                "achterloopt. Die lijst kan je ook downloaden. Het platform stuurt "
                "zelf herinneringen: aan wie na een week nog niet begonnen is, en "
                "vlak voor en na de einddatum.</p>",
            ),
            (
                "text",
                "<h3>Meedoen met je gemeente?</h3>"
                '<p>Mail naar <a href="mailto:start@digitaalmeedoen.be">'
                "start@digitaalmeedoen.be</a>. We helpen je graag op weg.</p>",
            ),
        ],
    ),
    (
        "Toegankelijkheid",
        "toegankelijkheid",
        "Hoe we dit platform voor iedereen bruikbaar maken.",
        [
            (
                "text",
                "<p>Dit platform volgt de richtlijnen WCAG 2.1 op niveau AA. Je kan "
                "alles met het toetsenbord bedienen, de tekst vergroten tot 200% en "
                "een schermlezer gebruiken. Loopt er toch iets mis? Laat het ons "
                "weten, dan zoeken we samen een oplossing.</p>",
            )
        ],
    ),
]

#: What the demo once wrote on a page, by slug: a page still showing exactly that gets
#: today's text on the next load; a page an editor changed keeps theirs.
SUPERSEDED_BODIES = {
    "over": [
        (
            "text",
            "<p>Digitaal Meedoen helpt baliemedewerkers, digihelpers en trainers om "
            "burgers wegwijs te maken in de digitale overheid. Je volgt de opleidingen "
            "op je eigen tempo, een beetje per keer, en je gaat verder waar je gestopt "
            "bent.</p>",
        )
    ],
}

#: The drawing on each demo course's card (`static/img/pictograms/`).
DEMO_PICTOGRAMS = {
    "connectoo": Pictogram.COUNTER,
    "connectoo-plus": Pictogram.CONVERSATION,
    "digihelper": Pictogram.HELPER,
    "train-de-trainer": Pictogram.TRAINER,
}


class DemoContentError(ValueError):
    """A demo content file does not have the expected shape."""


def _section_id(*parts: str) -> str:
    # Stable ids: the same section keeps its id (and learners their progress) on reload.
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def _content_block(block: dict[str, Any], block_id: str) -> dict[str, Any]:
    kind = block.get("type")
    if kind == "text":
        value: Any = block["html"]
    elif kind == "callout":
        if block.get("kind") not in {"tip", "warning", "info"}:
            raise DemoContentError(f"unknown callout kind {block.get('kind')!r}")
        value = {"kind": block["kind"], "text": block["html"]}
    elif kind == "steps":
        value = {
            "title": block["title"],
            "steps": [
                {"type": "item", "value": step, "id": _section_id(block_id, str(i))}
                for i, step in enumerate(block["steps"])
            ],
        }
    else:
        raise DemoContentError(f"unknown block type {kind!r}")
    return {"type": kind, "value": value, "id": block_id}


def lesson_body(path: str, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The raw StreamField data of a lesson from its demo description."""
    if not sections:
        raise DemoContentError(f"{path}: a lesson needs at least one section")
    body = []
    for number, section in enumerate(sections, start=1):
        section_id = _section_id(path, str(number))
        content = [
            _content_block(block, _section_id(section_id, str(i)))
            for i, block in enumerate(section["blocks"])
        ]
        body.append(
            {
                "type": "section",
                "value": {"title": section["title"], "content": content},
                "id": section_id,
            }
        )
    return body


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    return parent.add_child(instance=model(slug=slug, **fields))


def load_course(index: CourseIndexPage, data: dict[str, Any]) -> CoursePage:
    """Create one course with its modules and lessons from a demo content mapping."""
    services = {service.slug: service for service in DigitalService.objects.all()}
    course = _child(
        index,
        CoursePage,
        data["slug"],
        title=data["title"],
        intro=data["intro"],
        audience=data["audience"],
        level=data["level"],
        study_hours=data["study_hours"],
        requires_attendance=data.get("requires_attendance", False),
    )
    for module_data in data["modules"]:
        focus = module_data.get("app_focus")
        if focus and focus not in services:
            raise DemoContentError(
                f"{module_data['slug']}: unknown app focus {focus!r}"
            )
        module = _child(
            course,
            ModulePage,
            module_data["slug"],
            title=module_data["title"],
            number=module_data["number"],
            app_focus=services.get(focus) if focus else None,
            intro=module_data["intro"],
            learning_goals=[("goal", goal) for goal in module_data["learning_goals"]],
            requires_forum_post=module_data.get("requires_forum_post", False),
        )
        for lesson_data in module_data["lessons"]:
            path = "/".join([data["slug"], module_data["slug"], lesson_data["slug"]])
            _child(
                module,
                LessonPage,
                lesson_data["slug"],
                title=lesson_data["title"],
                summary=lesson_data.get("summary", ""),
                body=lesson_body(path, lesson_data["sections"]),
            )
    return course


def load_tests(course: CoursePage) -> None:
    """A question bank for the course (through the real Moodle XML importer), a test
    per module drawing from the module's category, and the final evaluation."""
    bank = QuestionBank.objects.filter(name=course.title).first()
    if bank is None:
        data = (QUESTIONS_DIR / f"{course.slug}.xml").read_bytes()
        bank = questions_import(
            bank_name=course.title, data=data, file_format="moodlexml"
        ).bank
    for module in ModulePage.objects.child_of(course).order_by("path"):
        category = QuestionCategory.objects.get(
            bank=bank, name=f"{course.slug}/{module.slug}"
        )
        if not TestPage.objects.child_of(module).exists():
            test = TestPage(
                title=f"Test module {module.number}",
                slug="test",
                bank=bank,
                question_count=6,
                pass_mark=70,
                max_attempts=3,
                intro="<p>Zes vragen over deze module. Je slaagt met 70%.</p>",
                # Right after a try: what you answered and whether it was right; the
                # right answers and explanations once you passed or used your tries.
                review_attempt_correct_answers=False,
                review_attempt_feedback=False,
            )
            module.add_child(instance=test)
            test.categories.add(category)
            test.save()
    if not TestPage.objects.child_of(course).exists():
        course.add_child(
            instance=TestPage(
                title="Algemene evaluatie",
                slug="algemene-evaluatie",
                bank=bank,
                question_count=12,
                pass_mark=70,
                max_attempts=2,
                time_limit_minutes=30,
                intro="<p>Twaalf vragen over de hele opleiding, in 30 minuten.</p>",
            )
        )


def _privacy_page(home: HomePage) -> PrivacyPage:
    """The privacy statement; a demo made before it existed had a plain page there."""
    StandardPage.objects.child_of(home).filter(slug="privacy").delete()
    return _child(
        home,
        PrivacyPage,
        "privacy",
        title="Privacy",
        intro="Welke gegevens we bewaren, waarom, wie ze ziet en hoe lang.",
        body=[
            (
                "text",
                "<p>Digitaal Meedoen bewaart alleen wat nodig is om je te laten leren "
                "en om je organisatie je voortgang te tonen als jij dat wil. Vragen "
                "over je gegevens? Mail naar privacy@digitaalmeedoen.be. Je kan ook "
                "een klacht indienen bij de Gegevensbeschermingsautoriteit.</p>",
            )
        ],
    )


def _standard_page(
    home: HomePage, title: str, slug: str, intro: str, body: list[tuple[str, Any]]
) -> StandardPage:
    """A text page under the home page. One still showing what the demo once wrote
    there (`SUPERSEDED_BODIES`) gets today's body as a new published revision, unless
    an editor has a draft waiting; any other existing page stays as it is."""
    page = _child(home, StandardPage, slug, title=title, intro=intro, body=body)
    superseded = SUPERSEDED_BODIES.get(slug)
    current = [(block["type"], block["value"]) for block in page.body.raw_data]
    if current == superseded and not page.has_unpublished_changes:
        page.body = body
        page.save_revision().publish()
    return page


def _home_page() -> HomePage:
    home = home_page_ensure()
    home.intro = (
        "<p>Leer burgers helpen met de digitale overheid: CSAM, itsme, MyPension, "
        "MyMinfin, MijnGezondheid en My eBox. Op je eigen tempo, een beetje per keer.</p>"
    )
    home.save()
    return home


def _home_body(home: HomePage, *, about: StandardPage) -> None:
    """The front door's blocks, on a home page without any (a new demo, or one made
    before the blocks existed), so an editor's home page is never overwritten."""
    if home.body:
        return
    home.body = [
        ("next_step", {"heading": "Verder leren"}),
        (
            "section",
            {
                "heading": "Waarvoor dient dit platform?",
                "text": "<p>Steeds meer mensen komen aan de balie met vragen over de "
                "digitale overheid: aanmelden met itsme, een brief in My eBox, hun "
                "pensioen of hun belastingen. Hier leer je hoe je hen helpt, zonder "
                "alles van hen over te nemen.</p>"
                "<p>Het platform is er voor baliemedewerkers van gemeenten en OCMW's, "
                "voor digihelpers en voor trainers. "
                f'<a linktype="page" id="{about.pk}">Lees meer over dit platform</a>.'
                "</p>",
            },
        ),
        ("courses", {"heading": "Onze opleidingen", "courses": []}),
        ("sessions", {"heading": "Sessies die eraan komen", "count": 3}),
        (
            "how_to_start",
            {
                "heading": "Hoe start je gemeente?",
                "intro": "Je gemeente kan in een paar stappen meedoen.",
                "steps": [
                    {
                        "title": "Neem contact op",
                        "text": "Mail ons. We bespreken samen welke opleidingen bij "
                        "je gemeente passen.",
                    },
                    {
                        "title": "Duid een coördinator aan",
                        "text": "De coördinator is het aanspreekpunt, vaak iemand van "
                        "de personeelsdienst of van burgerzaken. Die krijgt een "
                        "account met de rol coördinator.",
                    },
                    {
                        "title": "Nodig je medewerkers uit",
                        "text": "De coördinator nodigt medewerkers uit met hun "
                        "e-mailadres, of met een lijst in één keer. Niemand wordt lid "
                        "zonder zelf ja te zeggen.",
                    },
                    {
                        "title": "Kies de opleidingen",
                        "text": "De coördinator kiest wie welke opleiding of module "
                        "volgt: verplicht met een einddatum, of aanbevolen. "
                        "Connectoo+ kan verplicht of vrijwillig zijn: je gemeente "
                        "beslist.",
                    },
                    {
                        "title": "Volg de voortgang op",
                        "text": "De coördinator ziet wie begonnen is, wie klaar is en "
                        "wie achterloopt. Het platform stuurt zelf herinneringen.",
                    },
                ],
                "contact": "<p><b>Vragen?</b> Mail naar "
                '<a href="mailto:start@digitaalmeedoen.be">start@digitaalmeedoen.be'
                "</a>. We helpen je graag op weg.</p>",
            },
        ),
    ]
    home.save_revision().publish()


def _course_pictograms() -> None:
    """Each demo course's drawing, where no editor chose one yet."""
    for slug, pictogram in DEMO_PICTOGRAMS.items():
        CoursePage.objects.filter(slug=slug, pictogram="").update(pictogram=pictogram)


def _accounts() -> list[DemoAccount]:
    organisations = {org.name: org for org in Organisation.objects.all()}
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                preferred_language="nl",
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.organisation:
            membership_join(
                user=user,
                organisation=organisations[account.organisation],
                role=account.role,
            )
    return ACCOUNTS


def demo_pass_test(user: User, test: TestPage) -> None:
    from .quizzes.grading import right_response
    from .quizzes.services import attempt_start, attempt_submit

    if test.attempts.filter(user=user, passed=True).exists():
        return
    attempt = attempt_start(user=user, test=test)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )


def demo_complete_course(user: User, course: CoursePage) -> None:
    """Every lesson opened and every test passed: the course is complete."""
    enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.live().descendant_of(course):
        for section_id in lesson.section_ids:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)
    for test in TestPage.objects.live().descendant_of(course).order_by("-depth"):
        demo_pass_test(user, test)


def _demo_progress(course: CoursePage) -> None:
    """The demo learner has finished module 0 (and passed its test) and is halfway
    through module 1."""
    learner = User.objects.get(email=ACCOUNTS[0].email)
    enrolment_create(user=learner, course=course)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    first, second = modules[0], modules[1]
    for lesson in lessons:
        if lesson.path.startswith(first.path):
            for section_id in lesson.section_ids:
                section_progress_record(
                    user=learner, lesson=lesson, section_id=section_id
                )
    demo_pass_test(learner, TestPage.objects.child_of(first).get())
    second_lessons = [
        lesson for lesson in lessons if lesson.path.startswith(second.path)
    ]
    for section_id in second_lessons[0].section_ids[:2]:
        section_progress_record(
            user=learner, lesson=second_lessons[0], section_id=section_id
        )


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Build or complete the demo site; returns the demo accounts."""
    for name, slug, website, description in DIGITAL_SERVICES:
        DigitalService.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "website": website, "description": description},
        )
    for name, kind, postcode in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "postcode": postcode}
        )
    home = _home_page()
    index = _child(
        home,
        CourseIndexPage,
        "opleidingen",
        title="Opleidingen",
        show_in_menus=True,
        intro="<p>Kies een opleiding. Je volgt ze op je eigen tempo.</p>",
    )
    pages = {
        slug: _standard_page(home, title, slug, intro, body)
        for title, slug, intro, body in STANDARD_PAGES
    }
    _privacy_page(home)
    _home_body(home, about=pages["over"])
    courses = []
    for filename in COURSE_FILES:
        data = json.loads((CONTENT_DIR / filename).read_text(encoding="utf-8"))
        course = load_course(index, data)
        load_tests(course)
        courses.append(course)
    _course_pictograms()
    accounts = _accounts()
    demo_courses_loaded.send(sender=CoursePage, courses=courses)
    _demo_progress(courses[0])
    demo_complete_course(User.objects.get(email=ACCOUNTS[0].email), courses[1])
    load_demo_forums(courses)
    by_slug = {course.slug: course for course in courses}
    load_demo_kits(by_slug)
    load_demo_h5p(by_slug)
    load_demo_sessions(
        by_slug,
        trainer=User.objects.get(email="trainer@demo.digitaalmeedoen.be"),
        learner=User.objects.get(email=ACCOUNTS[0].email),
        digihelper=User.objects.get(email="digihelper@demo.digitaalmeedoen.be"),
    )
    return accounts
