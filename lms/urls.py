from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("", include("languages.urls")),
    path("account/profiel/", views.profile, name="profile"),
    path(
        "account/lidmaatschap/<int:pk>/verlaten/",
        views.membership_leave_view,
        name="membership_leave",
    ),
    path(
        "account/aanvraag/<int:pk>/intrekken/",
        views.join_request_withdraw_view,
        name="join_request_withdraw",
    ),
    path("", include("privacy.urls")),
    path("account/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("forums.urls")),
    path("", include("h5p.urls")),
    path("", include("scorm.urls")),
    path("", include("training.urls")),
    path("", include("certificates.urls")),
    path("", include("badges.urls")),
    path("", include("coordination.urls")),
    path("", include("library.urls")),
    path("", include("events.urls")),
    path("", include("xapi.urls")),
    path("", include("network.urls")),
    path("", include("newsletter.urls")),
    path("", include("sitesearch.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: it answers every URL not matched above, routed in one query
# (lms.views.serve_page) under the name Wagtail reverses page URLs with. Pages carry
# their language in the URL (/nl/…, /fr/…); a link without one is redirected to the
# visitor's language by LocaleMiddleware.
urlpatterns += i18n_patterns(
    re_path(wagtail_urls.serve_pattern, views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
)
