from django.urls import path

from . import incoming_views, outgoing_views, views

app_name = "documents"
urlpatterns = [
    path("check/", views.check_page, name="check"),
    path("numbers/", views.number_book, name="numbers"),
    path("incoming/", incoming_views.incoming_list, name="incoming"),
    path("incoming/new/", incoming_views.incoming_new, name="incoming_new"),
    path("incoming/<int:pk>/", incoming_views.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/register/", incoming_views.incoming_register, name="incoming_register"),
    path("incoming/<int:pk>/<slug:step>/", incoming_views.incoming_step, name="incoming_step"),
    path("outgoing/", outgoing_views.outgoing_list, name="outgoing"),
    path("outgoing/new/", outgoing_views.outgoing_new, name="outgoing_new"),
    path("outgoing/countersign/<int:pk>/", outgoing_views.countersign_link, name="outgoing_countersign"),
    path("outgoing/<int:pk>/", outgoing_views.outgoing_detail, name="outgoing_detail"),
    path("outgoing/<int:pk>/compare/", outgoing_views.outgoing_compare, name="outgoing_compare"),
    path("outgoing/<int:pk>/<slug:step>/", outgoing_views.outgoing_step, name="outgoing_step"),
]
