"""Query budgets of the forum pages: the same number of queries for 1 or 30 forums,
threads, posts or reports, so an N+1 fails the build."""

import pytest
from django.urls import reverse

from forums.models import PostReport
from lms.models import Membership
from tests.factories import (
    ForumFactory,
    MembershipFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    build_course,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

BUDGET = 17  # includes the menu's "does this user coordinate an organisation?"


def test_the_forum_index_costs_the_same_for_1_or_30_forums(client):
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    client.force_login(trainer)
    build_course(modules=1)
    ThreadFactory(forum=ForumFactory())
    one = queries_for(client, reverse("forums:forum_index"))
    build_course(modules=15)
    for _ in range(14):
        ThreadFactory(forum=ForumFactory())
    many = queries_for(client, reverse("forums:forum_index"))
    assert many == one <= BUDGET


def test_a_forums_thread_list_costs_the_same_for_1_or_30_threads(client):
    forum = ForumFactory()
    client.force_login(UserFactory())
    ThreadFactory(forum=forum)
    url = reverse("forums:forum_detail", args=[forum.pk])
    one = queries_for(client, url)
    for _ in range(29):
        ThreadFactory(forum=forum)
    assert queries_for(client, url) == one <= BUDGET
    assert queries_for(client, url + "?q=Hallo") <= BUDGET


def test_a_thread_page_of_50_posts_costs_the_same_as_one_of_1(client):
    thread = ThreadFactory()
    client.force_login(thread.author)  # the author may edit: the check runs per post
    url = reverse("forums:forum_thread", args=[thread.pk])
    one = queries_for(client, url)
    previous = thread.posts.get()
    for _ in range(49):
        previous = PostFactory(thread=thread, reply_to=previous, author=UserFactory())
    client.force_login(MembershipFactory(role=Membership.Role.TRAINER).user)
    many = queries_for(client, url)
    client.force_login(thread.author)
    assert queries_for(client, url) == one
    assert many <= BUDGET and one <= BUDGET


def test_the_moderation_queue_costs_the_same_for_1_or_30_reports(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("forums_moderation_queue")

    def report():
        PostReport.objects.create(
            post=PostFactory(), reporter=UserFactory(), reason="spam"
        )

    report()
    one = queries_for(client, url)
    for _ in range(29):
        report()
    assert queries_for(client, url) == one
    assert one <= BUDGET + 10  # the Wagtail admin's own page costs some
