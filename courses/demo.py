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
        "<p>Digitaal Meedoen helpt baliemedewerkers, digihelpers en trainers om burgers "
        "wegwijs te maken in de digitale overheid. Je volgt de opleidingen op je eigen "
        "tempo, een beetje per keer, en je gaat verder waar je gestopt bent.</p>",
    ),
    (
        "Toegankelijkheid",
        "toegankelijkheid",
        "Hoe we dit platform voor iedereen bruikbaar maken.",
        "<p>Dit platform volgt de richtlijnen WCAG 2.1 op niveau AA. Je kan alles met het "
        "toetsenbord bedienen, de tekst vergroten tot 200% en een schermlezer gebruiken. "
        "Loopt er toch iets mis? Laat het ons weten, dan zoeken we samen een oplossing.</p>",
    ),
]


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


def _home_page() -> HomePage:
    home = home_page_ensure()
    home.intro = (
        "<p>Leer burgers helpen met de digitale overheid: CSAM, itsme, MyPension, "
        "MyMinfin, MijnGezondheid en My eBox. Op je eigen tempo, een beetje per keer.</p>"
    )
    home.save()
    return home


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
    for title, slug, intro, text in STANDARD_PAGES:
        _child(
            home, StandardPage, slug, title=title, intro=intro, body=[("text", text)]
        )
    _privacy_page(home)
    courses = []
    for filename in COURSE_FILES:
        data = json.loads((CONTENT_DIR / filename).read_text(encoding="utf-8"))
        course = load_course(index, data)
        load_tests(course)
        courses.append(course)
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
