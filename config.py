"""Settings, read from the environment.

Every setting has a safe default for a single machine; a company deployment sets
DATABASE_URL, SECRET_KEY (or lets one be generated into instance/), AUTH_TYPE and REDIS_URL.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask_appbuilder.const import (
    AUTH_DB,
    AUTH_LDAP,
    AUTH_OAUTH,
    AUTH_REMOTE_USER,
)

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("YUELAO_INSTANCE_DIR", BASE_DIR / "instance"))

_AUTH_TYPES = {
    "db": AUTH_DB,
    "ldap": AUTH_LDAP,
    "oauth": AUTH_OAUTH,
    "remote_user": AUTH_REMOTE_USER,
}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants "postgresql".
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        if url.startswith("mysql://"):
            url = "mysql+pymysql://" + url[len("mysql://"):]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'yuelao.db'}"


class Config:
    APP_NAME = "月老 Yuelao"
    APP_ICON = "/static/yuelao/logo.svg"
    APP_THEME = ""
    SECRET_KEY = _secret_key()

    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # pre-ping: a connection the database closed (restart, idle timeout) is replaced on checkout;
    # on PostgreSQL without a round trip unless the socket says something happened
    # (app/extensions.py). Recycling bounds the age of a connection whose peer vanished silently.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 1800}
    # While the database cannot be reached, requests answer 503 with this Retry-After (seconds).
    DB_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DB_UNAVAILABLE_RETRY_AFTER", "5"))

    # Authentication: database login by default; see README "Behind the company login".
    AUTH_TYPE = _AUTH_TYPES.get(os.environ.get("AUTH_TYPE", "db").lower(), AUTH_DB)
    AUTH_ROLE_ADMIN = "Admin"
    AUTH_ROLE_PUBLIC = "Public"
    AUTH_USER_REGISTRATION = os.environ.get("AUTH_USER_REGISTRATION", "") == "1"
    # The role new users of the company login get: a role name, or a role kind (Frontline …)
    # that the profile names (app/core/roles.py).
    AUTH_USER_REGISTRATION_ROLE = os.environ.get("AUTH_USER_REGISTRATION_ROLE", "Frontline")
    AUTH_ROLES_SYNC_AT_LOGIN = os.environ.get("AUTH_ROLES_SYNC_AT_LOGIN", "") == "1"
    # REMOTE_USER (AUTH_TYPE=remote_user): the proxy's header carrying the signed-in user.
    REMOTE_USER_HEADER = os.environ.get("REMOTE_USER_HEADER", "")
    # LDAP (AUTH_TYPE=ldap)
    AUTH_LDAP_SERVER = os.environ.get("AUTH_LDAP_SERVER", "")
    AUTH_LDAP_USE_TLS = os.environ.get("AUTH_LDAP_USE_TLS", "") == "1"
    AUTH_LDAP_SEARCH = os.environ.get("AUTH_LDAP_SEARCH", "")
    AUTH_LDAP_UID_FIELD = os.environ.get("AUTH_LDAP_UID_FIELD", "uid")
    AUTH_LDAP_BIND_USER = os.environ.get("AUTH_LDAP_BIND_USER", "")
    AUTH_LDAP_BIND_PASSWORD = os.environ.get("AUTH_LDAP_BIND_PASSWORD", "")
    AUTH_LDAP_FIRSTNAME_FIELD = os.environ.get("AUTH_LDAP_FIRSTNAME_FIELD", "givenName")
    AUTH_LDAP_LASTNAME_FIELD = os.environ.get("AUTH_LDAP_LASTNAME_FIELD", "sn")
    AUTH_LDAP_EMAIL_FIELD = os.environ.get("AUTH_LDAP_EMAIL_FIELD", "mail")
    # OAuth (AUTH_TYPE=oauth): a generic OpenID Connect provider described by the environment.
    OAUTH_PROVIDERS = (
        [
            {
                "name": os.environ.get("OAUTH_NAME", "company"),
                "icon": "fa-building",
                "token_key": "access_token",
                "remote_app": {
                    "client_id": os.environ.get("OAUTH_CLIENT_ID", ""),
                    "client_secret": os.environ.get("OAUTH_CLIENT_SECRET", ""),
                    "server_metadata_url": os.environ.get("OAUTH_METADATA_URL", ""),
                    "client_kwargs": {"scope": "openid email profile"},
                },
            }
        ]
        if os.environ.get("OAUTH_CLIENT_ID")
        else []
    )

    # Security defaults.
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", "12")))
    FAB_PASSWORD_COMPLEXITY_ENABLED = True
    AUTH_RATE_LIMITED = True
    AUTH_RATE_LIMIT = os.environ.get("AUTH_RATE_LIMIT", "10 per minute")
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Trust N proxies' X-Forwarded-* headers (the company's reverse proxy).
    PROXY_FIX_COUNT = int(os.environ.get("PROXY_FIX_COUNT", "0"))

    # REST
    FAB_API_SWAGGER_UI = True
    FAB_ADD_SECURITY_API = True
    FAB_API_MAX_PAGE_SIZE = 100
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=8)

    # Chinese first.
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    # The core's catalog, then each module's own (app/<module>/translations), merged.
    BABEL_TRANSLATION_DIRECTORIES = ";".join(
        [str(BASE_DIR / "app" / "translations")]
        + sorted(str(p) for p in (BASE_DIR / "app").glob("*/translations") if p.is_dir()
                 and p.parent.name != "translations"))
    LANGUAGES = {
        "zh": {"flag": "cn", "name": "简体中文"},
        "zh_TW": {"flag": "tw", "name": "繁體中文"},
        "en": {"flag": "gb", "name": "English"},
    }

    FAB_SECURITY_MANAGER_CLASS = "app.security.YuelaoSecurityManager"
    FAB_BASE_TEMPLATE = "yuelao/base.html"
    FAB_INDEX_VIEW = "app.core.home.HomeView"
    FAB_UPDATE_PERMS = True
    # The schema comes from migrations only: FAB must not create_all() on start-up.
    FAB_CREATE_DB = False

    # Static files (FAB's bootstrap, fonts, our CSS) may be cached by browsers for a day.
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(hours=24)

    # Industry profile (app/profiles.py): organisation, role names, installed modules.
    PROFILE = os.environ.get("PROFILE", "matchmaking")
    # None: the profile's modules; "all": every known module (the test suite).
    INSTALLED_MODULES = None

    # Business settings.
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Yuelao@2026")
    UPLOAD_ROOT = os.environ.get("UPLOAD_ROOT", str(INSTANCE_DIR / "uploads"))
    # Uploads (photos 5 MB, evidence 10 MB) are refused with 413 past this, before reading.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024))
    # Exports estimated above this many rows run as background jobs with a download link
    # (app/core/export_jobs.py); files under EXPORT_ROOT (default UPLOAD_ROOT/exports) expire
    # after EXPORT_JOB_TTL_HOURS (`flask data export-clean` from cron removes them).
    # EXPORT_JOB_RUNNER: "thread" (in the web worker) or "cli" (`flask data export-run`).
    EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "50000"))
    EXPORT_JOB_TTL_HOURS = float(os.environ.get("EXPORT_JOB_TTL_HOURS", "24"))
    EXPORT_ROOT = os.environ.get("EXPORT_ROOT", "")
    EXPORT_JOB_RUNNER = os.environ.get("EXPORT_JOB_RUNNER", "thread")

    # E-mail of new inbox items and overdue work (`flask notify send`): off unless MAIL_SERVER
    # is set. MAIL_BASE_URL prefixes the links in the mails (the app's public address).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "yuelao@localhost")
    MAIL_BASE_URL = os.environ.get("MAIL_BASE_URL", "http://127.0.0.1:8080")


class TestConfig(Config):
    TESTING = True
    PROFILE = "matchmaking"
    INSTALLED_MODULES = "all"
    WTF_CSRF_ENABLED = False
    AUTH_RATE_LIMITED = False
    RATELIMIT_ENABLED = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
