from django.urls import path

from . import views as forum_views

app_name = "forums"

urlpatterns = [
    path("forum/", forum_views.forum_index, name="forum_index"),
    path("forum/<int:pk>/", forum_views.forum_detail, name="forum_detail"),
    path("forum/<int:pk>/nieuw/", forum_views.thread_create, name="forum_thread_new"),
    path("forum/<int:pk>/volgen/", forum_views.forum_follow, name="forum_follow"),
    path("forum/onderwerp/<int:pk>/", forum_views.thread_detail, name="forum_thread"),
    path(
        "forum/onderwerp/<int:pk>/reageren/",
        forum_views.thread_reply,
        name="forum_reply",
    ),
    path(
        "forum/onderwerp/<int:pk>/volgen/",
        forum_views.thread_follow,
        name="forum_thread_follow",
    ),
    path(
        "forum/onderwerp/<int:pk>/antwoord/",
        forum_views.thread_answer,
        name="forum_answer",
    ),
    path(
        "forum/onderwerp/<int:pk>/beheer/",
        forum_views.thread_moderate,
        name="forum_thread_moderate",
    ),
    path("forum/bericht/<int:pk>/", forum_views.post_redirect, name="forum_post"),
    path(
        "forum/bericht/<int:pk>/bewerken/",
        forum_views.post_edit,
        name="forum_post_edit",
    ),
    path(
        "forum/bericht/<int:pk>/melden/",
        forum_views.post_report,
        name="forum_post_report",
    ),
    path(
        "forum/bericht/<int:pk>/afbeelding/",
        forum_views.post_image,
        name="forum_post_image",
    ),
    path(
        "forum/bericht/<int:pk>/beheer/",
        forum_views.post_moderate,
        name="forum_post_moderate",
    ),
    path(
        "forum/uitschrijven/<str:token>/",
        forum_views.unsubscribe,
        name="forum_unsubscribe",
    ),
]
