import factory
from django.utils import timezone

from forums.formatting import post_body_render
from forums.models import Forum, Post, Thread

from .people import UserFactory


class ForumFactory(factory.django.DjangoModelFactory):
    """A community forum open to everyone logged in (module forums come with modules)."""

    class Meta:
        model = Forum

    title = factory.Sequence(lambda n: f"Kennisdeling {n}")
    audience = Forum.Audience.EVERYONE


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post by the thread's author."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Vraag {n}")
    author = factory.SubFactory(UserFactory)
    kind = Thread.Kind.QUESTION
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(obj, create, extracted, **kwargs):
        if create:
            PostFactory(thread=obj, author=obj.author, source=extracted or "Hallo")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    source = factory.Sequence(lambda n: f"Bericht {n}")
    body = factory.LazyAttribute(lambda o: post_body_render(o.source)[0])
    text = factory.LazyAttribute(lambda o: post_body_render(o.source)[1])
