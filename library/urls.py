from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("databank/", views.item_list, name="list"),
    path("databank/nieuw.atom", views.NewItemsFeed(), name="feed"),
    path("databank/lijst.csv", views.item_csv, name="csv"),
    path("databank/favorieten/", views.favourites, name="favourites"),
    path("databank/delen/", views.submission_create, name="submit"),
    path("databank/mijn-materiaal/", views.submissions, name="submissions"),
    path(
        "databank/mijn-materiaal/<int:pk>/aanpassen/",
        views.submission_change,
        name="submission_change",
    ),
    path("databank/<int:pk>/", views.item_detail, name="item"),
    path("databank/<int:pk>/bestand/", views.item_file, name="file"),
    path("databank/<int:pk>/favoriet/", views.favourite_toggle, name="favourite"),
]
