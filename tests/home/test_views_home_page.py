"""The home page as the front door: course cards for everyone, a logged-in learner's
next step first, sessions to come, how a municipality starts; at a constant cost."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CoursePage, LessonPage
from courses.services import enrolment_create, section_progress_record
from home.models import HomePage
from tests.factories import (
    TrainingSessionFactory,
    UserFactory,
    build_course,
)
from training.models import TrainingSession

from .conftest import front_door_body

pytestmark = pytest.mark.django_db

# Wagtail's routing and the session come first; then the courses block (courses,
# modules, catalogue), the next step ("Mijn leertraject"'s states) and the sessions.
BUDGET = 25


def html_of(client, url: str = "/nl/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="course-card">(.*?)</ul>\s*</li>', html, re.S)


def test_anonymous_visitor_sees_course_cards_and_how_to_start_but_no_next_step(
    client, front_door
):
    course = build_course(modules=3)
    course.title, course.study_hours = "Connectoo", 12
    course.save()
    hidden = build_course()
    hidden.unpublish()

    html = html_of(client)

    [card] = cards(html)
    assert f'href="{course.url}"' in card and ">Connectoo</a>" in card
    assert "Baliemedewerkers" in card and "12 uur" in card and "3 modules" in card
    # The drawing of the course's audience, decorative beside its title.
    assert (
        '<img class="course-card__pictogram" src="/static/img/pictograms/counter.svg" alt=""'
        in card
    )
    assert hidden.title not in html
    assert "Hoe start je gemeente?" in html and "Duid een coördinator aan" in html
    assert 'href="mailto:start@example.be"' in html
    assert "home-next" not in html and "Verdergaan" not in html
    assert "Aanmelden" in html  # the way in stays where it was


def test_logged_in_learner_sees_where_to_continue_before_anything_else(
    client, front_door
):
    learner = UserFactory()
    older, busy = build_course(), build_course(modules=2, lessons=5)
    enrolment_create(user=learner, course=busy)
    enrolment_create(user=learner, course=older)  # enrolled last, touched earlier
    older_lesson = LessonPage.objects.descendant_of(older).first()
    section_progress_record(
        user=learner, lesson=older_lesson, section_id=older_lesson.section_ids[0]
    )
    second_module_lessons = list(
        LessonPage.objects.descendant_of(busy).order_by("path")[5:]
    )
    for lesson in second_module_lessons[:1]:
        for section_id in lesson.section_ids:
            section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    client.force_login(learner)

    html = html_of(client)

    lesson = second_module_lessons[1]
    assert html.index('class="home-section home-next"') < html.index("Onze opleidingen")
    step = html[html.index("home-next") : html.index("Onze opleidingen")]
    assert f'href="{lesson.url}onderdeel/1/"' in step
    assert "Verdergaan waar je gestopt bent" in step
    assert f"Les 2 van 5: {lesson.title}" in step
    assert f">{busy.title}</a>" in step and "Module 2" in step
    assert "Naar mijn leertraject" in step


def test_a_learner_who_follows_nothing_is_sent_to_the_catalogue(client, front_door):
    build_course()
    client.force_login(UserFactory())

    html = html_of(client)

    assert "Je bent nog niet ingeschreven voor een opleiding." in html
    assert "Verdergaan" not in html


def test_without_a_next_step_block_the_learner_keeps_the_way_to_their_path(
    client, front_door
):
    front_door.body = [block for block in front_door_body() if block[0] != "next_step"]
    front_door.save()
    client.force_login(UserFactory())

    html = html_of(client)

    assert "home-next" not in html
    assert html.count("Naar mijn leertraject") == 1


def test_chosen_courses_show_in_the_editors_order_with_their_own_pictogram(
    client, front_door
):
    first, second, not_chosen = build_course(), build_course(), build_course()
    second.pictogram = "smartphone"
    second.save()
    front_door.body = front_door_body(courses=[second, first])
    front_door.save()

    found = cards(html_of(client))

    assert [second.title in found[0], first.title in found[1]] == [True, True]
    assert len(found) == 2 and not_chosen.title not in "".join(found)
    assert "pictograms/smartphone.svg" in found[0]
    # Unpublishing a chosen course takes its card away.
    second.unpublish()
    assert len(cards(html_of(client))) == 1


def test_sessions_block_lists_the_soonest_visible_sessions_up_to_its_count(
    client, front_door
):
    course = build_course()
    now = timezone.now()
    later, soon, soonest = (
        TrainingSessionFactory(course=course, starts_at=now + timedelta(days=days))
        for days in (30, 10, 5)
    )
    TrainingSessionFactory(
        course=course, status=TrainingSession.Status.CANCELLED, title="Afgelast"
    )

    html = html_of(client)

    assert html.index(soonest.title) < html.index(soon.title)
    assert later.title not in html  # the block shows two
    assert "Afgelast" not in html


@pytest.mark.parametrize("learner", [False, True])
def test_home_page_queries_do_not_grow_with_courses(
    client, front_door, learner, django_assert_max_num_queries
):
    user = UserFactory()
    if learner:
        client.force_login(user)

    def measure(count: int) -> int:
        for _ in range(count):
            course = build_course(modules=2, lessons=2)
            TrainingSessionFactory(course=course)
            enrolment_create(user=user, course=course)
            lesson = LessonPage.objects.descendant_of(course).first()
            section_progress_record(
                user=user, lesson=lesson, section_id=lesson.section_ids[0]
            )
        client.get("/nl/")  # warm Wagtail's site cache, as in production
        with (
            django_assert_max_num_queries(BUDGET),
            CaptureQueriesContext(connection) as captured,
        ):
            html = html_of(client)
        assert len(cards(html)) == CoursePage.objects.count()
        return len(captured)

    small = measure(1)
    large = measure(29)
    assert small == large, f"{small} queries for 1 course, {large} for 30"


def test_every_home_page_block_has_a_preview_that_renders(client, front_door):
    build_course()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    stream = HomePage._meta.get_field("body").stream_block
    ours = ["section", "next_step", "courses", "sessions", "how_to_start"]

    for name in ours:
        block = stream.child_blocks[name]
        response = client.get(f"/admin/block-preview/?id={block.definition_prefix}")
        assert response.status_code == 200, name
        assert str(block.meta.preview_value["heading"]) in response.content.decode()


def test_next_step_renders_nothing_for_anonymous_visitors_even_in_a_preview(rf):
    block = HomePage._meta.get_field("body").stream_block.child_blocks["next_step"]
    request = rf.get("/")
    request.user = AnonymousUser()
    value = block.to_python({"heading": "Verder leren"})

    assert block.render(value, {"request": request}).strip() == ""
