from django.urls import path

from . import views

app_name = "instructions"
urlpatterns = [
    path("", views.instruction_list, name="list"),
    path("new/", views.instruction_new, name="new"),
    path("summary/", views.summary_page, name="summary"),
    path("rounds/<int:pk>/", views.round_redirect, name="round"),
    path("<int:pk>/", views.instruction_detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.instruction_step, name="step"),
]
