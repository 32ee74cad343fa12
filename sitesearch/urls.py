from django.urls import path

from . import views

app_name = "sitesearch"

urlpatterns = [path("zoeken/", views.search, name="search")]
