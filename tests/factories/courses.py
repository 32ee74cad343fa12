import uuid
from copy import deepcopy

import factory
import wagtail_factories
from wagtail.models import Locale

from courses.models import (
    CourseIndexPage,
    CoursePage,
    DigitalService,
    Enrolment,
    LessonPage,
    ModulePage,
)
from home.services import home_page_ensure
from languages.services import translation_publish


def lesson_body(sections: int = 3) -> list[dict]:
    """Raw StreamField data for a lesson with `sections` sections of one paragraph each."""
    return [
        {
            "type": "section",
            "id": str(uuid.uuid4()),
            "value": {
                "title": f"Onderdeel {n}",
                "content": [
                    {
                        "type": "text",
                        "id": str(uuid.uuid4()),
                        "value": f"<p>Uitleg bij onderdeel {n}.</p>",
                    }
                ],
            },
        }
        for n in range(1, sections + 1)
    ]


class DigitalServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigitalService
        django_get_or_create = ("slug", "locale")

    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Dienst {n}")
    slug = factory.Sequence(lambda n: f"dienst-{n}")


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Opleidingen"
    slug = "opleidingen"
    parent = factory.LazyFunction(home_page_ensure)


def catalogue() -> CourseIndexPage:
    """The site's one catalogue page, made on first use."""
    return CourseIndexPage.objects.first() or CourseIndexPageFactory()


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Opleiding {n}")
    slug = factory.Sequence(lambda n: f"opleiding-{n}")
    parent = factory.LazyFunction(catalogue)
    intro = "<p>Een opleiding.</p>"
    audience = "counter_staff"
    level = "basic"
    study_hours = 4


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    parent = factory.SubFactory(CoursePageFactory)
    number = 1
    intro = "<p>Een module.</p>"


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Les {n}")
    slug = factory.Sequence(lambda n: f"les-{n}")
    parent = factory.SubFactory(ModulePageFactory)
    body = factory.LazyFunction(lesson_body)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CoursePageFactory)


def build_course(
    *,
    modules: int = 1,
    lessons: int = 1,
    sections: int = 3,
    index: CourseIndexPage | None = None,
) -> CoursePage:
    """A course with `modules` modules of `lessons` lessons of `sections` sections."""
    index = index or catalogue()
    course = CoursePageFactory(parent=index)
    for m in range(modules):
        module = ModulePageFactory(parent=course, number=m + 1)
        for _ in range(lessons):
            LessonPageFactory(parent=module, body=lesson_body(sections))
    return course


def french(page):
    """An unsaved copy of `page` (specific) with its texts "in French": the title and
    every section title marked, the same StreamField blocks (and ids) otherwise."""
    page = page.specific
    copy = deepcopy(page)
    copy.title = f"FR {page.title}"
    if isinstance(page, LessonPage):
        body = copy_raw(page.body.raw_data)
        for item in body:
            item["value"]["title"] = f"FR {item['value']['title']}"
        copy.body = body
    return copy


def copy_raw(raw) -> list[dict]:
    return [dict(item, value=dict(item["value"])) for item in raw]


def translate_tree(page, language: str = "fr"):
    """`page` and every page below it translated through wagtail-localize ("FR …")
    and published; returns the translation of `page`."""
    top = translation_publish(page.specific, language, french(page))
    for below in page.get_descendants().order_by("path").specific():
        translation_publish(below, language, french(below))
    top.refresh_from_db()
    return top
