"""Unit and user administration (系统管理员 only; everybody else gets 403).

The pages collect input with forms.py and apply the rules of services.py; a refused action
shows the service's Chinese message and changes nothing.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhongshu.core.errors import UserError

from . import lockout, services, totp
from .forms import PasswordResetForm, UnitForm, UserCreateForm, UserEditForm
from .models import OrgUnit, User
from .roles import Role


def role_required(*roles):
    """Login required, then 403 unless the user holds one of `roles`."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied("无权访问")
            return view(request, *args, **kwargs)
        return wrapper
    return decorate


sysadmin_required = role_required(Role.SYSADMIN)


# --- units ----------------------------------------------------------------

@sysadmin_required
def unit_list(request):
    return render(request, "org/unit_list.html", {"units": services.unit_tree()})


def _unit_form_save(request, form, unit):
    data = form.cleaned_data
    try:
        return services.save_unit(unit, name=data["name"], short_name=data["short_name"], code=data["code"],
                                  kind=data["kind"], parent=data["parent"], sort=data.get("sort") or 0)
    except UserError as exc:
        form.add_error(None, exc.message)
        return None


@sysadmin_required
def unit_create(request):
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = OrgUnit.objects.filter(pk=request.GET["parent"] if request.GET["parent"].isdigit() else 0).first()
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = _unit_form_save(request, form, None)
        if unit is not None:
            messages.success(request, f"已新建单位“{unit.name}”")
            return redirect("org:unit_list")
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@sysadmin_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(OrgUnit, pk=pk)
    initial = {"name": unit.name, "short_name": unit.short_name, "code": unit.code, "kind": unit.kind,
               "parent": unit.parent, "sort": unit.sort}
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _unit_form_save(request, form, unit)
        if saved is not None:
            messages.success(request, f"已保存单位“{saved.name}”")
            return redirect("org:unit_list")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@sysadmin_required
@require_POST
def unit_deactivate(request, pk: int):
    unit = get_object_or_404(OrgUnit, pk=pk)
    try:
        services.deactivate_unit(unit)
        messages.success(request, f"已停用单位“{unit.name}”")
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("org:unit_list")


@sysadmin_required
@require_POST
def unit_activate(request, pk: int):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    try:
        services.activate_unit(unit)
        messages.success(request, f"已启用单位“{unit.name}”")
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("org:unit_list")


# --- users ----------------------------------------------------------------

def search_users(params):
    """Users matching ?q= (username, name, phone) and ?unit= (that unit and below), plus
    ?inactive=1 to include stopped accounts; ordered by unit then username."""
    users = User.objects.select_related("unit").prefetch_related("role_grants")
    q = (params.get("q") or "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(phone__icontains=q))
    unit = None
    unit_id = params.get("unit") or ""
    if unit_id.isdigit():
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is not None:
            users = users.filter(unit__path__startswith=unit.path)
    if params.get("inactive") != "1":
        users = users.filter(is_active=True)
    return users.order_by("unit__path", "username"), q, unit


@sysadmin_required
def user_list(request):
    users, q, unit = search_users(request.GET)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    for user in page:
        user._role_cache = frozenset(g.role for g in user.role_grants.all())
    locked = lockout.locked_usernames()
    return render(request, "org/user_list.html", {
        "page": page, "q": q, "unit": unit, "units": OrgUnit.objects.order_by("path"), "locked": locked,
        "inactive": request.GET.get("inactive") == "1",
    })


@sysadmin_required
def user_create(request):
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user, username=data["username"], password=data["password1"], unit=data["unit"],
                full_name=data["full_name"], title=data["title"], phone=data["phone"], email=data["email"],
                roles=data["roles"])
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已新建用户“{user}”，首次登录须修改初始密码")
            return redirect("org:user_detail", pk=user.pk)
    return render(request, "org/user_form.html", {"form": form, "target": None})


@sysadmin_required
def user_detail(request, pk: int):
    target = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    protected = target.has_role(*services.SYSADMIN_CANNOT_GRANT) and not request.user.is_superuser
    initial = {"full_name": target.full_name, "unit": target.unit, "title": target.title, "phone": target.phone,
               "email": target.email, "roles": sorted(target.role_set)}
    form = UserEditForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_user(target, actor=request.user, unit=data["unit"], full_name=data["full_name"],
                                 title=data["title"], phone=data["phone"], email=data["email"], roles=data["roles"])
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("org:user_detail", pk=target.pk)
    return render(request, "org/user_form.html", {
        "form": form, "target": target, "protected": protected,
        "locked": lockout.is_locked(target.get_username()), "has_totp": totp.confirmed_device(target) is not None,
    })


@sysadmin_required
def user_password(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(target, form.cleaned_data["password1"], actor=request.user)
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已重置“{target}”的密码，下次登录须修改")
            return redirect("org:user_detail", pk=target.pk)
    return render(request, "org/user_password.html", {"form": form, "target": target})


@sysadmin_required
@require_POST
def user_deactivate(request, pk: int):
    target = get_object_or_404(User, pk=pk)
    try:
        services.deactivate_user(target, actor=request.user)
        messages.success(request, f"已停用用户“{target}”，其接口令牌同时吊销")
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("org:user_detail", pk=target.pk)


@sysadmin_required
@require_POST
def user_activate(request, pk: int):
    target = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    try:
        services.activate_user(target, actor=request.user)
        messages.success(request, f"已启用用户“{target}”")
    except UserError as exc:
        messages.error(request, exc.message)
    return redirect("org:user_detail", pk=target.pk)
