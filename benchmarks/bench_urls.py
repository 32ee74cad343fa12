from django.http import HttpResponse
from django.urls import path

from lms.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("hello")


# The site's patterns themselves, not include()d: they hold i18n_patterns, which
# Django allows only in the root URLconf.
urlpatterns = [path("hello/", hello), *site_urlpatterns]
