from django.urls import path

from . import views
from .forums import views as forum_views
from .h5p import views as h5p_views
from .kits import views as kit_views
from .sessions import views as session_views

app_name = "courses"

urlpatterns = [
    path("mijn-leertraject/", views.dashboard, name="dashboard"),
    path("sessies/", session_views.session_list, name="session_list"),
    path("sessies/aanvragen/", session_views.training_request, name="session_request"),
    path("sessies/<int:pk>/", session_views.session_detail, name="session_detail"),
    path(
        "sessies/<int:pk>/inschrijven/",
        session_views.session_register,
        name="session_register",
    ),
    path(
        "sessies/<int:pk>/annuleren/",
        session_views.session_cancel,
        name="session_cancel",
    ),
    path(
        "sessies/<int:pk>/agenda.ics",
        session_views.session_calendar,
        name="session_ics",
    ),
    path("trainer/", session_views.trainer_dashboard, name="trainer_dashboard"),
    path(
        "trainer/sessies/<int:pk>/",
        session_views.trainer_session,
        name="trainer_session",
    ),
    path(
        "trainer/sessies/<int:pk>/deelnemers.csv",
        session_views.trainer_session_csv,
        name="trainer_session_csv",
    ),
    path(
        "kits/<int:pk>/materiaal/<int:material_pk>/",
        kit_views.material_download,
        name="kit_material",
    ),
    path("kits/<int:pk>/alles.zip", kit_views.bundle_download, name="kit_bundle"),
    # H5P: the first three answer on the content origin only (see the middleware).
    path("h5p/c/<str:token>/", h5p_views.player, name="h5p_player"),
    path(
        "h5p/c/<str:token>/files/<path:path>",
        h5p_views.package_file,
        name="h5p_file",
    ),
    path("h5p/player/<path:path>", h5p_views.player_asset, name="h5p_asset"),
    path("h5p/xapi/", h5p_views.xapi_receive, name="h5p_xapi"),
    path("h5p/state/", h5p_views.state_receive, name="h5p_state"),
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
