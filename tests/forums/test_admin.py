"""The moderation queue and log in the Wagtail admin, and the forum snippet."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from forums.models import Forum, ModerationAction, PostReport
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _moderator():
    """An editor whose group holds the forum moderation permission."""
    group = Group.objects.create(name="Moderatoren")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_forum"),
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


def test_reports_wait_in_the_queue_and_a_moderator_hides_the_post(client):
    post = PostFactory(source="Koop goedkope sneakers")
    PostReport.objects.create(post=post, reporter=UserFactory(), reason="spam")
    PostReport.objects.create(
        post=post, reporter=UserFactory(), reason="other", comment="Reclame"
    )
    moderator = _moderator()
    client.force_login(moderator)
    html = client.get(reverse("forums_moderation_queue")).content.decode()
    assert "Koop goedkope sneakers" in html and "Reclame" in html
    client.post(
        reverse("forums_moderation_decide", args=[post.pk]),
        {"action": "hide", "reason": "Reclame voor schoenen"},
    )
    post.refresh_from_db()
    assert post.is_hidden
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor, action.reason) == (
        "hide",
        moderator,
        "Reclame voor schoenen",
    )
    assert (
        "Koop goedkope sneakers"
        not in client.get(reverse("forums_moderation_queue")).content.decode()
    )
    log = client.get(reverse("forums_moderation_log")).content.decode()
    assert "Reclame voor schoenen" in log


def test_dismissing_keeps_the_post_and_needs_a_reason(client):
    post = PostFactory()
    PostReport.objects.create(post=post, reporter=UserFactory(), reason="wrong")
    client.force_login(_moderator())
    url = reverse("forums_moderation_decide", args=[post.pk])
    client.post(url, {"action": "dismiss", "reason": ""})
    assert PostReport.objects.filter(resolved_at__isnull=True).exists()
    client.post(url, {"action": "dismiss", "reason": "Klopt wel"})
    post.refresh_from_db()
    assert not post.is_hidden
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
    assert ModerationAction.objects.get().kind == "dismiss"


def test_editors_without_the_permission_cannot_moderate(client):
    post = PostFactory()
    PostReport.objects.create(post=post, reporter=UserFactory(), reason="spam")
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in (
        reverse("forums_moderation_queue"),
        reverse("forums_moderation_log"),
    ):
        assert client.get(url).status_code in (302, 403)
    client.post(
        reverse("forums_moderation_decide", args=[post.pk]),
        {"action": "hide", "reason": "x"},
    )
    post.refresh_from_db()
    assert not post.is_hidden


def test_an_organisation_forum_needs_its_organisation(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("wagtailsnippets_forums_forum:add"),
        {"title": "Alleen voor ons", "audience": "organisation", "position": 0},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Forum.objects.filter(title="Alleen voor ons").exists()
