from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("verify/", views.verify_chain, name="verify"),
    path("export.csv", views.export_csv, name="export"),
]
