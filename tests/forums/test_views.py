"""The forum pages: access per forum audience, CSRF, images, search, unread markers,
answers, edit and unsubscribe links."""

import io
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from forums.models import Forum, Post, Subscription, Thread, ThreadRead
from forums.notifications import unsubscribe_token
from lms.models import Membership
from tests.factories import (
    EnrolmentFactory,
    ForumFactory,
    MembershipFactory,
    ModulePageFactory,
    OrganisationFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _login(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


def _png(size=(40, 30), mode="RGB", fmt="PNG") -> io.BytesIO:
    data = io.BytesIO()
    Image.new(mode, size, "red").save(data, fmt)
    data.seek(0)
    data.name = f"foto.{fmt.lower()}"
    return data


# --- Access ------------------------------------------------------------------------


@pytest.fixture
def restricted():
    """An organisation forum with one thread, one post and one image post."""
    organisation = OrganisationFactory()
    forum = ForumFactory(
        audience=Forum.Audience.ORGANISATION, organisation=organisation
    )
    thread = ThreadFactory(forum=forum)
    return organisation, forum, thread, thread.posts.get()


def restricted_urls(forum, thread, post):
    return {
        "forum": reverse("forums:forum_detail", args=[forum.pk]),
        "search": reverse("forums:forum_detail", args=[forum.pk]) + "?q=Hallo",
        "new thread": reverse("forums:forum_thread_new", args=[forum.pk]),
        "thread": reverse("forums:forum_thread", args=[thread.pk]),
        "post": reverse("forums:forum_post", args=[post.pk]),
        "report": reverse("forums:forum_post_report", args=[post.pk]),
        "edit": reverse("forums:forum_post_edit", args=[post.pk]),
        "image": reverse("forums:forum_post_image", args=[post.pk]),
    }


RESTRICTED_POSTS = {
    "reply": lambda f, t, p: reverse("forums:forum_reply", args=[t.pk]),
    "follow thread": lambda f, t, p: reverse("forums:forum_thread_follow", args=[t.pk]),
    "follow forum": lambda f, t, p: reverse("forums:forum_follow", args=[f.pk]),
    "answer": lambda f, t, p: reverse("forums:forum_answer", args=[t.pk]),
    "report": lambda f, t, p: reverse("forums:forum_post_report", args=[p.pk]),
}


@pytest.mark.parametrize(
    "name",
    ["forum", "search", "new thread", "thread", "post", "report", "edit", "image"],
)
def test_outsiders_get_404_on_everything_of_a_restricted_forum(
    client, restricted, name
):
    _organisation, forum, thread, post = restricted
    _login(client)
    assert client.get(restricted_urls(forum, thread, post)[name]).status_code == 404


@pytest.mark.parametrize("name", RESTRICTED_POSTS)
def test_outsiders_cannot_post_into_a_restricted_forum(client, restricted, name):
    _organisation, forum, thread, post = restricted
    _login(client)
    url = RESTRICTED_POSTS[name](forum, thread, post)
    response = client.post(url, {"body": "Binnengedrongen", "reason": "spam"})
    assert response.status_code == 404
    assert not Post.objects.filter(text="Binnengedrongen").exists()


def test_members_read_and_search_their_organisation_forum(client, restricted):
    organisation, forum, thread, _post = restricted
    user = _login(client)
    MembershipFactory(user=user, organisation=organisation)
    response = client.get(
        reverse("forums:forum_detail", args=[forum.pk]), {"q": "Hallo"}
    )
    assert response.status_code == 200
    assert thread.title in response.content.decode()
    assert (
        client.get(reverse("forums:forum_thread", args=[thread.pk])).status_code == 200
    )


def test_the_forum_index_lists_only_what_the_user_may_read(client, restricted):
    _organisation, forum, _thread, _post = restricted
    open_forum = ForumFactory(title="Voor iedereen")
    module = ModulePageFactory(title="Module voor ingeschrevenen")
    _login(client)
    html = client.get(reverse("forums:forum_index")).content.decode()
    assert open_forum.title in html
    assert forum.title not in html
    assert module.title not in html


def test_module_forums_are_for_the_course_learners_and_the_trainers(client):
    module = ModulePageFactory()
    forum = Forum.objects.get(module=module)
    url = reverse("forums:forum_detail", args=[forum.pk])
    user = _login(client)
    assert client.get(url).status_code == 404
    EnrolmentFactory(user=user, course=module.get_parent().specific)
    assert client.get(url).status_code == 200
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    _login(client, trainer)
    assert client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client):
    forum = ForumFactory()
    response = client.get(reverse("forums:forum_detail", args=[forum.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_hidden_threads_are_404_for_learners_but_shown_to_moderators(client):
    thread = ThreadFactory(is_hidden=True)
    url = reverse("forums:forum_thread", args=[thread.pk])
    _login(client)
    assert client.get(url).status_code == 404
    _login(client, MembershipFactory(role=Membership.Role.TRAINER).user)
    assert client.get(url).status_code == 200


def test_moderation_pages_are_404_for_learners(client):
    thread = ThreadFactory()
    post = thread.posts.get()
    _login(client)
    for url in (
        reverse("forums:forum_post_moderate", args=[post.pk]),
        reverse("forums:forum_thread_moderate", args=[thread.pk]),
    ):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"action": "hide", "hide-reason": "x"}).status_code == 404
        )
    post.refresh_from_db()
    assert not post.is_hidden


FORUM_POSTS = {
    "new thread": lambda t, p: reverse("forums:forum_thread_new", args=[t.forum_id]),
    "reply": lambda t, p: reverse("forums:forum_reply", args=[t.pk]),
    "follow": lambda t, p: reverse("forums:forum_thread_follow", args=[t.pk]),
    "answer": lambda t, p: reverse("forums:forum_answer", args=[t.pk]),
    "edit": lambda t, p: reverse("forums:forum_post_edit", args=[p.pk]),
    "report": lambda t, p: reverse("forums:forum_post_report", args=[p.pk]),
    "moderate": lambda t, p: reverse("forums:forum_post_moderate", args=[p.pk]),
}


@pytest.mark.parametrize("name", FORUM_POSTS)
def test_every_forum_post_needs_a_csrf_token(name):
    trainer = MembershipFactory(role=Membership.Role.TRAINER).user
    thread = ThreadFactory(author=trainer)
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(trainer)
    response = client.post(
        FORUM_POSTS[name](thread, thread.posts.get()),
        {"title": "T", "body": "B", "kind": "question", "follow": "1"},
    )
    assert response.status_code == 403


# --- Posting through the pages -----------------------------------------------------


def test_asking_a_question_and_replying_with_a_quote(client):
    forum = ForumFactory()
    asker = _login(client)
    response = client.post(
        reverse("forums:forum_thread_new", args=[forum.pk]),
        {"title": "Code vergeten", "kind": "question", "body": "Wat nu?"},
        follow=True,
    )
    thread = Thread.objects.get(title="Code vergeten")
    assert response.redirect_chain[-1][0] == reverse(
        "forums:forum_thread", args=[thread.pk]
    )
    first = thread.posts.get()
    _login(client)
    client.post(
        reverse("forums:forum_reply", args=[thread.pk]),
        {"body": "Opnieuw activeren.", "reply_to": first.pk},
    )
    reply = thread.posts.last()
    assert reply.reply_to == first
    html = client.get(reverse("forums:forum_thread", args=[thread.pk])).content.decode()
    quote = re.search(r'<blockquote class="post__quote">(.*?)</blockquote>', html, re.S)
    assert asker.get_full_name() in quote.group(1)
    assert "Wat nu?" in quote.group(1)


def test_a_refused_reply_keeps_what_was_typed(client, settings):
    settings.FORUM_POST_RATE = (1, 600)
    thread = ThreadFactory()
    _login(client)
    url = reverse("forums:forum_reply", args=[thread.pk])
    client.post(url, {"body": "Eerste"})
    response = client.post(url, {"body": "Tweede, met veel werk in"})
    assert response.status_code == 400
    assert "Tweede, met veel werk in" in response.content.decode()
    assert thread.posts.count() == 2


def test_the_asker_marks_the_answer_and_the_listing_shows_it(client):
    thread = ThreadFactory()
    answer = PostFactory(thread=thread)
    _login(client, thread.author)
    client.post(reverse("forums:forum_answer", args=[thread.pk]), {"post": answer.pk})
    thread.refresh_from_db()
    assert thread.answer == answer
    html = client.get(reverse("forums:forum_detail", args=[thread.forum_id])).content
    assert "Beantwoord" in html.decode()


def test_someone_else_cannot_mark_the_answer(client):
    thread = ThreadFactory()
    answer = PostFactory(thread=thread)
    _login(client)
    response = client.post(
        reverse("forums:forum_answer", args=[thread.pk]), {"post": answer.pk}
    )
    assert response.status_code == 404
    thread.refresh_from_db()
    assert thread.answer is None


def test_editing_after_the_window_is_refused(client, settings):
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.FORUM_EDIT_MINUTES + 5)
    )
    _login(client, post.author)
    response = client.post(
        reverse("forums:forum_post_edit", args=[post.pk]), {"body": "Te laat"}
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.text != "Te laat"


def test_another_users_post_cannot_be_edited(client):
    post = PostFactory()
    _login(client)
    url = reverse("forums:forum_post_edit", args=[post.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Gekaapt"}).status_code == 404


def test_an_image_is_re_encoded_and_served_only_through_the_access_check(client):
    thread = ThreadFactory()
    _login(client)
    photo = _png((3000, 1000))
    client.post(
        reverse("forums:forum_reply", args=[thread.pk]),
        {"body": "Zie foto", "image": photo, "image_alt": "Het foutscherm"},
    )
    post = thread.posts.get(text="Zie foto")
    assert post.image.name.startswith("forum/") and post.image.name.endswith(".jpg")
    assert "foto" not in post.image.name  # the uploaded name is not kept
    with Image.open(post.image.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1600
    response = client.get(reverse("forums:forum_post_image", args=[post.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    html = client.get(reverse("forums:forum_thread", args=[thread.pk])).content.decode()
    assert 'alt="Het foutscherm"' in html


@pytest.mark.parametrize(
    "upload, message",
    [
        (io.BytesIO(b"<svg onload=alert(1)></svg>"), "not an image"),
        (io.BytesIO(b"GIF89a" + b"\x00" * 20), "not an image"),
    ],
)
def test_a_bad_image_is_refused_with_a_message_and_nothing_is_written(
    client, upload, message, settings
):
    thread = ThreadFactory()
    _login(client)
    upload.name = "plaatje.png"
    response = client.post(
        reverse("forums:forum_reply", args=[thread.pk]),
        {"body": "Met bijlage", "image": upload, "image_alt": "x"},
    )
    assert response.status_code == 400
    assert "Met bijlage" in response.content.decode()
    assert thread.posts.count() == 1
    assert not (settings.PRIVATE_MEDIA_ROOT / "forum").exists()


def test_an_image_needs_a_description(client):
    thread = ThreadFactory()
    _login(client)
    response = client.post(
        reverse("forums:forum_reply", args=[thread.pk]),
        {"body": "Foto", "image": _png()},
    )
    assert response.status_code == 400
    assert thread.posts.count() == 1


def _image_post(thread=None, **fields) -> Post:
    """A post with a stored image, as the reply form leaves it."""
    post = PostFactory(thread=thread or ThreadFactory(), image_alt="Foto", **fields)
    post.image.save("foto.jpg", ContentFile(_png(fmt="JPEG").read()))
    return post


def _image_status(client, post, user) -> int:
    _login(client, user)
    return client.get(reverse("forums:forum_post_image", args=[post.pk])).status_code


def _trainer():
    return MembershipFactory(role=Membership.Role.TRAINER).user


def test_the_image_of_a_hidden_post_is_404_but_shown_to_moderators(client):
    post = _image_post(is_hidden=True)
    assert _image_status(client, post, UserFactory()) == 404
    assert _image_status(client, post, post.author) == 404  # its author too
    assert _image_status(client, post, _trainer()) == 200


def test_the_image_of_a_post_in_a_hidden_thread_is_404_but_shown_to_moderators(
    client,
):
    post = _image_post(ThreadFactory(is_hidden=True))
    assert _image_status(client, post, UserFactory()) == 404
    assert _image_status(client, post, _trainer()) == 200


def test_the_image_of_a_post_in_a_deleted_thread_is_404(client):
    post = _image_post()
    moderator = _trainer()
    post.thread.delete()
    assert _image_status(client, post, moderator) == 404


def test_an_image_in_another_organisations_forum_is_404(client):
    organisation = OrganisationFactory()
    forum = ForumFactory(
        audience=Forum.Audience.ORGANISATION, organisation=organisation
    )
    post = _image_post(ThreadFactory(forum=forum))
    assert _image_status(client, post, UserFactory()) == 404
    assert _image_status(client, post, _trainer()) == 404
    member = MembershipFactory(organisation=organisation).user
    assert _image_status(client, post, member) == 200


def test_an_image_in_the_forum_of_an_unpublished_module_is_404(client):
    module = ModulePageFactory()
    post = _image_post(ThreadFactory(forum=Forum.objects.get(module=module)))
    learner = EnrolmentFactory(user=UserFactory(), course=module.get_parent().specific)
    assert _image_status(client, post, learner.user) == 200
    module.unpublish()
    assert _image_status(client, post, learner.user) == 404
    assert _image_status(client, post, _trainer()) == 404


def test_anonymous_visitors_get_no_image(client):
    post = _image_post()
    response = client.get(reverse("forums:forum_post_image", args=[post.pk]))
    assert response.status_code == 302
    assert not getattr(response, "streaming", False)


# --- Listing, search and unread ------------------------------------------------------


def test_threads_are_listed_pinned_first_then_newest_activity(client):
    forum = ForumFactory()
    now = timezone.now()
    old = ThreadFactory(forum=forum, title="Oud", last_activity_at=now - timedelta(2))
    new = ThreadFactory(forum=forum, title="Nieuw", last_activity_at=now)
    pinned = ThreadFactory(
        forum=forum, title="Vast", is_pinned=True, last_activity_at=now - timedelta(9)
    )
    _login(client)
    response = client.get(reverse("forums:forum_detail", args=[forum.pk]))
    assert [t.pk for t in response.context["page"].object_list] == [
        pinned.pk,
        new.pk,
        old.pk,
    ]


def test_search_finds_titles_and_post_text_but_not_hidden_posts(client):
    forum = ForumFactory()
    by_title = ThreadFactory(forum=forum, title="MyMinfin aanslagbiljet")
    by_text = ThreadFactory(forum=forum, title="Vraag")
    PostFactory(thread=by_text, source="Kijk bij documenten in MyMinfin")
    hidden = ThreadFactory(forum=forum, title="Andere")
    PostFactory(thread=hidden, source="MyMinfin spam", is_hidden=True)
    ThreadFactory(forum=forum, title="Niets")
    _login(client)
    response = client.get(
        reverse("forums:forum_detail", args=[forum.pk]), {"q": "myminfin"}
    )
    found = {t.pk for t in response.context["page"].object_list}
    assert found == {by_title.pk, by_text.pk}


def test_unread_markers_clear_when_the_thread_is_read(client):
    forum = ForumFactory()
    thread = ThreadFactory(forum=forum)
    user = _login(client)
    url = reverse("forums:forum_detail", args=[forum.pk])
    assert client.get(url).context["page"].object_list[0].unread
    client.get(reverse("forums:forum_thread", args=[thread.pk]))
    assert not client.get(url).context["page"].object_list[0].unread
    assert ThreadRead.objects.filter(user=user, thread=thread).exists()
    Thread.objects.filter(pk=thread.pk).update(
        last_activity_at=timezone.now() + timedelta(seconds=5)
    )
    assert client.get(url).context["page"].object_list[0].unread


def test_a_thread_of_120_posts_is_paginated_and_mail_links_find_the_page(client):
    thread = ThreadFactory()
    posts = [PostFactory(thread=thread) for _ in range(119)]
    _login(client)
    url = reverse("forums:forum_thread", args=[thread.pk])
    assert len(client.get(url).context["page"].object_list) == 50
    assert len(client.get(url, {"pagina": 3}).context["page"].object_list) == 20
    response = client.get(reverse("forums:forum_post", args=[posts[-1].pk]))
    assert response["Location"] == f"{url}?pagina=3#post-{posts[-1].pk}"


def test_following_and_unfollowing_a_forum(client):
    forum = ForumFactory()
    user = _login(client)
    url = reverse("forums:forum_follow", args=[forum.pk])
    client.post(url, {"follow": "1"})
    client.post(url, {"follow": "1"})
    assert Subscription.objects.filter(user=user, forum=forum).count() == 1
    client.post(url, {"follow": "0"})
    assert not Subscription.objects.filter(user=user, forum=forum).exists()


# --- Unsubscribe without logging in ----------------------------------------------


def test_the_unsubscribe_link_works_without_login_and_only_on_post(client):
    thread = ThreadFactory()
    user = thread.author
    Subscription.objects.get_or_create(user=user, thread=thread)
    url = reverse(
        "forums:forum_unsubscribe", args=[unsubscribe_token(user, "thread", thread.pk)]
    )
    assert client.get(url).status_code == 200
    assert Subscription.objects.filter(user=user, thread=thread).exists()
    # A mail program's one-click POST carries no CSRF cookie: the token is the secret.
    one_click = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    assert one_click.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscription.objects.filter(user=user, thread=thread).exists()


def test_unsubscribe_all_switches_forum_mail_off(client):
    user = UserFactory()
    client.post(
        reverse("forums:forum_unsubscribe", args=[unsubscribe_token(user, "all")])
    )
    user.refresh_from_db()
    assert user.forum_mail == "off"


def test_a_tampered_unsubscribe_token_is_404(client):
    other = UserFactory()
    genuine = unsubscribe_token(UserFactory(), "all")
    payload, signature = genuine.rsplit(":", 1)
    forged = [
        signing.dumps({"u": other.pk, "s": "all", "id": None}, salt="another salt"),
        signing.dumps({"u": other.pk, "s": "all", "id": None}, key="not-the-key"),
        f"{payload}:{signature[::-1]}",
    ]
    for token in forged:
        url = reverse("forums:forum_unsubscribe", args=[token])
        assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.forum_mail == "immediate"


# --- Moderation on the site ------------------------------------------------------


def test_a_trainer_locks_pins_moves_hides_and_suspends_from_the_site(client):
    trainer = _login(client, MembershipFactory(role=Membership.Role.TRAINER).user)
    thread = ThreadFactory()
    reply = PostFactory(thread=thread)
    target = ForumFactory(title="Praktische vragen")
    url = reverse("forums:forum_thread_moderate", args=[thread.pk])
    client.post(url, {"action": "locked", "flag-reason": "Afgerond"})
    client.post(url, {"action": "pinned", "flag-reason": "Veel gevraagd"})
    move = {"action": "move", "move-forum": target.pk}
    response = client.post(url, {**move, "move-reason": ""})
    assert response.status_code == 400  # no reason: nothing moved
    client.post(url, {**move, "move-reason": "Hoort daar"})
    thread.refresh_from_db()
    assert (thread.is_locked, thread.is_pinned, thread.forum) == (True, True, target)
    post_url = reverse("forums:forum_post_moderate", args=[reply.pk])
    client.post(post_url, {"action": "hide", "hide-reason": "Persoonsgegevens"})
    client.post(
        post_url,
        {"action": "suspend", "suspend-days": "7", "suspend-reason": "Herhaald"},
    )
    reply.refresh_from_db()
    assert reply.is_hidden
    assert reply.author.posting_suspensions.get().created_by == trainer
    thread_url = reverse("forums:forum_thread", args=[thread.pk])
    assert "Persoonsgegevens" not in client.get(thread_url).content.decode()
    _login(client)
    assert reply.text not in client.get(thread_url).content.decode()
    reply_url = reverse("forums:forum_reply", args=[thread.pk])
    assert client.post(reply_url, {"body": "Mag het nog?"}).status_code == 400
    assert not thread.posts.filter(text="Mag het nog?").exists()
