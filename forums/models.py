"""Forums: one per module plus community forums, their threads, posts and the state
around them (who follows what, who read what, mails owed, reports and moderation).

Bodies are sanitised on the way in (`forums.formatting`), so what is stored
is safe to render. Who may see a forum is decided in `forums.selectors`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.storage import private_storage


class Forum(models.Model):
    """A place for threads: a module's forum or a community forum.

    A module forum is created with its module and open to the course's learners and to
    trainers. A community forum is open to everyone logged in, or to the members of one
    organisation, or to the learners of one course.
    """

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone who is logged in")
        ORGANISATION = "organisation", _("Members of one organisation")
        COURSE = "course", _("Learners of one course")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    module = models.OneToOneField(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum",
        verbose_name=_("module"),
        help_text=_("Set for a module's own forum; empty for a community forum."),
    )
    audience = models.CharField(
        _("open to"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    organisation = models.ForeignKey(
        "lms.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("organisation"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        # Module forums point at their course too, so one access rule covers both.
        related_name="forums",
        verbose_name=_("course"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["position", "title"]
        permissions = [("moderate_forum", _("Can moderate the forums"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="organisation") | Q(organisation__isnull=False),
                name="forum_organisation_audience_has_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(audience="course") | Q(course__isnull=False),
                name="forum_course_audience_has_course",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Thread(models.Model):
    """A question or discussion in a forum. `last_activity_at` orders the listing."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        DISCUSSION = "discussion", _("Discussion")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="threads", verbose_name=_("forum")
    )
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION
    )
    # Others' replies hang off a thread: when its author's account goes, the thread
    # stays, by "a deleted user".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    answer = models.ForeignKey(
        "forums.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # The thread knows its answer; a post does not need to know it is one.
        related_name="+",
        verbose_name=_("answer"),
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_activity_at"]
        indexes = [
            models.Index(
                fields=["forum", "-is_pinned", "-last_activity_at"],
                name="thread_listing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_answered(self) -> bool:
        return self.answer_id is not None


def _post_image_name(post: "Post", filename: str) -> str:
    # The uploaded name is never used: it may carry anything.
    return f"forum/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class Post(models.Model):
    """A message in a thread: the opening post or a reply, perhaps quoting another.

    `body` is sanitised HTML, safe to render; `source` is what the author typed, kept
    for editing and never rendered as HTML; `text` is the plain text for search and mail.
    """

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    # Others quote and answer posts: when the author's account goes, the post
    # stays, by "a deleted user".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reply to"),
    )
    source = models.TextField(_("text as typed"))
    body = models.TextField(_("message"))
    text = models.TextField(_("plain text"))
    image = models.ImageField(
        _("image"),
        storage=private_storage,
        upload_to=_post_image_name,
        blank=True,
    )
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"


class Subscription(models.Model):
    """A user follows a thread or a whole forum (exactly one of the two)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
        verbose_name=_("user"),
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("thread"),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("forum"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(forum__isnull=True),
                name="subscription_thread_xor_forum",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="subscription_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "forum"],
                condition=Q(forum__isnull=False),
                name="subscription_unique_forum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread or self.forum}"


class ThreadRead(models.Model):
    """When a user last read a thread: drives the unread markers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="reads", verbose_name=_("thread")
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("thread read")
        verbose_name_plural = _("threads read")
        ordering = ["-read_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="thread_read_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread_id}"


class PostNotification(models.Model):
    """A mail owed to one follower about one post; at most one row per pair.

    The unique pair makes queuing idempotent; `sent_at` is set when the mail is claimed
    for sending, so a task delivered twice sends nothing the second time.
    """

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("post"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notifications",
        verbose_name=_("recipient"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post notification")
        verbose_name_plural = _("post notifications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="post_notification_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=Q(sent_at__isnull=True),
                name="post_notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} → {self.user}"


class PostReport(models.Model):
    """A user reported a post to the moderators."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Rude or offensive")
        PRIVACY = "privacy", _("Shares someone's personal data")
        WRONG = "wrong", _("Wrong or dangerous advice")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("explanation"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            # Reporting the same post again while the first report is open adds nothing.
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="post_report_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.post_id}"


class PostingSuspension(models.Model):
    """A user may not post until `until`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posting_suspensions",
        verbose_name=_("user"),
    )
    until = models.DateTimeField(_("suspended until"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("posting suspension")
        verbose_name_plural = _("posting suspensions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ⊘ {self.until:%Y-%m-%d %H:%M}"


class ModerationAction(models.Model):
    """Who did what to which post, thread or user, when and why. Never edited."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        RESTORE = "restore", _("Restored a post")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        PIN = "pin", _("Pinned a thread")
        UNPIN = "unpin", _("Unpinned a thread")
        MOVE = "move", _("Moved a thread")
        SUSPEND = "suspend", _("Suspended a user from posting")
        DISMISS = "dismiss", _("Dismissed a report")

    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("post"),
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thread"),
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    reason = models.TextField(_("reason"))
    detail = models.CharField(_("detail"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.actor})"
