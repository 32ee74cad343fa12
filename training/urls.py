from django.urls import path

from .kits import views as kit_views
from .sessions import views as session_views

app_name = "training"

urlpatterns = [
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
]
