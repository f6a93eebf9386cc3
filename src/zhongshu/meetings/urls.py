from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("relays/", views.relay_list, name="relays"),
    path("relays/<int:pk>/", views.relay_detail, name="relay_detail"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/relays.xlsx", views.relays_xlsx, name="relays_xlsx"),
    path("<int:pk>/<slug:step>/", views.meeting_step, name="step"),
]
