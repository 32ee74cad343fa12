"""The admin's forms for the project's own pages and snippets: every field has a name a
screen reader can say (axe's labelling rules), on the edit form of each page type and
the create form of each snippet."""

import json

import pytest
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from home.services import home_page_ensure
from tests.factories import TestPageFactory, UserFactory, build_course, kit
from tests.factories.people import PASSWORD

from .conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL_RULES = ["label", "aria-input-field-name", "select-name", "button-name"]

SNIPPETS = [
    "lms_organisation", "lms_team", "lms_membership", "courses_digitalservice",
    "quizzes_questionbank", "quizzes_questioncategory", "quizzes_question",
    "forums_forum", "training_trainingsession", "h5p_h5pactivity",
    "certificates_certificatetemplate", "library_libraryitem", "library_itemtype",
    "library_targetgroup", "library_theme",
]  # fmt: skip


def unnamed_fields(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "rules => axe.run(document.querySelector('main') || document,"
        " {runOnly: {type: 'rule', values: rules}})",
        LABEL_RULES,
    )
    return [
        f"{v['id']}: " + json.dumps([node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def test_the_projects_admin_forms_name_every_field(page, live_server):
    home_page_ensure()
    course = build_course(modules=1, lessons=1)
    module = ModulePage.objects.descendant_of(course).first()
    lesson = LessonPage.objects.descendant_of(course).first()
    test = TestPageFactory(parent=module)
    trainer_kit = kit(course)
    editor = UserFactory(is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    urls = [
        reverse("wagtailadmin_pages:edit", args=[obj.pk])
        for obj in (course, module, lesson, test, trainer_kit)
    ] + [reverse(f"wagtailsnippets_{name}:add") for name in SNIPPETS]
    problems = {}
    for url in urls:
        page.goto(url)
        found = unnamed_fields(page)
        if found:
            problems[url] = found
    assert problems == {}, json.dumps(problems, indent=1)
