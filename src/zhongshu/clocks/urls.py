from django.urls import path

from . import views

app_name = "clocks"

urlpatterns = [
    path("ladders/", views.ladder_list, name="ladders"),
    path("<int:pk>/", views.clock_detail, name="detail"),
]
