"""The REST API under /api/v1/ (django-ninja: typed schemas, OpenAPI at /api/v1/openapi.json).

Every app adds a Router in its own `api.py`; `urls.py` mounts them here. Authentication: a
browser session (with CSRF) or `Authorization: Bearer <token>`. Errors are JSON
{"code": "...", "message": "中文说明"} with a fitting status.
"""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from zhongshu.core.errors import UserError


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        from zhongshu.core.middleware import bind_user
        from zhongshu.org.tokens import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
            bind_user(user)
        return user


class SessionUserAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class XApiKeyAuth(APIKeyHeader):
    """Token in the X-API-Key header, for systems that cannot send Authorization."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        return TokenAuth().authenticate(request, key)


api = NinjaAPI(
    title="中枢 API",
    version="1",
    description="中枢开放接口。认证：浏览器会话或 `Authorization: Bearer <令牌>`（`zhongshu token create 用户名` 生成）。"
    "错误返回 JSON：`{\"code\": 稳定代码, \"message\": 中文说明}`。",
    auth=[TokenAuth(), XApiKeyAuth(), SessionUserAuth()],
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)


def unprocessable(fn):
    """Run a step for an API call: its input problems (UserError 400) answer 422, as schema errors
    do; refusals keep theirs (403 role or unit, 409 state)."""
    try:
        return fn()
    except UserError as exc:
        if exc.status == 400:
            exc.status = 422
        raise


def error(request, status: int, code: str, message: str, details=None):
    body = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(UserError)
def on_user_error(request, exc: UserError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error(request, 401, "unauthenticated", "未登录或令牌无效")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error(request, 404, "not_found", "记录不存在或无权访问")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    details = []
    for item in exc.errors:
        loc = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body", "payload", "query", "path"))
        details.append({"field": loc, "message": _zh(item)})
    summary = "；".join(f"{d['field']}：{d['message']}" if d["field"] else d["message"] for d in details)
    return error(request, 422, "validation_error", f"输入有误：{summary}", details)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error(request, exc.status_code, "http_error", str(exc))


_PYDANTIC_ZH = {
    "missing": "必填",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "float_parsing": "须为数字",
    "bool_parsing": "须为是/否",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "datetime_parsing": "时间格式应为 ISO 8601，如 2026-12-01T09:00+08:00",
    "datetime_from_date_parsing": "时间格式应为 ISO 8601，如 2026-12-01T09:00+08:00",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "string_type": "须为文本",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "JSON 格式错误",
    "value_error": "取值无效",
}


def _zh(item: dict) -> str:
    kind = item.get("type", "")
    text = _PYDANTIC_ZH.get(kind)
    if kind == "value_error":
        msg = str(item.get("msg", ""))
        return msg.removeprefix("Value error, ") or text
    return text or str(item.get("msg", "取值无效"))


def mount_routers() -> None:
    """Add each app's router once (called from urls.py)."""
    if getattr(api, "_zhongshu_mounted", False):
        return
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("zhongshu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(getattr(module, "PREFIX", f"/{config.label}/"), router)
    api._zhongshu_mounted = True
