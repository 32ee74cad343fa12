"""Mail about new posts to the people who follow a thread or a forum.

A new post owes one `PostNotification` row to each follower who may read the forum and
wants mail (never to its author). Rows are unique per post and follower, and a row is
claimed (`sent_at` set) before its mail goes out, so a task delivered twice, or two
workers on the same post, send each mail once. Followers who chose a digest get their
rows in one mail a day or a week, sent by a periodic task.

Every mail carries a signed unsubscribe link that works without logging in.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forums.models import Post, PostNotification, Subscription
from forums.selectors import forum_readers
from lms.links import absolute_url
from lms.models import User

UNSUBSCRIBE_SALT = "forums.unsubscribe"


def unsubscribe_token(user: User, scope: str, pk: int | None = None) -> str:
    """A token that stops `user` following a thread ("thread"), a forum ("forum") or
    stops all forum mail ("all"). Signed, so it needs no login and cannot be forged."""
    return signing.dumps({"u": user.pk, "s": scope, "id": pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User, scope: str, pk: int | None = None) -> str:
    return absolute_url(
        reverse("forums:forum_unsubscribe", args=[unsubscribe_token(user, scope, pk)])
    )


def unsubscribe_read(token: str) -> dict | None:
    """The payload of a valid token, None when it was tampered with."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe_apply(payload: dict) -> None:
    """Carry out an unsubscribe token's request. Repeating it is harmless."""
    user = User.objects.filter(pk=payload["u"]).first()
    if user is None:
        return
    if payload["s"] == "thread":
        Subscription.objects.filter(user=user, thread_id=payload["id"]).delete()
    elif payload["s"] == "forum":
        Subscription.objects.filter(user=user, forum_id=payload["id"]).delete()
    else:
        user.forum_mail = User.ForumMail.OFF
        user.save(update_fields=["forum_mail"])
        # Mails already owed are not sent any more either.
        user.forum_notifications.filter(sent_at__isnull=True).update(
            sent_at=timezone.now()
        )


def post_notifications_queue(post_id: int) -> int:
    """Owe a mail about post `post_id` to each follower who may read it; returns how
    many new rows were written (0 when this ran before)."""
    post = (
        Post.objects.select_related("thread", "thread__forum")
        .filter(pk=post_id, is_hidden=False, thread__is_hidden=False)
        .first()
    )
    if post is None:
        return 0
    thread = post.thread
    followers = (
        forum_readers(thread.forum)
        .filter(
            Q(forum_subscriptions__thread=thread)
            | Q(forum_subscriptions__forum_id=thread.forum_id)
        )
        .exclude(pk=post.author_id)
        .exclude(forum_mail=User.ForumMail.OFF)
        .values_list("pk", flat=True)
        .distinct()
    )
    created = PostNotification.objects.bulk_create(
        [PostNotification(post=post, user_id=pk) for pk in followers],
        ignore_conflicts=True,
    )
    return len(created)


def _send(
    user: User,
    subject: Promise,
    template: str,
    context: dict,
    unsubscribe: str,
) -> None:
    """One mail in the recipient's language (`subject` is translated and formatted
    with the context there), in plain text and HTML, with the List-Unsubscribe
    headers mail programs show as an "unsubscribe" button."""
    with translation.override(user.language):
        subject = str(subject) % context
        context = {**context, "user": user, "unsubscribe_url": unsubscribe}
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        message.send()


def _post_context(post: Post) -> dict:
    thread = post.thread
    return {
        "post": post,
        "thread": thread,
        "forum": thread.forum,
        "url": absolute_url(reverse("forums:forum_post", args=[post.pk])),
    }


def post_notifications_send(post_id: int) -> int:
    """Mail post `post_id` now to the followers who want each post right away.

    Each row is claimed in one UPDATE before its mail goes out; when sending fails the
    claim is released and the error raised, so the task's retry sends it then.
    """
    notifications = list(
        PostNotification.objects.filter(
            post_id=post_id,
            sent_at__isnull=True,
            user__forum_mail=User.ForumMail.IMMEDIATE,
            post__is_hidden=False,
        ).select_related("user", "post__author", "post__thread__forum")
    )
    thread_followers = set(
        Subscription.objects.filter(
            thread__posts__pk=post_id,
            user_id__in=[n.user_id for n in notifications],
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for notification in notifications:
        claimed = PostNotification.objects.filter(
            pk=notification.pk, sent_at__isnull=True
        ).update(sent_at=timezone.now())
        if not claimed:
            continue  # another delivery of this task got there first
        user, post = notification.user, notification.post
        if user.pk in thread_followers:
            scope, pk = "thread", post.thread_id
        else:
            scope, pk = "forum", post.thread.forum_id
        try:
            _send(
                user,
                _("New in “%(title)s”"),
                "forum_post",
                {**_post_context(post), "scope": scope, "title": post.thread.title},
                unsubscribe_url(user, scope, pk),
            )
        except Exception:
            PostNotification.objects.filter(pk=notification.pk).update(sent_at=None)
            raise
        sent += 1
    return sent


def _digest_send(user: User, frequency: str) -> int:
    """One digest mail with every post owed to `user`; 0 when nothing is owed.

    The rows are locked (others skip them) and marked sent in the transaction that
    sends the mail: a failed mail rolls the marks back for the next run.
    """
    with transaction.atomic():
        rows = list(
            PostNotification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(user=user, sent_at__isnull=True)
            .select_related("post__author", "post__thread__forum")
            .order_by("post__thread_id", "post__created_at")
        )
        if not rows:
            return 0
        PostNotification.objects.filter(pk__in=[row.pk for row in rows]).update(
            sent_at=timezone.now()
        )
        posts = [row.post for row in rows if not row.post.is_hidden]
        if not posts:
            return 0
        _send(
            user,
            _("Your daily forum summary")
            if frequency == User.ForumMail.DAILY
            else _("Your weekly forum summary"),
            "forum_digest",
            {"items": _digest_items(posts), "frequency": frequency},
            unsubscribe_url(user, "all"),
        )
        return 1


def _digest_items(posts: Sequence[Post]) -> list[dict]:
    """Posts grouped by thread, in thread order."""
    items: dict[int, dict] = {}
    for post in posts:
        item = items.setdefault(post.thread_id, {"thread": post.thread, "posts": []})
        item["posts"].append(_post_context(post))
    return list(items.values())


def forum_digests_send(frequency: str) -> int:
    """Send the daily or weekly digests that are owed; returns how many mails went out."""
    users = User.objects.filter(
        forum_mail=frequency,
        is_active=True,
        pk__in=PostNotification.objects.filter(sent_at__isnull=True).values("user_id"),
    )
    return sum(_digest_send(user, frequency) for user in users)
