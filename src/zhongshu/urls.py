from django.contrib import admin
from django.urls import include, path

from zhongshu.core.api import api, mount_routers

mount_routers()

urlpatterns = [
    # first: the busiest door (12345 intake from other systems) is resolved without trying the pages' patterns
    path("open311/", include("zhongshu.hotline.open311.urls")),
    path("", include("zhongshu.org.urls")),
    path("", include("zhongshu.web.urls")),
    path("api/v1/", api.urls),
    path("files/", include("zhongshu.core.urls")),
    path("django-admin/", admin.site.urls),
]
# Each app with a urls.py and an `app_name` is mounted under /<label>/.
import importlib  # noqa: E402

from django.apps import apps  # noqa: E402

for _config in apps.get_app_configs():
    if _config.name.startswith("zhongshu.") and _config.label not in {"org", "web", "core"}:
        try:
            importlib.import_module(f"{_config.name}.urls")
        except ModuleNotFoundError as _exc:
            if _exc.name != f"{_config.name}.urls":
                raise
            continue
        urlpatterns.append(path(f"{_config.label}/", include(f"{_config.name}.urls")))
