"""Demo content of the courses app: the catalogue, the courses from
`demo_content/*.json`, digital services, organisations and accounts (`demo.services.load_demo` puts every app's demo together).

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
from wagtail.models import Locale

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DigitalService,
    LessonPage,
    ModulePage,
)
from courses.models.pages import Pictogram
from home.demo import child_page, load_demo_home, load_demo_pages, translate_demo_site
from languages.demo import copy_with_texts, translated_once
from languages.selectors import in_source_language
from lms.models import Membership, Organisation, User
from lms.services import membership_join

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
#: The French courses: the same shape as the Dutch file, with the modules translated
#: so far (Connectoo's modules 0 and 1, the digihelper course's first module,
#: Connectoo+'s introduction module).
FRENCH_DIR = CONTENT_DIR / "fr"
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

#: The services' French names and descriptions (slug: name, description).
FRENCH_SERVICES = {
    "csam": ("CSAM", "La porte d’entrée vers les services publics en ligne."),
    "itsme": ("itsme", "Votre identité numérique sur votre smartphone."),
    "mypension": ("MyPension", "Votre dossier de pension en ligne."),
    "myminfin": ("MyMinfin", "Votre dossier fiscal et Tax-on-web."),
    "mijngezondheid": ("MaSanté", "Vos données de santé réunies au même endroit."),
    "my-ebox": ("My eBox", "La boîte aux lettres numérique officielle."),
}

ORGANISATIONS = [
    ("Stad Mechelen", Organisation.Kind.MUNICIPALITY, "2800"),
    ("Gemeente Herzele", Organisation.Kind.MUNICIPALITY, "9550"),
    ("OCMW Ronse", Organisation.Kind.OCMW, "9600"),
    ("Bibliotheek Leuven", Organisation.Kind.LIBRARY, "3000"),
    ("vzw Samen Digitaal", Organisation.Kind.NONPROFIT, "1000"),
    ("Commune de Saint-Gilles", Organisation.Kind.MUNICIPALITY, "1060"),
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
    language: str = "nl"


ACCOUNTS = [
    DemoAccount(
        "leerling@demo.digitaalmeedoen.be",
        "Lotte",
        "Peeters",
        "learner",
        "Stad Mechelen",
    ),
    DemoAccount(
        "apprenant@demo.digitaalmeedoen.be",
        "Camille",
        "Dubois",
        "learner (fr)",
        "Commune de Saint-Gilles",
        language="fr",
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


def load_course(index: CourseIndexPage, data: dict[str, Any]) -> CoursePage:
    """Create one course with its modules and lessons from a demo content mapping."""
    services = {
        service.slug: service
        for service in in_source_language(DigitalService.objects.all())
    }
    course = child_page(
        index,
        CoursePage,
        data["slug"],
        title=data["title"],
        intro=data["intro"],
        audience=data["audience"],
        level=data["level"],
        study_hours=data["study_hours"],
        requires_attendance=data.get("requires_attendance", False),
        requires_webinars=data.get("requires_webinars", False),
    )
    for module_data in data["modules"]:
        focus = module_data.get("app_focus")
        if focus and focus not in services:
            raise DemoContentError(
                f"{module_data['slug']}: unknown app focus {focus!r}"
            )
        module = child_page(
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
            child_page(
                module,
                LessonPage,
                lesson_data["slug"],
                title=lesson_data["title"],
                summary=lesson_data.get("summary", ""),
                body=lesson_body(path, lesson_data["sections"]),
            )
    _first_module_first(course, data["modules"][0]["slug"])
    return course


def _first_module_first(course: CoursePage, slug: str) -> None:
    """A module added in front of a course's modules (Connectoo+'s module 0) is
    appended by a demo loaded before it existed: move it to the front."""
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    first = next((module for module in modules if module.slug == slug), None)
    if first is not None and modules[0].pk != first.pk:
        first.move(modules[0], pos="left")


def _course_pictograms() -> None:
    """Each demo course's drawing, where no editor chose one yet."""
    for slug, pictogram in DEMO_PICTOGRAMS.items():
        CoursePage.objects.filter(slug=slug, pictogram="").update(pictogram=pictogram)


def load_demo_accounts() -> list[DemoAccount]:
    organisations = {org.name: org for org in Organisation.objects.all()}
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                first_name=account.first_name,
                last_name=account.last_name,
                preferred_language=account.language,
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


def load_demo_courses() -> list[CoursePage]:
    """The site (`home.demo`), the catalogue and its courses, with the digital
    services and organisations they mention."""
    for name, slug, website, description in DIGITAL_SERVICES:
        DigitalService.objects.get_or_create(
            slug=slug,
            locale=Locale.get_default(),
            defaults={"name": name, "website": website, "description": description},
        )
    for name, kind, postcode in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "postcode": postcode}
        )
    home = load_demo_home()
    index = child_page(
        home,
        CourseIndexPage,
        "opleidingen",
        title="Opleidingen",
        show_in_menus=True,
        intro="<p>Kies een opleiding. Je volgt ze op je eigen tempo.</p>",
    )
    # After the catalogue, so that it comes first in the menu.
    load_demo_pages(home)
    courses = [
        load_course(index, json.loads((CONTENT_DIR / name).read_text(encoding="utf-8")))
        for name in COURSE_FILES
    ]
    _course_pictograms()
    return courses


def translate_demo_courses(courses: list[CoursePage]) -> None:
    """The site, the catalogue and the French modules (`demo_content/fr/`), through
    wagtail-localize; a page translated before (by the demo or an editor) stays."""
    index = CourseIndexPage.objects.get(pk=courses[0].get_parent().pk)
    translate_demo_site(index.get_parent().specific)
    services = in_source_language(DigitalService.objects.all())
    for service in services.filter(slug__in=FRENCH_SERVICES):
        name, description = FRENCH_SERVICES[service.slug]
        translated_once(
            service,
            "fr",
            copy_with_texts(service, {}, name=name, description=description),
        )
    translated_once(
        index,
        "fr",
        copy_with_texts(
            index,
            {},
            title="Formations",
            intro="<p>Choisissez une formation. Vous la suivez à votre rythme.</p>",
        ),
    )
    # Read again: the translation copies what the database holds (pictograms too).
    fresh = CoursePage.objects.filter(pk__in=[course.pk for course in courses])
    by_slug = {course.slug: course for course in fresh}
    for path in sorted(FRENCH_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        _translate_course(by_slug[data["slug"]], data)


def _translate_course(course: CoursePage, data: dict[str, Any]) -> None:
    translated_once(
        course,
        "fr",
        copy_with_texts(course, {}, title=data["title"], intro=data["intro"]),
    )
    for module_data in data["modules"]:
        module = ModulePage.objects.child_of(course).get(slug=module_data["slug"])
        goals = [
            dict(block, value=goal)
            for block, goal in zip(
                module.learning_goals.raw_data,
                module_data["learning_goals"],
                strict=True,
            )
        ]
        translated_once(
            module,
            "fr",
            copy_with_texts(
                module,
                {},
                title=module_data["title"],
                intro=module_data["intro"],
                learning_goals=goals,
            ),
        )
        for lesson_data in module_data["lessons"]:
            lesson = LessonPage.objects.child_of(module).get(slug=lesson_data["slug"])
            path = "/".join([data["slug"], module_data["slug"], lesson_data["slug"]])
            translated_once(
                lesson,
                "fr",
                copy_with_texts(
                    lesson,
                    {},
                    title=lesson_data["title"],
                    summary=lesson_data.get("summary", ""),
                    body=lesson_body(path, lesson_data["sections"]),
                ),
            )
