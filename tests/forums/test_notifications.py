"""Mail to followers: who gets what, when, once, with a working unsubscribe link."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forums import services
from forums.models import Forum, PostNotification, Subscription
from forums.notifications import forum_digests_send
from forums.selectors import viewer_for
from forums.tasks import forum_post_notify, send_forum_digests
from tests.conftest import mailing_worker, mails_in, tasks_queued
from tests.factories import (
    ForumFactory,
    MembershipFactory,
    OrganisationFactory,
    ThreadFactory,
    UserFactory,
)
from tests.waiting import broker_drained, wait_until

pytestmark = pytest.mark.django_db


def _reply(thread, author=None, source="Probeer het opnieuw te activeren."):
    return services.post_reply(
        viewer=viewer_for(author or UserFactory()), thread=thread, source=source
    )


def _follow_thread(thread, **user_fields):
    user = UserFactory(**user_fields)
    Subscription.objects.create(user=user, thread=thread)
    return user


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_thread_and_forum_followers_get_one_mail_each_the_author_none(
    django_capture_on_commit_callbacks,
):
    thread = ThreadFactory()
    asker = thread.author
    Subscription.objects.create(user=asker, thread=thread)
    thread_follower = _follow_thread(thread)
    forum_follower = UserFactory()
    Subscription.objects.create(user=forum_follower, forum=thread.forum)
    both = _follow_thread(thread)
    Subscription.objects.create(user=both, forum=thread.forum)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread, author=thread_follower)
    assert _recipients() == sorted([asker.email, forum_follower.email, both.email])


def test_followers_who_chose_a_digest_or_no_mail_get_nothing_right_away(
    django_capture_on_commit_callbacks,
):
    thread = ThreadFactory()
    daily = _follow_thread(thread, forum_mail="daily")
    _follow_thread(thread, forum_mail="off")
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread)
    assert mail.outbox == []
    assert list(PostNotification.objects.values_list("user", flat=True)) == [daily.pk]


def test_followers_who_lost_access_to_the_forum_get_no_mail(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    forum = ForumFactory(
        audience=Forum.Audience.ORGANISATION, organisation=organisation
    )
    thread = ThreadFactory(forum=forum)
    member = _follow_thread(thread)
    MembershipFactory(user=member, organisation=organisation)
    left = _follow_thread(thread)  # followed, then left the organisation
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread)
    assert member.email in _recipients()
    assert left.email not in _recipients()


def test_the_mail_shows_the_post_links_to_it_and_unsubscribes_in_one_click(
    django_capture_on_commit_callbacks,
):
    thread = ThreadFactory(title="Code vergeten")
    follower = _follow_thread(thread)
    with django_capture_on_commit_callbacks(execute=True):
        post = _reply(thread, source="Ga naar <b>itsme</b>.")
    message = mail.outbox[0]
    assert "Code vergeten" in message.subject
    assert "Ga naar itsme." in message.body
    assert reverse("forums:forum_post", args=[post.pk]) in message.body
    html = message.alternatives[0][0]
    assert "<b>itsme</b>" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body and unsubscribe in html
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    path = unsubscribe.split("//", 1)[1].split("/", 1)[1]
    response = Client(HTTP_HOST="localhost").post("/" + path)
    assert response.status_code == 200
    assert not Subscription.objects.filter(user=follower, thread=thread).exists()


def test_the_mail_is_in_the_followers_language(django_capture_on_commit_callbacks):
    thread = ThreadFactory()
    _follow_thread(thread, preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        _reply(thread)
    with translation.override("fr"):
        expected = gettext("New in “%(title)s”") % {"title": thread.title}
    assert mail.outbox[0].subject == expected
    assert expected != f"New in “{thread.title}”"


def test_the_task_run_twice_sends_each_mail_once():
    thread = ThreadFactory()
    _follow_thread(thread)
    _follow_thread(thread)
    post = _reply(thread)  # inside the test's transaction: nothing queued yet
    forum_post_notify(post.pk)
    forum_post_notify(post.pk)
    assert len(mail.outbox) == 2
    assert PostNotification.objects.filter(sent_at__isnull=True).count() == 0


def test_a_failed_mail_is_released_for_the_retry(monkeypatch):
    thread = ThreadFactory()
    _follow_thread(thread)
    post = _reply(thread)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(OSError):
        forum_post_notify.run(post.pk)
    assert PostNotification.objects.get().sent_at is None
    monkeypatch.undo()
    forum_post_notify.run(post.pk)
    assert len(mail.outbox) == 1


def test_the_daily_digest_gathers_the_posts_in_one_mail_once():
    thread = ThreadFactory(title="Aanslagbiljet")
    other = ThreadFactory(forum=thread.forum, title="Pensioen")
    daily = _follow_thread(thread, forum_mail="daily")
    Subscription.objects.create(user=daily, thread=other)
    weekly = _follow_thread(thread, forum_mail="weekly")
    for source in ("Eerste tip", "Tweede tip"):
        forum_post_notify(_reply(thread, source=source).pk)
    forum_post_notify(_reply(other, source="Derde tip").pk)
    assert mail.outbox == []
    assert forum_digests_send("daily") == 1
    assert forum_digests_send("daily") == 0
    assert _recipients() == [daily.email]
    body = mail.outbox[0].body
    assert all(tip in body for tip in ("Eerste tip", "Tweede tip", "Derde tip"))
    assert "Aanslagbiljet" in body and "Pensioen" in body
    assert "/forum/uitschrijven/" in body
    send_forum_digests("weekly")
    assert _recipients() == sorted([daily.email, weekly.email])


def test_hidden_posts_are_left_out_of_the_digest():
    thread = ThreadFactory()
    _follow_thread(thread, forum_mail="daily")
    post = _reply(thread, source="Verborgen spam")
    forum_post_notify(post.pk)
    trainer = MembershipFactory(role="trainer").user
    services.post_hide(viewer=viewer_for(trainer), post=post, reason="Spam")
    assert forum_digests_send("daily") == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_mails_each_follower_once_even_when_the_task_is_queued_twice(
    settings, tmp_path
):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (CI)")
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    thread = ThreadFactory()
    followers = [_follow_thread(thread) for _ in range(3)]
    daily = _follow_thread(thread, forum_mail="daily")
    with (
        tasks_queued(),
        mailing_worker(settings, outbox),
    ):
        post = _reply(thread)  # queued on commit
        forum_post_notify.delay(post.pk)  # and delivered once more
        forum_post_notify.delay(post.pk)
        assert wait_until(lambda: len(mails_in(outbox)) >= 3)
        # The duplicate deliveries have done (nothing).
        assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
        send_forum_digests.delay("daily")
        assert wait_until(lambda: len(mails_in(outbox)) >= 4)
        assert wait_until(broker_drained(settings.CELERY_BROKER_URL))
    recipients = sorted(m["To"] for m in mails_in(outbox))
    assert recipients == sorted(u.email for u in [*followers, daily])
    for message in mails_in(outbox):
        text = message.get_payload(0).get_payload(decode=True).decode()
        assert re.search(r"/forum/uitschrijven/\S+/", text)
