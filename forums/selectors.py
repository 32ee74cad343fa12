"""Who may see and moderate which forum, and the reads behind the forum pages.

Every read of a forum, thread or post goes through `visible_forums`, so a user outside
a restricted forum finds nothing there (the views answer 404). Listings run in a
constant number of queries whatever the number of threads or posts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from courses.models import Enrolment
from forums.models import (
    Forum,
    Post,
    PostingSuspension,
    PostReport,
    Subscription,
    Thread,
    ThreadRead,
)
from lms.models import Membership, User
from lms.roles import is_trainer


@dataclass(frozen=True)
class Viewer:
    """A user as the forums see them: computed once per request."""

    user: User | AnonymousUser
    is_trainer: bool
    is_moderator: bool  # may hide, lock, pin, move and suspend

    @property
    def is_authenticated(self) -> bool:
        return self.user.is_authenticated


def viewer_for(user: User | AnonymousUser) -> Viewer:
    """Trainers moderate the forums they can see; so do holders of the
    `forums.moderate_forum` permission (given to a Wagtail group), in every forum."""
    if not user.is_authenticated:
        return Viewer(user, is_trainer=False, is_moderator=False)
    trainer = is_trainer(user)
    has_permission = user.has_perm("forums.moderate_forum")
    return Viewer(user, is_trainer=trainer, is_moderator=trainer or has_permission)


def _audience_condition(user: User, *, trainer: bool) -> Q:
    """Forums `user` belongs to by audience (as subqueries: no joins, no duplicates)."""
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    courses = Enrolment.objects.filter(user=user).values("course_id")
    condition = (
        Q(audience=Forum.Audience.EVERYONE)
        | Q(audience=Forum.Audience.ORGANISATION, organisation_id__in=organisations)
        | Q(audience=Forum.Audience.COURSE, course_id__in=courses)
    )
    if trainer:
        # Trainers answer the learners' questions in every course's forums.
        condition |= Q(audience=Forum.Audience.COURSE)
    return condition


def visible_forums(viewer: Viewer) -> QuerySet[Forum]:
    """The forums `viewer` may read; a module's forum only while its module is live."""
    if not viewer.is_authenticated:
        return Forum.objects.none()
    forums = Forum.objects.filter(Q(module__isnull=True) | Q(module__live=True))
    if viewer.user.has_perm("forums.moderate_forum"):
        return forums
    return forums.filter(_audience_condition(viewer.user, trainer=viewer.is_trainer))


def forum_readers(forum: Forum) -> QuerySet[User]:
    """Active users who may read `forum` now (whom a mail about it may reach)."""
    trainers = Membership.objects.filter(role=Membership.Role.TRAINER).values("user_id")
    users = User.objects.filter(is_active=True)
    if forum.audience == Forum.Audience.ORGANISATION:
        members = Membership.objects.filter(organisation_id=forum.organisation_id)
        users = users.filter(Q(pk__in=members.values("user_id")) | Q(is_superuser=True))
    elif forum.audience == Forum.Audience.COURSE:
        enrolled = Enrolment.objects.filter(course_id=forum.course_id)
        users = users.filter(
            Q(pk__in=enrolled.values("user_id"))
            | Q(pk__in=trainers)
            | Q(is_superuser=True)
        )
    return users


def _unread(viewer: Viewer) -> Exists:
    """True for a thread with activity since `viewer` last read it."""
    read = ThreadRead.objects.filter(
        user=viewer.user,
        thread=OuterRef("pk"),
        read_at__gte=OuterRef("last_activity_at"),
    )
    return ~Exists(read)


def forum_index(viewer: Viewer) -> list[Forum]:
    """The forums `viewer` may read with thread count, last activity and whether any
    thread has news for them: one query."""
    shown = Thread.objects.filter(forum=OuterRef("pk"), is_hidden=False)
    return list(
        visible_forums(viewer)
        .select_related("module", "course", "organisation")
        .annotate(
            thread_count=Subquery(
                shown.order_by().values("forum").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_activity=Subquery(
                shown.order_by()
                .values("forum")
                .annotate(last=Max("last_activity_at"))
                .values("last")[:1]
            ),
            has_unread=Exists(shown.filter(_unread(viewer))),
        )
        .order_by(
            F("course__path").asc(nulls_first=True),
            F("module__path").asc(nulls_first=True),
            "position",
            "title",
        )
    )


def threads_of(forum: Forum, viewer: Viewer, *, search: str = "") -> QuerySet[Thread]:
    """The threads of `forum` for `viewer`, pinned first, newest activity first.

    Hidden threads only for moderators. `search` matches the title or the text of a
    post that is not hidden.
    """
    threads = (
        forum.threads.select_related("author")
        .annotate(unread=_unread(viewer))
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    if not viewer.is_moderator:
        threads = threads.filter(is_hidden=False)
    if search:
        matching_posts = Post.objects.filter(
            thread=OuterRef("pk"), is_hidden=False, text__icontains=search
        )
        threads = threads.filter(Q(title__icontains=search) | Exists(matching_posts))
    return threads


def _readable(queryset: QuerySet, viewer: Viewer, thread: str) -> QuerySet:
    """`queryset` narrowed to what `viewer` may read; `thread` is the lookup prefix from
    the model to its thread ("" for threads themselves)."""
    queryset = queryset.filter(**{f"{thread}forum__in": visible_forums(viewer)})
    if not viewer.is_moderator:
        queryset = queryset.filter(**{f"{thread}is_hidden": False})
    return queryset


def threads_readable(viewer: Viewer) -> QuerySet[Thread]:
    """The threads `viewer` may read (look one up in it, or get nothing: 404)."""
    threads = Thread.objects.select_related("forum", "forum__module", "author")
    return _readable(threads, viewer, "")


def posts_readable(viewer: Viewer) -> QuerySet[Post]:
    """The posts in threads `viewer` may read."""
    posts = Post.objects.select_related("thread", "thread__forum", "author")
    return _readable(posts, viewer, "thread__")


def thread_posts(thread: Thread) -> QuerySet[Post]:
    """The posts of a thread in order, with what the page shows of each: one query."""
    return thread.posts.select_related("author", "reply_to", "reply_to__author")


def thread_read_at(viewer: Viewer, thread: Thread):
    """When `viewer` last read `thread` (None when never)."""
    if not viewer.is_authenticated:
        return None
    return (
        ThreadRead.objects.filter(user=viewer.user, thread=thread)
        .values_list("read_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class Following:
    thread: bool
    forum: bool


def following(viewer: Viewer, thread: Thread | None, forum: Forum) -> Following:
    """Whether `viewer` follows `thread` and `forum`: one query."""
    condition = Q(forum=forum)
    if thread is not None:
        condition |= Q(thread=thread)
    rows = list(
        Subscription.objects.filter(condition, user=viewer.user).values_list(
            "thread_id", "forum_id"
        )
    )
    return Following(
        thread=thread is not None and any(t == thread.pk for t, _ in rows),
        forum=any(f == forum.pk for _, f in rows),
    )


def active_suspension(user: User) -> PostingSuspension | None:
    return (
        PostingSuspension.objects.filter(user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def open_reports() -> QuerySet[PostReport]:
    """Reports waiting for a moderator, oldest first, with their post and thread."""
    return PostReport.objects.filter(resolved_at__isnull=True).select_related(
        "reporter",
        "post",
        "post__author",
        "post__thread",
        "post__thread__forum",
    )


def module_forums(module_ids: list[int]) -> dict[int, Forum]:
    """The forum of each module in `module_ids`: one query."""
    return {
        forum.module_id: forum
        for forum in Forum.objects.filter(module_id__in=module_ids)
    }


def modules_posted_by(
    user_ids: Collection[int], module_ids: list[int]
) -> dict[tuple[int, int], datetime]:
    """(user, module) → the first visible post of that user in the module's forum, for
    the users in `user_ids` and modules among `module_ids`: one query."""
    if not module_ids or not user_ids:
        return {}
    rows = (
        Post.objects.filter(
            author_id__in=user_ids,
            is_hidden=False,
            thread__is_hidden=False,
            thread__forum__module_id__in=module_ids,
        )
        .values("author_id", "thread__forum__module_id")
        .annotate(first=Min("created_at"))
    )
    return {(r["author_id"], r["thread__forum__module_id"]): r["first"] for r in rows}


__all__ = [
    "Following",
    "Viewer",
    "active_suspension",
    "following",
    "forum_index",
    "forum_readers",
    "module_forums",
    "modules_posted_by",
    "open_reports",
    "posts_readable",
    "threads_readable",
    "thread_posts",
    "thread_read_at",
    "threads_of",
    "viewer_for",
    "visible_forums",
]
