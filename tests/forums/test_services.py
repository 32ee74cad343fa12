"""Posting, answering, editing, the completion rule and moderation, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.models import CourseCompletion
from courses.selectors import course_state, module_state
from courses.services import enrolment_create, section_progress_record
from forums import services
from forums.models import Forum, ModerationAction, Post, PostReport, Subscription
from forums.selectors import viewer_for
from lms.models import Membership
from tests.factories import (
    ForumFactory,
    MembershipFactory,
    ModulePageFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


def _trainer():
    return MembershipFactory(role=Membership.Role.TRAINER).user


def _ask(user, forum, source="Hoe werkt itsme?", **kwargs):
    return services.thread_create(
        viewer=viewer_for(user),
        forum=forum,
        title=kwargs.pop("title", "Vraag over itsme"),
        kind=kwargs.pop("kind", "question"),
        source=source,
        **kwargs,
    )


def test_every_module_gets_its_forum_open_to_its_course():
    module = ModulePageFactory()
    forum = Forum.objects.get(module=module)
    assert forum.title == module.title
    assert forum.audience == Forum.Audience.COURSE
    assert forum.course.pk == module.get_parent().pk


def test_a_thread_opens_with_its_post_and_the_author_follows_it():
    user = UserFactory()
    thread = _ask(user, ForumFactory(), "<b>Dringend</b>\nbedankt")
    post = thread.posts.get()
    assert post.body == "<p><b>Dringend</b><br>bedankt</p>"
    assert post.text == "Dringend\nbedankt"
    assert Subscription.objects.filter(user=user, thread=thread).exists()


def test_a_reply_quotes_a_post_of_the_same_thread_and_moves_the_thread_up():
    thread = ThreadFactory()
    first = thread.posts.get()
    before = thread.last_activity_at
    reply = services.post_reply(
        viewer=viewer_for(UserFactory()), thread=thread, source="Zo!", reply_to=first
    )
    thread.refresh_from_db()
    assert reply.reply_to == first
    assert thread.reply_count == 1
    assert thread.last_activity_at > before
    other = ThreadFactory().posts.get()
    with pytest.raises(ValidationError):
        services.post_reply(
            viewer=viewer_for(UserFactory()), thread=thread, source="x", reply_to=other
        )


def test_an_empty_message_is_refused_and_nothing_is_written():
    forum = ForumFactory()
    with pytest.raises(ValidationError):
        _ask(UserFactory(), forum, "<script>alert(1)</script>")
    assert not forum.threads.exists()


def test_only_the_author_edits_and_only_within_the_window(settings):
    post = PostFactory()
    author, other = post.author, UserFactory()
    with pytest.raises(PermissionDenied):
        services.post_edit(viewer=viewer_for(other), post=post, source="Gekaapt")
    services.post_edit(viewer=viewer_for(author), post=post, source="Beter")
    post.refresh_from_db()
    assert post.text == "Beter" and post.edited_at is not None
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(minutes=settings.FORUM_EDIT_MINUTES + 1)
    )
    post.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_edit(viewer=viewer_for(author), post=post, source="Te laat")


def test_the_asker_or_a_trainer_marks_the_answer_others_cannot():
    thread = ThreadFactory()
    answer = PostFactory(thread=thread)
    with pytest.raises(PermissionDenied):
        services.thread_mark_answered(
            viewer=viewer_for(UserFactory()), thread=thread, post=answer
        )
    services.thread_mark_answered(
        viewer=viewer_for(thread.author), thread=thread, post=answer
    )
    assert thread.answer == answer
    services.thread_mark_answered(
        viewer=viewer_for(_trainer()), thread=thread, post=None
    )
    thread.refresh_from_db()
    assert thread.answer is None


def test_a_discussion_has_no_answer():
    thread = ThreadFactory(kind="discussion")
    with pytest.raises(ValidationError):
        services.thread_mark_answered(
            viewer=viewer_for(thread.author),
            thread=thread,
            post=PostFactory(thread=thread),
        )


def test_posting_is_rate_limited_per_user(settings):
    settings.FORUM_POST_RATE = (3, 600)
    user, thread = UserFactory(), ThreadFactory()
    for _ in range(3):
        services.post_reply(viewer=viewer_for(user), thread=thread, source="Ja")
    with pytest.raises(ValidationError) as refused:
        services.post_reply(viewer=viewer_for(user), thread=thread, source="Nog")
    assert "Wacht een paar minuten" in refused.value.messages[0]
    # Someone else may still post.
    services.post_reply(viewer=viewer_for(UserFactory()), thread=thread, source="Ik")


def test_a_suspended_user_cannot_post_until_the_suspension_ends():
    trainer, user, thread = _trainer(), UserFactory(), ThreadFactory()
    suspension = services.user_suspend(
        viewer=viewer_for(trainer), user=user, days=3, reason="Scheldwoorden"
    )
    with pytest.raises(PermissionDenied):
        services.post_reply(viewer=viewer_for(user), thread=thread, source="Hallo")
    with pytest.raises(PermissionDenied):
        _ask(user, thread.forum)
    suspension.until = timezone.now() - timedelta(seconds=1)
    suspension.save()
    services.post_reply(viewer=viewer_for(user), thread=thread, source="Hallo")
    action = ModerationAction.objects.get(kind="suspend")
    assert action.actor == trainer and action.target_user == user
    assert action.reason == "Scheldwoorden"


def test_a_locked_thread_takes_no_replies_except_from_moderators():
    trainer, thread = _trainer(), ThreadFactory()
    services.thread_flag_set(
        viewer=viewer_for(trainer),
        thread=thread,
        flag="locked",
        on=True,
        reason="Klaar",
    )
    with pytest.raises(PermissionDenied):
        services.post_reply(viewer=viewer_for(UserFactory()), thread=thread, source="x")
    services.post_reply(viewer=viewer_for(trainer), thread=thread, source="Slot")


def test_moderation_needs_a_moderator_and_a_reason_and_is_logged():
    trainer, thread = _trainer(), ThreadFactory()
    post = thread.posts.get()
    PostReport.objects.create(post=post, reporter=UserFactory(), reason="spam")
    with pytest.raises(PermissionDenied):
        services.post_hide(viewer=viewer_for(UserFactory()), post=post, reason="x")
    with pytest.raises(ValidationError):
        services.post_hide(viewer=viewer_for(trainer), post=post, reason="  ")
    services.post_hide(viewer=viewer_for(trainer), post=post, reason="Reclame")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.is_hidden and thread.is_hidden  # the opening post hides the thread
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
    services.post_hide(
        viewer=viewer_for(trainer), post=post, reason="Toch oké", hidden=False
    )
    thread.refresh_from_db()
    assert not thread.is_hidden
    assert list(
        ModerationAction.objects.order_by("created_at").values_list("kind", "reason")
    ) == [("hide", "Reclame"), ("restore", "Toch oké")]


def test_pin_and_move_are_logged_with_who_and_why():
    trainer, thread, target = _trainer(), ThreadFactory(), ForumFactory(title="Elders")
    viewer = viewer_for(trainer)
    services.thread_flag_set(
        viewer=viewer, thread=thread, flag="pinned", on=True, reason="Belangrijk"
    )
    services.thread_move(
        viewer=viewer, thread=thread, forum=target, reason="Past beter"
    )
    thread.refresh_from_db()
    assert thread.is_pinned and thread.forum == target
    move = ModerationAction.objects.get(kind="move")
    assert move.actor == trainer and "Elders" in move.detail


def test_reporting_twice_while_open_makes_one_report():
    post, user = PostFactory(), UserFactory()
    services.post_report(viewer=viewer_for(user), post=post, reason="spam", comment="")
    services.post_report(viewer=viewer_for(user), post=post, reason="other", comment="")
    assert post.reports.count() == 1


def test_a_module_that_requires_a_forum_post_completes_only_after_one():
    course = build_course(modules=1, lessons=1, sections=1)
    module = course.get_children().get().specific
    module.requires_forum_post = True
    module.save()
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    for page in module.get_children().specific():
        for section_id in page.section_ids:
            section_progress_record(user=learner, lesson=page, section_id=section_id)
    state = module_state(module, learner)
    assert not state.complete
    assert state.missing == [
        "Stel een vraag of schrijf een reactie in het forum van deze module."
    ]
    forum = Forum.objects.get(module=module)
    _ask(learner, forum)
    assert module_state(module, learner).complete
    assert course_state(course, learner).complete
    # The post itself completed the course: the completion is recorded.
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()


def test_a_hidden_post_does_not_count_for_the_completion_rule():
    course = build_course(modules=1, lessons=0)
    module = course.get_children().get().specific
    module.requires_forum_post = True
    module.save()
    learner = UserFactory()
    thread = ThreadFactory(forum=Forum.objects.get(module=module), author=learner)
    assert module_state(module, learner).forum_posted
    services.post_hide(
        viewer=viewer_for(_trainer()), post=thread.posts.get(), reason="Spam"
    )
    assert not module_state(module, learner).forum_posted
