from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("mijn-certificaten/", views.my_certificates, name="mine"),
    path("mijn-certificaten/<uuid:pk>/pdf/", views.download, name="download"),
    path("certificaat/controleren/", views.verify_form, name="verify_form"),
    path("certificaat/<str:code>/", views.verify, name="verify"),
]
