from django.urls import path

from . import views

app_name = "workcal"

urlpatterns = [
    path("", views.year_list, name="years"),
    path("new/", views.year_create, name="year_create"),
    path("import/", views.import_file, name="import"),
    path("calculator/", views.calculator, name="calculator"),
    path("day/<str:day>/", views.day_edit, name="day"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/export/", views.export, name="export"),
]
