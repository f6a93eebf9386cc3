from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("check/", views.check_page, name="check"),
    path("numbers/", views.number_book, name="numbers"),
]
