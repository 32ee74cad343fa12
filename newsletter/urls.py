from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("nieuwsbrief/inschrijven/", views.subscribe, name="subscribe"),
    path("nieuwsbrief/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path(
        "nieuwsbrief/uitschrijven/<str:token>/", views.unsubscribe, name="unsubscribe"
    ),
    path("nieuwsbrief/instellingen/", views.subscription_settings, name="settings"),
]
