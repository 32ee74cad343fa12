"""The cached routes, view restrictions, course structures, menu and roles follow what
they are made of: a publish, unpublish, move, delete, new restriction, membership or
permission shows on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import PageViewRestriction

from courses.models import LessonPage, ModulePage
from courses.services import enrolment_create
from lms import content_cache
from lms.content_cache import CONTENT
from lms.models import Membership
from tests.factories import UserFactory, build_course
from tests.factories.courses import LessonPageFactory, lesson_body
from tests.factories.people import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_unpublishing_and_publishing_a_page_is_seen_at_once(client, learner):
    course = build_course()
    assert client.get(course.url).status_code == 200
    course.unpublish()
    assert client.get(course.url).status_code == 404
    course.save_revision().publish()
    assert client.get(course.url).status_code == 200


def test_a_new_lesson_and_a_new_title_show_on_the_module_page(client, learner):
    course = build_course(lessons=1)
    enrolment_create(user=learner, course=course)
    module = ModulePage.objects.child_of(course).get()
    assert "Nieuwe les" not in client.get(module.url).content.decode()
    LessonPageFactory(parent=module, title="Nieuwe les", body=lesson_body(2))
    assert "Nieuwe les" in client.get(module.url).content.decode()

    lesson = LessonPage.objects.child_of(module).first()
    lesson.title = "Andere titel"
    lesson.save_revision().publish()
    page = client.get(lesson.url + "onderdeel/1/").content.decode()
    assert "Andere titel" in page


def test_a_moved_module_answers_at_its_new_address(client, learner):
    first, second = build_course(), build_course()
    enrolment_create(user=learner, course=second)
    module = ModulePage.objects.child_of(first).get()
    old_url = module.url
    assert client.get(old_url).status_code == 200
    module.move(second, pos="last-child")
    module.refresh_from_db()
    assert client.get(module.url).status_code == 200
    # The old address leads there (Wagtail's redirect), not to a page that moved.
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, module.url)
    lesson = LessonPage.objects.child_of(module).get()
    assert client.get(lesson.url + "onderdeel/1/").status_code == 200


def test_a_deleted_lesson_is_gone(client, learner):
    course = build_course(lessons=2)
    enrolment_create(user=learner, course=course)
    lesson = LessonPage.objects.descendant_of(course).first()
    url = lesson.url + "onderdeel/1/"
    assert client.get(url).status_code == 200
    lesson.delete()
    assert client.get(url).status_code == 404


def test_a_new_view_restriction_applies_on_the_next_request(client):
    course = build_course()
    assert client.get(course.url).status_code == 200  # anonymous, cached as open
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(course.url)
    assert response.status_code == 302
    assert "login" in response["Location"] or "account" in response["Location"]


def test_the_menu_follows_a_new_role_and_a_new_group_permission(client, learner):
    """The roles behind the menu are cached; a membership, a group or a permission
    given shows on the next request."""
    dashboard = reverse("courses:dashboard")
    organisation_link = reverse("coordination:organisations")
    admin_link = reverse("wagtailadmin_home")
    page = client.get(dashboard).content.decode()
    assert organisation_link not in page and admin_link not in page

    MembershipFactory(user=learner, role=Membership.Role.COORDINATOR)
    assert organisation_link in client.get(dashboard).content.decode()

    editors = Group.objects.create(name="Redacteurs")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    learner.groups.add(editors)
    assert admin_link in client.get(dashboard).content.decode()


def test_an_entry_from_an_earlier_release_is_built_again(monkeypatch):
    """A cached value whose class moved since (it no longer unpickles) counts as
    absent: it is built again and stored over, not a server error."""
    CONTENT.get("probe", lambda: "old")
    real_get_many = cache.get_many

    def unpickling_fails(keys):
        if any("probe" in key for key in keys):
            raise AttributeError("Can't get attribute 'SectionOutline'")
        return real_get_many(keys)

    monkeypatch.setattr(content_cache.cache, "get_many", unpickling_fails)
    assert CONTENT.get("probe", lambda: "new") == "new"
    monkeypatch.undo()
    assert CONTENT.get("probe", lambda: "unused") == "new"
