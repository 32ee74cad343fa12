"""What the forums app holds about a person: threads, posts, following, reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forums.models import (
    Post,
    PostingSuspension,
    PostNotification,
    PostReport,
    Subscription,
    Thread,
    ThreadRead,
)
from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import (
    DataCategory,
    PersonalData,
    Treatment,
    register,
)

A = Treatment.ANONYMISED
E = Treatment.ERASED


class Forums(PersonalData):
    name = "forums"
    models = {
        "forums.Thread": A,
        "forums.Post": A,
        "forums.Subscription": E,
        "forums.ThreadRead": E,
        "forums.PostNotification": E,
        "forums.PostReport": E,
        "forums.PostingSuspension": E,
        "forums.ModerationAction": A,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your forum messages"),
                what=_(
                    "What you wrote in the forums, with its images, what you follow "
                    "and what you reported."
                ),
                who_sees=_(
                    "Everyone who may read that forum; moderators. Who reported a "
                    "message is seen by moderators only."
                ),
                kept=_(
                    "As long as you have an account. After that your messages stay, "
                    "signed “Deleted user”, without their images. Records of the "
                    "mails about new messages: %(days)s days."
                )
                % {"days": settings.RETENTION_MAIL_LOG_DAYS},
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "forum_threads",
            [
                {"forum": t.forum.title, "title": t.title, "created_at": t.created_at}
                for t in Thread.objects.filter(author=user).select_related("forum")
            ],
        )
        posts = []
        for post in Post.objects.filter(author=user).select_related("thread__forum"):
            image = ""
            if post.image:
                extension = post.image.name.rsplit(".", 1)[-1]
                image = archive.file(f"forum/{post.pk}.{extension}", post.image)
            posts.append(
                {
                    "forum": post.thread.forum.title,
                    "thread": post.thread.title,
                    "written_at": post.created_at,
                    "edited_at": post.edited_at,
                    "text": post.source,
                    "image": image,
                    "image_description": post.image_alt,
                    "hidden_by_a_moderator": post.is_hidden,
                }
            )
        archive.records("forum_posts", posts)
        archive.records(
            "forum_following",
            [
                {
                    "thread": s.thread.title if s.thread else None,
                    "forum": s.forum.title if s.forum else None,
                    "since": s.created_at,
                }
                for s in Subscription.objects.filter(user=user).select_related(
                    "thread", "forum"
                )
            ],
        )
        archive.records(
            "forum_reports_made",
            list(
                PostReport.objects.filter(reporter=user).values(
                    "post_id", "reason", "comment", "created_at"
                )
            ),
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        posts = Post.objects.filter(author=user)
        for post in posts.exclude(image=""):
            erasure.delete_file(post.image)
        posts.update(author=None, image="", image_alt="")
        Thread.objects.filter(author=user).update(author=None)
        for model in (Subscription, ThreadRead, PostNotification, PostingSuspension):
            model.objects.filter(user=user).delete()
        PostReport.objects.filter(reporter=user).delete()

    def retain(self, now: datetime) -> dict[str, int]:
        before = now - timedelta(days=settings.RETENTION_MAIL_LOG_DAYS)
        deleted, _kinds = PostNotification.objects.filter(sent_at__lt=before).delete()
        return {"forum_mail_records": deleted}


register(Forums())
