from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("netwerken/<int:pk>/aanvragen/", views.requests, name="requests"),
    path(
        "netwerken/<int:pk>/aanvragen/<int:member_pk>/",
        views.decide,
        name="decide",
    ),
    path("netwerken/<int:pk>/zichtbaarheid/", views.visibility, name="visibility"),
]
