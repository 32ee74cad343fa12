from django.urls import path

from . import views as h5p_views

app_name = "h5p"

urlpatterns = [
    # H5P: the first three answer on the content origin only (see the middleware).
    path("h5p/c/<str:token>/", h5p_views.player, name="h5p_player"),
    path(
        "h5p/c/<str:token>/files/<path:path>",
        h5p_views.package_file,
        name="h5p_file",
    ),
    path("h5p/player/<path:path>", h5p_views.player_asset, name="h5p_asset"),
    path("h5p/xapi/", h5p_views.xapi_receive, name="h5p_xapi"),
    path("h5p/state/", h5p_views.state_receive, name="h5p_state"),
]
