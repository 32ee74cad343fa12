from django.urls import path

from .views import agenda

app_name = "events"

urlpatterns = [
    path("agenda.ics", agenda.agenda_feed, name="feed"),
]
