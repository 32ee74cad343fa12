from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path(".well-known/did.json", views.did, name="did"),
    path("open-badges/status/<int:number>/", views.status_list, name="status_list"),
    path(
        "open-badges/achievements/<int:page_id>/<str:language>/",
        views.achievement_json,
        name="achievement",
    ),
    path(
        "open-badges/achievements/<int:page_id>/<str:language>/badge.png",
        views.achievement_image,
        name="achievement_image",
    ),
    path(
        "mijn-certificaten/<uuid:pk>/open-badge.json",
        views.download_json,
        name="download_json",
    ),
    path(
        "mijn-certificaten/<uuid:pk>/open-badge.png",
        views.download_png,
        name="download_png",
    ),
]
