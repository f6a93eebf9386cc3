from django.urls import path

from . import incoming_views, views

app_name = "documents"
urlpatterns = [
    path("check/", views.check_page, name="check"),
    path("numbers/", views.number_book, name="numbers"),
    path("incoming/", incoming_views.incoming_list, name="incoming"),
    path("incoming/new/", incoming_views.incoming_new, name="incoming_new"),
    path("incoming/<int:pk>/", incoming_views.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/register/", incoming_views.incoming_register, name="incoming_register"),
    path("incoming/<int:pk>/<slug:step>/", incoming_views.incoming_step, name="incoming_step"),
]
