from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("inbox/<int:pk>/open/", views.open_notice, name="open"),
    path("inbox/<int:pk>/read/", views.read_one, name="read"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/retry-failed/", views.retry_failed, name="retry_failed"),
    path("deliveries/<int:pk>/retry/", views.retry_one, name="retry"),
    path("channels/", views.channel_list, name="channels"),
    path("channels/new/", views.channel_edit, name="channel_new"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/toggle/", views.channel_toggle, name="channel_toggle"),
    path("channels/<int:pk>/test/", views.channel_test, name="channel_test"),
]
