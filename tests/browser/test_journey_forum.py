"""A learner asks in the module forum, a trainer answers and marks it answered, the
learner gets the mail, and the module that asks for a forum post is now complete."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from courses.models import LessonPage
from courses.services import enrolment_create, section_progress_record
from forums.models import Forum
from lms.models import Membership
from tests.factories import MembershipFactory, VerifiedUserFactory, build_course
from tests.factories.people import PASSWORD

from .conftest import assert_accessible, log_in
from .test_navigation import log_in_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page) -> None:
    page.get_by_role("button", name="Afmelden").click()


def test_question_answer_mail_and_module_completion(page, live_server):
    course = build_course(modules=1, lessons=1, sections=2)
    module = course.get_children().get().specific
    module.requires_forum_post = True
    module.save()
    learner = VerifiedUserFactory(first_name="Lotte", last_name="Peeters")
    enrolment_create(user=learner, course=course)
    lesson = LessonPage.objects.descendant_of(module).get()
    for section_id in lesson.section_ids:
        section_progress_record(user=learner, lesson=lesson, section_id=section_id)
    trainer = VerifiedUserFactory(first_name="Sofie", last_name="Wouters")
    MembershipFactory(user=trainer, role=Membership.Role.TRAINER)

    # The learner sees what is missing and goes to the module's forum.
    log_in(page, learner, PASSWORD)
    page.goto(module.url)
    missing = page.locator(".missing")
    assert "forum" in missing.inner_text()
    page.get_by_role("link", name=re.compile("^Forum van module")).click()
    assert_accessible(page, "forum")
    page.get_by_role("link", name="Een vraag stellen").click()
    assert_accessible(page, "new thread")
    page.locator("#id_title").fill("Burger is zijn itsme-code vergeten")
    page.locator("#id_body").fill("Wat doe ik als een burger zijn code kwijt is?")
    page.get_by_role("button", name="Plaatsen").click()
    assert page.get_by_role("heading", name="Burger is zijn itsme-code vergeten")
    assert_accessible(page, "thread")

    # Writing in the forum completed the module.
    page.goto(module.url)
    assert page.locator(".missing").count() == 0
    expect(page.get_by_text("Je hebt deze module voltooid")).to_be_visible()
    log_out(page)

    # The trainer answers and marks the answer.
    mail.outbox.clear()
    log_in_to(page, trainer, PASSWORD, "**/trainer/")
    page.goto("/forum/")
    page.get_by_role("link", name=re.compile(module.title)).click()
    page.get_by_role("link", name="Burger is zijn itsme-code vergeten").click()
    page.locator("#id_body").fill("Laat de burger itsme opnieuw activeren met de eID.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    page.get_by_role("button", name="Dit is het antwoord").click()
    assert page.locator(".post--answer").inner_text().count("opnieuw activeren") == 1
    log_out(page)

    # The learner got a mail and follows its link to the answered thread.
    assert [m.to for m in mail.outbox] == [[learner.email]]
    body = mail.outbox[0].body
    assert "Laat de burger itsme opnieuw activeren" in body
    link = re.search(r"http://\S+/forum/bericht/\d+/", body).group(0)
    log_in(page, learner, PASSWORD)
    page.goto("/" + link.split("/", 3)[3])  # the mail names the site's own host
    expect(page.locator(".thread-status").get_by_text("Beantwoord")).to_be_visible()
    assert_accessible(page, "answered thread")
    forum = Forum.objects.get(module=module)
    assert forum.threads.get().answer.author == trainer
