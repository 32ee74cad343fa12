"""axe-core finds no WCAG 2.1 AA violations on the pages the journeys do not walk:
forum forms and moderation, session pages for coordinators and trainers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.demo import DEMO_PASSWORD
from forums.models import Post, Thread
from lms.models import Membership, Organisation, User
from training.models import TrainingSession

from .conftest import assert_accessible
from .test_navigation import log_in_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_forum_session_and_trainer_pages_pass_axe(page, live_server, settings):
    settings.DEBUG = True  # load_demo refuses otherwise
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    thread = Thread.objects.filter(forum__module__isnull=False).first()
    post = Post.objects.filter(thread=thread).last()
    session = TrainingSession.objects.get(title="Digihelperopleiding Leuven")

    log_in_to(
        page,
        User.objects.get(email="trainer@demo.digitaalmeedoen.be"),
        DEMO_PASSWORD,
        "**/trainer/",
    )
    for url in [
        reverse("forums:forum_thread_new", args=[thread.forum_id]),
        reverse("forums:forum_post_report", args=[post.pk]),
        reverse("forums:forum_post_moderate", args=[post.pk]),
        reverse("forums:forum_thread_moderate", args=[thread.pk]),
        reverse("training:trainer_session", args=[session.pk]),
        reverse("training:session_detail", args=[session.pk]),
    ]:
        page.goto(url)
        assert_accessible(page, url)
    page.get_by_role("button", name="Afmelden").click()

    log_in_to(
        page,
        User.objects.get(email="coordinator@demo.digitaalmeedoen.be"),
        DEMO_PASSWORD,
        "**/organisatie/*/",
    )
    for url in [reverse("training:session_request"), reverse("training:session_list")]:
        page.goto(url)
        assert_accessible(page, url)
    # The coordinator's pages of Stad Mechelen, with the demo's teams and progress.
    mechelen = Organisation.objects.get(name="Stad Mechelen")
    learner = Membership.objects.get(
        organisation=mechelen, user__email="leerling@demo.digitaalmeedoen.be"
    )
    org = [mechelen.pk]
    for url in [
        reverse("coordination:home", args=org),
        reverse("coordination:progress", args=org) + "?status=overdue",
        reverse("coordination:summary", args=org),
        reverse("coordination:member_detail", args=[mechelen.pk, learner.pk]),
        reverse("coordination:members", args=org),
        reverse("coordination:member_import", args=org),
        reverse("coordination:assignments", args=org),
        reverse("coordination:follow_ups", args=org),
        reverse("coordination:reminders", args=org),
        reverse("coordination:log", args=org),
        reverse("coordination:my_reminders"),
        reverse("privacy:mine"),
        "/privacy/",
    ]:
        page.goto(url)
        assert_accessible(page, url)
    # A refused request (below 12) shows its errors accessibly too.
    page.goto(reverse("training:session_request"))
    page.locator("#id_participants").fill("8")
    page.locator("main form button[type=submit]").click()
    assert_accessible(page, "request refused")
