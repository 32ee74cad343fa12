"""What the courses app holds about a person, for the privacy app: learning progress,
test attempts, forum messages, H5P results, registrations and kit downloads."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lms.models import User
from privacy.archive import ExportArchive
from privacy.erasure import Erasure
from privacy.registry import DataCategory, PersonalData, Treatment, register

from .models import (
    Attempt,
    CourseCompletion,
    Enrolment,
    H5PResult,
    KitDownload,
    Post,
    PostingSuspension,
    PostNotification,
    PostReport,
    Registration,
    SectionProgress,
    Subscription,
    Thread,
    ThreadRead,
    TrainingRequest,
    XAPIStatement,
)
from .quizzes.drawing import public_question
from .quizzes.wording import answer_text

A = Treatment.ANONYMISED
E = Treatment.ERASED

AS_LONG_AS_ACCOUNT = _("As long as you have an account.")


class Learning(PersonalData):
    name = "learning"
    models = {
        "courses.Enrolment": E,
        "courses.SectionProgress": E,
        "courses.CourseCompletion": E,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your learning"),
                what=_(
                    "The courses you enrolled in, which lesson sections you opened "
                    "and when, and what you completed."
                ),
                who_sees=_(
                    "You; the coordinators of your organisations, for what they "
                    "assigned."
                ),
                kept=AS_LONG_AS_ACCOUNT,
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "enrolments",
            [
                {"course": e.course.title, "enrolled_at": e.enrolled_at}
                for e in Enrolment.objects.filter(user=user).select_related("course")
            ],
        )
        archive.records(
            "section_progress",
            [
                {
                    "lesson": p.lesson.title,
                    "section": p.section_id,
                    "first_opened": p.first_viewed_at,
                    "last_opened": p.last_viewed_at,
                }
                for p in SectionProgress.objects.filter(user=user).select_related(
                    "lesson"
                )
            ],
        )
        archive.records(
            "course_completions",
            [
                {"course": c.course.title, "completed_at": c.completed_at}
                for c in CourseCompletion.objects.filter(user=user).select_related(
                    "course"
                )
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        for model in (SectionProgress, CourseCompletion, Enrolment):
            model.objects.filter(user=user).delete()


class Tests(PersonalData):
    name = "tests"
    models = {"courses.Attempt": A}

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your test attempts"),
                what=_("The questions you got, your answers and your scores."),
                who_sees=_(
                    "You; your coordinators (best score and number of attempts); "
                    "the editors of the test, in its report."
                ),
                kept=_(
                    "As long as you have an account. After that, handed-in attempts "
                    "stay without your name and without your answers, so the test's "
                    "statistics stay right."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        # "True"/"False" and the like in words of the person's own language.
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            rows = [
                {
                    "test": a.test.title,
                    "attempt": a.number,
                    "status": a.status,
                    "started_at": a.started_at,
                    "submitted_at": a.submitted_at,
                    "score": a.score,
                    "max_score": a.max_score,
                    "percent": a.percent,
                    "passed": a.passed,
                    # As the learner saw them (no weights, no right answers), each
                    # with their answer in words.
                    "questions": [
                        {
                            **public_question(drawn),
                            "your_answer": answer_text(
                                drawn, a.responses.get(str(drawn["slot"]))
                            ),
                        }
                        for drawn in a.draw
                    ],
                    "answers": a.responses,
                }
                for a in Attempt.objects.filter(user=user).select_related("test")
            ]
        archive.records("test_attempts", rows)

    def erase(self, user: User, erasure: Erasure) -> None:
        attempts = Attempt.objects.filter(user=user)
        # An open attempt would later be graded as empty and skew the statistics.
        attempts.filter(status=Attempt.Status.OPEN).delete()
        attempts.update(user=None, responses={}, erased_person=uuid.uuid4())


class Forums(PersonalData):
    name = "forums"
    models = {
        "courses.Thread": A,
        "courses.Post": A,
        "courses.Subscription": E,
        "courses.ThreadRead": E,
        "courses.PostNotification": E,
        "courses.PostReport": E,
        "courses.PostingSuspension": E,
        "courses.ModerationAction": A,
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


class Exercises(PersonalData):
    name = "exercises"
    models = {
        "courses.H5PResult": E,
        "courses.XAPIStatement": E,
        "courses.H5PPackage": A,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your exercise results"),
                what=_(
                    "Scores and progress of the interactive exercises in lessons, "
                    "and where you were in them."
                ),
                who_sees=_(
                    "You; they count toward the progress your coordinators see."
                ),
                kept=AS_LONG_AS_ACCOUNT,
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "exercise_results",
            [
                {
                    "exercise": r.activity.title,
                    "completed_at": r.completed_at,
                    "passed": r.passed,
                    "score": r.score_raw,
                    "max_score": r.score_max,
                    "saved_state": r.state,
                    "updated_at": r.updated_at,
                }
                for r in H5PResult.objects.filter(user=user).select_related("activity")
            ],
        )
        archive.records(
            "exercise_statements",
            list(
                XAPIStatement.objects.filter(user=user).values(
                    "received_at", "verb", "raw"
                )
            ),
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        XAPIStatement.objects.filter(user=user).delete()
        H5PResult.objects.filter(user=user).delete()


class Training(PersonalData):
    name = "training"
    models = {
        "courses.Registration": E,
        "courses.TrainingSession": A,  # as trainer: the session stays, without them
        "courses.TrainingSession_trainers": E,
        "courses.TrainingRequest": A,
        "courses.KitDownload": A,
    }

    def categories(self) -> list[DataCategory]:
        return [
            DataCategory(
                title=_("Your sessions"),
                what=_(
                    "The training sessions you registered for, your place on a "
                    "waiting list and whether you attended; which trainer kit files "
                    "you downloaded."
                ),
                who_sees=_(
                    "You; the session's trainers; for a follow-up moment, your "
                    "coordinator. Editors see how often a kit file was downloaded, "
                    "not by whom."
                ),
                kept=_(
                    "As long as you have an account. After that the download counts "
                    "stay without your name."
                ),
            )
        ]

    def export(self, user: User, archive: ExportArchive) -> None:
        archive.records(
            "session_registrations",
            [
                {
                    "session": r.session.title,
                    "starts_at": r.session.starts_at,
                    "status": r.status,
                    "registered_at": r.registered_at,
                    "promoted_at": r.promoted_at,
                    "cancelled_at": r.cancelled_at,
                    "attended": r.attended,
                }
                for r in Registration.objects.filter(user=user).select_related(
                    "session"
                )
            ],
        )
        archive.records(
            "sessions_given",
            [
                {"session": s.title, "starts_at": s.starts_at}
                for s in user.trained_sessions.all()
            ],
        )
        archive.records(
            "training_requests",
            list(
                TrainingRequest.objects.filter(requested_by=user).values(
                    "organisation__name",
                    "earliest",
                    "latest",
                    "place",
                    "participants",
                    "remarks",
                    "created_at",
                )
            ),  # fmt: skip
        )
        archive.records(
            "kit_downloads",
            [
                {
                    "kit": d.kit.title,
                    "file": d.material.title if d.material else None,
                    "downloaded_at": d.downloaded_at,
                }
                for d in KitDownload.objects.filter(user=user).select_related(
                    "kit", "material"
                )
            ],
        )

    def erase(self, user: User, erasure: Erasure) -> None:
        # Deleting a confirmed registration gives the seat to the first on the
        # waiting list (courses.sessions.receivers).
        Registration.objects.filter(user=user).delete()
        user.trained_sessions.clear()
        KitDownload.objects.filter(user=user).update(
            user=None, erased_person=uuid.uuid4()
        )


for provider in (Learning(), Tests(), Forums(), Exercises(), Training()):
    register(provider)
