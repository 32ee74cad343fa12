from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("account/mijn-gegevens/", views.mine, name="mine"),
    path("account/mijn-gegevens/download/", views.export_request, name="export"),
    path(
        "account/mijn-gegevens/download/<uuid:pk>/status/",
        views.export_status,
        name="export_status",
    ),
    path(
        "account/mijn-gegevens/download/<uuid:pk>/",
        views.export_download,
        name="export_download",
    ),
    path(
        "account/mijn-gegevens/verwijderen/annuleren/",
        views.erasure_cancel,
        name="erasure_cancel",
    ),
]
