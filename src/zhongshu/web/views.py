from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """工作台: my inbox, my due-soon and overdue items."""
    return render(request, "web/home.html", {})
