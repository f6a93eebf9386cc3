"""kpi pages of the 12345 hotline."""

urlpatterns = []
