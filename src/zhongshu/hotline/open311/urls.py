"""/open311/: GeoReport v2 under v2/, the citizen status page at status/ (both public: no login,
SecurityPolicyMiddleware exempts /open311/)."""

from django.urls import path, re_path

from . import status, views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^v2/services" + FMT, views.services, name="services"),
    re_path(r"^v2/services/(?P<code>[^/.]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^v2/requests" + FMT, views.requests, name="requests"),
    re_path(r"^v2/requests/(?P<number>[^/.]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^v2/tokens/(?P<token>[^/.]+)" + FMT, views.token, name="token"),
    path("status/", status.status_page, name="status"),
]
