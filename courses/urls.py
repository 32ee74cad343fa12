from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("mijn-leertraject/", views.dashboard, name="dashboard"),
]
