"""Settings, all from environment variables with safe production defaults.

Environment (every name is optional):
  ZHONGSHU_DATA_DIR      folder for the SQLite database, uploads and models (default ./var)
  DATABASE_URL           e.g. postgres://user@127.0.0.1:5432/zhongshu (default SQLite in the data dir)
  ZHONGSHU_SECRET_KEY    required when DEBUG is off
  ZHONGSHU_DEBUG         1 to turn debug on (default off)
  ZHONGSHU_ALLOWED_HOSTS comma separated (default localhost,127.0.0.1)
  ZHONGSHU_EMAIL_URL     smtp://user:pass@host:port (default: print mails to the console)
  ZHONGSHU_TIME_ZONE     default Asia/Shanghai
  ZHONGSHU_PG_JIT        1 to keep PostgreSQL's JIT compiler on (default off for this workload)
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("ZHONGSHU_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("ZHONGSHU_DEBUG")
SECRET_KEY = os.environ.get("ZHONGSHU_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not os.environ.get("ZHONGSHU_ALLOW_INSECURE_KEY"):
        raise RuntimeError("ZHONGSHU_SECRET_KEY 未设置：生产环境必须设置密钥（开发时可设 ZHONGSHU_DEBUG=1）")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ZHONGSHU_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("ZHONGSHU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # base apps
    "zhongshu.core",
    "zhongshu.org",
    "zhongshu.audit",
    "zhongshu.workcal",
    "zhongshu.clocks",
    "zhongshu.notify",
    "zhongshu.web",
    "zhongshu.search",
    # domain apps
    "zhongshu.supervision",
    "zhongshu.hotline",
    "zhongshu.documents",
    "zhongshu.meetings",
    "zhongshu.instructions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhongshu.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhongshu.org.middleware.SecurityPolicyMiddleware",
    "zhongshu.core.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhongshu.urls"
WSGI_APPLICATION = "zhongshu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhongshu.web.context.frame",
            ],
        },
    }
]

# --- database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'zhongshu.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("ZHONGSHU_DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One process, many threads: wait for the write lock instead of failing at once,
    # and take it at the start of a write transaction so readers never deadlock writers.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and not env_bool("ZHONGSHU_PG_JIT"):
    # PostgreSQL's JIT compiles every query with a high cost estimate first: 100–800 ms for the
    # ledger's and the overview's aggregates, never repaid by queries this short (bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- people and login -----------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "zhongshu.org.passwords.MixedKindsValidator"},
    {"NAME": "zhongshu.org.passwords.HistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "org:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "org:login"

ZHONGSHU_PASSWORD_KINDS = env_int("ZHONGSHU_PASSWORD_KINDS", 3)  # of: lower, upper, digit, symbol
ZHONGSHU_PASSWORD_EXPIRY_DAYS = env_int("ZHONGSHU_PASSWORD_EXPIRY_DAYS", 90)  # 0 = never
ZHONGSHU_PASSWORD_HISTORY = env_int("ZHONGSHU_PASSWORD_HISTORY", 5)  # last N may not be reused
ZHONGSHU_SESSION_IDLE_MINUTES = env_int("ZHONGSHU_SESSION_IDLE_MINUTES", 30)

AXES_FAILURE_LIMIT = env_int("ZHONGSHU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ZHONGSHU_LOGIN_LOCK_MINUTES", 30) / 60  # hours
# Lock the account (not the address): office users share a NAT address, and the rule is
# "5 failures lock the account" (等保). axes warns about this choice; it is deliberate.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The sweeper's covering index (INCLUDE columns) is for PostgreSQL; SQLite keeps the key columns,
    # which is all the embedded default needs. Without this every `make run` opens with a warning.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhongshu.org.views.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = ZHONGSHU_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: every request extends the session
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ZHONGSHU_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = "中枢"

# --- language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = os.environ.get("ZHONGSHU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static files: our own plus npm packages installed at install time -----
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
NODE_MODULES = Path(os.environ.get("ZHONGSHU_NODE_MODULES", REPO_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.exists()]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# --- mail -----------------------------------------------------------------
EMAIL_URL = os.environ.get("ZHONGSHU_EMAIL_URL", "")
if EMAIL_URL:
    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("ZHONGSHU_FROM_EMAIL", "zhongshu@localhost")
EMAIL_TIMEOUT = 10

# --- the deadline engine and notifications ---------------------------------
# Reminders go out only inside working hours of working days.
ZHONGSHU_WORK_HOURS = (os.environ.get("ZHONGSHU_WORK_START", "08:30"), os.environ.get("ZHONGSHU_WORK_END", "17:30"))
ZHONGSHU_SWEEP_INTERVAL_SECONDS = env_int("ZHONGSHU_SWEEP_INTERVAL_SECONDS", 60)
ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS = env_int("ZHONGSHU_WEBHOOK_TIMEOUT_SECONDS", 5)
ZHONGSHU_DELIVERY_MAX_ATTEMPTS = env_int("ZHONGSHU_DELIVERY_MAX_ATTEMPTS", 6)

# --- attachments ------------------------------------------------------------
ZHONGSHU_ATTACHMENT_MAX_MB = env_int("ZHONGSHU_ATTACHMENT_MAX_MB", 20)
ZHONGSHU_IMPORT_MAX_MB = env_int("ZHONGSHU_IMPORT_MAX_MB", 10)

# --- the office and its papers ----------------------------------------------
# The issuing office printed on notices and bulletins; empty = "<root unit name>办公室".
ZHONGSHU_OFFICE_NAME = os.environ.get("ZHONGSHU_OFFICE_NAME", "")
ZHONGSHU_SUPERVISION_DOC_CODE = os.environ.get("ZHONGSHU_SUPERVISION_DOC_CODE", "政办督")  # 机关代字

# --- 督查督办 (local rules, DOMAIN.md §2–§3) -------------------------------------
ZHONGSHU_SUPERVISION_ACCEPT_WORKDAYS = env_int("ZHONGSHU_SUPERVISION_ACCEPT_WORKDAYS", 1)  # 签收时限
# When a task's clock starts: "assign" (交办, default: signing late does not buy time) or "accept" (签收).
ZHONGSHU_SUPERVISION_CLOCK_START = os.environ.get("ZHONGSHU_SUPERVISION_CLOCK_START", "assign")
ZHONGSHU_SUPERVISION_RETURN_WORKDAYS = env_int("ZHONGSHU_SUPERVISION_RETURN_WORKDAYS", 3)  # 退回窗口
ZHONGSHU_SUPERVISION_REPORT_DAY = env_int("ZHONGSHU_SUPERVISION_REPORT_DAY", 25)  # 每月填报日
ZHONGSHU_SUPERVISION_RECHECK_MONTHS = env_int("ZHONGSHU_SUPERVISION_RECHECK_MONTHS", 3)  # 回头看
ZHONGSHU_SUPERVISION_REDO_WORKDAYS = env_int("ZHONGSHU_SUPERVISION_REDO_WORKDAYS", 10)  # 重办时限
ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS = env_int("ZHONGSHU_SUPERVISION_DEFAULT_WORKDAYS", 15)  # 未定时限的事项

# --- 12345 热线 -------------------------------------------------------------
# Open311 POST requests.json answers with a token and workers file the tickets in batches
# (hotline/intake_queue.py; run `zhongshu hotline drain`). Off: each POST files its ticket itself.
ZHONGSHU_OPEN311_QUEUE = env_bool("ZHONGSHU_OPEN311_QUEUE", False)
ZHONGSHU_OPEN311_TOKEN_DAYS = env_int("ZHONGSHU_OPEN311_TOKEN_DAYS", 30)  # a queued request's token is kept this long

# --- 公文 -----------------------------------------------------------------
ZHONGSHU_DOCUMENTS_MAX_CHARS = env_int("ZHONGSHU_DOCUMENTS_MAX_CHARS", 5000)  # 篇幅 (2024 减负 rules, local)
ZHONGSHU_DOCUMENTS_PHRASE_DENSITY = float(os.environ.get("ZHONGSHU_DOCUMENTS_PHRASE_DENSITY", "3"))  # 套话 per 1,000 字
ZHONGSHU_DOCUMENTS_UPLOAD_MAX_MB = env_int("ZHONGSHU_DOCUMENTS_UPLOAD_MAX_MB", 20)
# 收文 承办 time limits in working days from 批办, by 紧急程度 (local rules; a leader may set a date instead).
ZHONGSHU_DOCUMENTS_HANDLE_WORKDAYS = env_int("ZHONGSHU_DOCUMENTS_HANDLE_WORKDAYS", 5)  # 普通
ZHONGSHU_DOCUMENTS_URGENT_WORKDAYS = env_int("ZHONGSHU_DOCUMENTS_URGENT_WORKDAYS", 3)  # 加急
ZHONGSHU_DOCUMENTS_EXTRA_URGENT_WORKDAYS = env_int("ZHONGSHU_DOCUMENTS_EXTRA_URGENT_WORKDAYS", 1)  # 特急
# 秘密/机密/绝密 documents may be registered only on a classified network (涉密不上网): off by default.
ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED = env_bool("ZHONGSHU_DOCUMENTS_CLASSIFIED_ALLOWED", False)

# --- 会议 -----------------------------------------------------------------
# 传达 of the meeting spirit (seed 003): relayed within N hours of the 纪要's issue, reported within M working days.
ZHONGSHU_MEETINGS_RELAY_HOURS = env_int("ZHONGSHU_MEETINGS_RELAY_HOURS", 24)
ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS = env_int("ZHONGSHU_MEETINGS_RELAY_REPORT_WORKDAYS", 2)
# The city government whose 纪要 are issued (标志: "<name>常务会议纪要").
ZHONGSHU_MEETINGS_GOVERNMENT = os.environ.get("ZHONGSHU_MEETINGS_GOVERNMENT", "示例市人民政府")

# --- 领导批示 -------------------------------------------------------------
# The units' 办理时限 when the leader set no date: working days from 转办 (local rules).
ZHONGSHU_INSTRUCTIONS_FEEDBACK_WORKDAYS = env_int("ZHONGSHU_INSTRUCTIONS_FEEDBACK_WORKDAYS", 5)

# --- audit ----------------------------------------------------------------
ZHONGSHU_AUDIT_RETENTION_DAYS = max(180, env_int("ZHONGSHU_AUDIT_RETENTION_DAYS", 365))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHONGSHU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
