"""State changes in the forums. Views, admin views, tasks and `load_demo` call these.

Every service that writes several rows runs in one transaction, so a failure leaves
nothing half-written. Access to the forum is the caller's job (views look objects up
through `selectors.visible_forums`); the rules about the post itself (suspension, rate
limit, lock, edit window, author) are checked here, where no caller can skip them.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, ModulePage
from courses.services import completion_record
from forums.formatting import plain_line, post_body_render
from forums.models import (
    Forum,
    ModerationAction,
    Post,
    PostingSuspension,
    PostReport,
    Subscription,
    Thread,
    ThreadRead,
)
from forums.selectors import Viewer, active_suspension
from lms.models import User
from lms.queue import task_after_commit


def forum_for_module_ensure(module: ModulePage) -> Forum:
    """The module's own forum, created on first need; open to the course's learners."""
    course = CoursePage.objects.ancestor_of(module).first()
    forum, _created = Forum.objects.get_or_create(
        module=module,
        defaults={
            "title": module.title,
            "audience": Forum.Audience.COURSE,
            "course": course,
            "position": module.number,
        },
    )
    return forum


# --- Posting ---------------------------------------------------------------------


def _posting_check(viewer: Viewer) -> None:
    """Refuse a post from a suspended user or one who posts faster than allowed."""
    suspension = active_suspension(viewer.user)
    if suspension is not None:
        raise PermissionDenied(
            _("You cannot post until %(until)s. Reason: %(reason)s")
            % {
                "until": timezone.localtime(suspension.until).strftime(
                    "%d/%m/%Y %H:%M"
                ),
                "reason": suspension.reason,
            }
        )
    if viewer.is_moderator:
        return
    count, seconds = settings.FORUM_POST_RATE
    since = timezone.now() - timedelta(seconds=seconds)
    if Post.objects.filter(author=viewer.user, created_at__gte=since).count() >= count:
        raise ValidationError(
            _(
                "You have posted a lot in a short time. Wait a few minutes and "
                "send your message again; it is kept below."
            ),
            code="rate",
        )


def _post_fields(source: str) -> dict[str, str]:
    body, text = post_body_render(source)
    if not text.strip():
        raise ValidationError(_("Write a message."), code="empty")
    return {"source": source, "body": body, "text": text}


def _after_post(post: Post) -> None:
    """What follows every new post: followers are told (after commit), and a post in a
    module forum may complete the module's course."""
    thread = post.thread
    forum = thread.forum
    ThreadRead.objects.update_or_create(
        user=post.author, thread=thread, defaults={"read_at": post.created_at}
    )
    if forum.module_id is not None and forum.course_id is not None:
        completion_record(user=post.author, course=forum.course)
    task_after_commit("forums.tasks.forum_post_notify", post.pk)


@transaction.atomic
def thread_create(
    *,
    viewer: Viewer,
    forum: Forum,
    title: str,
    kind: str,
    source: str,
    image: ContentFile | None = None,
    image_alt: str = "",
) -> Thread:
    """Open a thread with its first post; the author follows it from then on."""
    _posting_check(viewer)
    title = plain_line(title)
    if not title:
        raise ValidationError(_("Give your question a title."), code="title")
    fields = _post_fields(source)
    now = timezone.now()
    thread = Thread.objects.create(
        forum=forum, title=title, kind=kind, author=viewer.user, last_activity_at=now
    )
    post = Post(thread=thread, author=viewer.user, image_alt=image_alt, **fields)
    if image is not None:
        post.image.save(image.name, image, save=False)
    post.save()
    Subscription.objects.create(user=viewer.user, thread=thread)
    _after_post(post)
    return thread


@transaction.atomic
def post_reply(
    *,
    viewer: Viewer,
    thread: Thread,
    source: str,
    reply_to: Post | None = None,
    image: ContentFile | None = None,
    image_alt: str = "",
) -> Post:
    """Reply in `thread`, perhaps quoting `reply_to` (a post of the same thread)."""
    _posting_check(viewer)
    thread = (
        Thread.objects.select_for_update().select_related("forum").get(pk=thread.pk)
    )
    if thread.is_locked and not viewer.is_moderator:
        raise PermissionDenied(_("This thread is closed: no new replies."))
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError(_("You can only quote a post of this thread."))
    post = Post(
        thread=thread,
        author=viewer.user,
        reply_to=reply_to,
        image_alt=image_alt,
        **_post_fields(source),
    )
    if image is not None:
        post.image.save(image.name, image, save=False)
    post.save()
    thread.last_activity_at = post.created_at
    thread.reply_count = thread.posts.count() - 1
    thread.save(update_fields=["last_activity_at", "reply_count"])
    _after_post(post)
    return post


def post_editable(post: Post, user: User) -> bool:
    """Only the author edits, within the edit window, while the post is shown."""
    window = timedelta(minutes=settings.FORUM_EDIT_MINUTES)
    return (
        post.author_id == user.pk
        and not post.is_hidden
        and not post.thread.is_locked
        and timezone.now() - post.created_at <= window
    )


@transaction.atomic
def post_edit(*, viewer: Viewer, post: Post, source: str) -> Post:
    """Change the text of one's own post within the edit window."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if not post_editable(post, viewer.user):
        raise PermissionDenied(
            _("You can change your own message only during the first %(n)s minutes.")
            % {"n": settings.FORUM_EDIT_MINUTES}
        )
    for name, value in _post_fields(source).items():
        setattr(post, name, value)
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "body", "text", "edited_at"])
    return post


@transaction.atomic
def thread_mark_answered(*, viewer: Viewer, thread: Thread, post: Post | None) -> None:
    """Mark `post` as the answer to a question (None: no answer any more).

    The thread's author and moderators may do this; the answer is a visible reply.
    """
    if not (viewer.is_moderator or thread.author_id == viewer.user.pk):
        raise PermissionDenied(
            _("Only the person who asked or a trainer can choose the answer.")
        )
    if post is not None and (post.thread_id != thread.pk or post.is_hidden):
        raise ValidationError(_("Choose a reply of this thread as the answer."))
    if post is not None and thread.kind != Thread.Kind.QUESTION:
        raise ValidationError(_("Only a question can have an answer."))
    thread.answer = post
    thread.save(update_fields=["answer"])


def thread_read_record(*, user: User, thread: Thread) -> None:
    """`user` has seen `thread` as it is now."""
    ThreadRead.objects.bulk_create(
        [ThreadRead(user=user, thread=thread, read_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["read_at"],
    )


def subscription_set(
    *,
    user: User,
    follow: bool,
    thread: Thread | None = None,
    forum: Forum | None = None,
) -> None:
    """Follow or stop following a thread or a whole forum. Repeating is harmless."""
    target = {"thread": thread} if thread is not None else {"forum": forum}
    if follow:
        try:
            with transaction.atomic():
                Subscription.objects.get_or_create(user=user, **target)
        except IntegrityError:
            pass  # the same click from two tabs: already followed
    else:
        Subscription.objects.filter(user=user, **target).delete()


def post_report(*, viewer: Viewer, post: Post, reason: str, comment: str) -> PostReport:
    """Report `post` to the moderators. Reporting it again while open changes nothing."""
    try:
        with transaction.atomic():
            report, _created = PostReport.objects.get_or_create(
                post=post,
                reporter=viewer.user,
                resolved_at__isnull=True,
                defaults={"reason": reason, "comment": comment.strip()},
            )
    except IntegrityError:
        report = PostReport.objects.get(
            post=post, reporter=viewer.user, resolved_at__isnull=True
        )
    return report


# --- Moderation ----------------------------------------------------------------------


def _moderator_check(viewer: Viewer, reason: str) -> str:
    if not viewer.is_moderator:
        raise PermissionDenied(_("Only trainers and moderators can do this."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why, for the moderation log."), code="reason")
    return reason


def _resolve_reports(post: Post, viewer: Viewer) -> None:
    post.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=viewer.user
    )


@transaction.atomic
def post_hide(*, viewer: Viewer, post: Post, reason: str, hidden: bool = True) -> None:
    """Hide (or restore) a post; hiding the opening post hides the whole thread.

    Hiding handles the post's open reports. Recorded in the moderation log.
    """
    reason = _moderator_check(viewer, reason)
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    thread = post.thread
    if thread.posts.order_by("created_at", "pk").first() == post:
        thread.is_hidden = hidden
        thread.save(update_fields=["is_hidden"])
    if hidden and thread.answer_id == post.pk:
        thread.answer = None
        thread.save(update_fields=["answer"])
    if hidden:
        _resolve_reports(post, viewer)
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.HIDE if hidden else ModerationAction.Kind.RESTORE,
        actor=viewer.user,
        post=post,
        thread=thread,
        target_user=post.author,
        reason=reason,
    )


@transaction.atomic
def report_dismiss(*, viewer: Viewer, post: Post, reason: str) -> None:
    """Close the open reports of a post without hiding it."""
    reason = _moderator_check(viewer, reason)
    _resolve_reports(post, viewer)
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.DISMISS,
        actor=viewer.user,
        post=post,
        thread=post.thread,
        target_user=post.author,
        reason=reason,
    )


@transaction.atomic
def thread_flag_set(
    *, viewer: Viewer, thread: Thread, flag: str, on: bool, reason: str
):
    """Lock/unlock or pin/unpin a thread (`flag` is "locked" or "pinned")."""
    reason = _moderator_check(viewer, reason)
    kinds = {
        ("locked", True): ModerationAction.Kind.LOCK,
        ("locked", False): ModerationAction.Kind.UNLOCK,
        ("pinned", True): ModerationAction.Kind.PIN,
        ("pinned", False): ModerationAction.Kind.UNPIN,
    }
    kind = kinds[(flag, on)]
    setattr(thread, f"is_{flag}", on)
    thread.save(update_fields=[f"is_{flag}"])
    ModerationAction.objects.create(
        kind=kind, actor=viewer.user, thread=thread, reason=reason
    )


@transaction.atomic
def thread_move(*, viewer: Viewer, thread: Thread, forum: Forum, reason: str) -> None:
    """Move a thread to another forum (one the moderator can see)."""
    reason = _moderator_check(viewer, reason)
    if forum.pk == thread.forum_id:
        raise ValidationError(_("The thread is already in this forum."))
    old = thread.forum
    thread.forum = forum
    thread.save(update_fields=["forum"])
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.MOVE,
        actor=viewer.user,
        thread=thread,
        reason=reason,
        detail=f"{old.title} → {forum.title}"[:250],
    )


@transaction.atomic
def user_suspend(
    *, viewer: Viewer, user: User | None, days: int, reason: str
) -> PostingSuspension:
    """Stop `user` from posting for `days` days. Moderators cannot suspend themselves;
    the author of a post whose account was erased (None) is nobody to suspend."""
    reason = _moderator_check(viewer, reason)
    if user is None:
        raise ValidationError(_("This account was erased: there is nobody to suspend."))
    if user.pk == viewer.user.pk:
        raise ValidationError(_("You cannot suspend yourself."))
    if not 1 <= days <= 365:
        raise ValidationError(_("Choose between 1 and 365 days."))
    until = timezone.now() + timedelta(days=days)
    suspension = PostingSuspension.objects.create(
        user=user, until=until, reason=reason, created_by=viewer.user
    )
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.SUSPEND,
        actor=viewer.user,
        target_user=user,
        reason=reason,
        detail=_("until %(date)s")
        % {"date": timezone.localtime(until).strftime("%d/%m/%Y %H:%M")},
    )
    return suspension
