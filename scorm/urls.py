from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    # The first three answer on the content origin only (lms.content_origin).
    path("scorm/c/<str:token>/<int:number>/", views.launcher, name="launcher"),
    path("scorm/c/<str:token>/files/<path:path>", views.package_file, name="file"),
    path("scorm/runtime/<str:name>", views.runtime_asset, name="runtime"),
    path(
        "scorm/attempts/<int:pk>/scos/<int:number>/launch/",
        views.sco_launch,
        name="launch",
    ),
    path(
        "scorm/attempts/<int:pk>/scos/<int:number>/commit/",
        views.sco_commit_receive,
        name="commit",
    ),
]
