"""Configuration classes. Secrets and URLs come from the environment; nothing here is a secret."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"

_INSECURE_KEY = "dev-insecure-key-change-me"


def _database_url(default_file: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # the form many hosts hand out
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or f"sqlite:///{INSTANCE / default_file}"


class Config:
    """Settings shared by every environment."""

    DATABASE_FILE = "marketplace.db"

    @property
    def SECRET_KEY(self) -> str:  # noqa: N802 - Flask reads upper-case names
        return os.environ.get("SECRET_KEY", _INSECURE_KEY)

    @property
    def SQLALCHEMY_DATABASE_URI(self) -> str:  # noqa: N802
        return _database_url(self.DATABASE_FILE)

    @property
    def RATELIMIT_STORAGE_URI(self) -> str:  # noqa: N802
        return os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 30_000
    # A query (text or filters) whose result set holds more patents than SEARCH_EXACT_LIMIT gets its total
    # and facet counts from the index's sample (shown as 约, catalogue/search/counting.py); a text query's
    # pages then rank its SEARCH_RANK_WINDOW newest matches first (catalogue/search/service.py).
    SEARCH_EXACT_LIMIT = 2000
    SEARCH_RANK_WINDOW = 500
    # Planner settings of every PostgreSQL session. Random reads on SSD (or from the page cache) cost about
    # what sequential ones do; PostgreSQL's default of 4 dates from spinning disks and makes the planner
    # scan the whole patent table rather than look a few thousand patents up by key (search's estimates).
    # psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any
    # parameters: a generic plan cannot tell a word in half the catalogue from a rare one, so every
    # statement is planned for its own parameters. No JIT compilation: a search's walk that the planner
    # costs high (it cannot estimate a phrase's matches) runs in 5 ms and took 12 ms more to compile.
    POSTGRES_SESSION_SETTINGS = {"random_page_cost": "1.1", "plan_cache_mode": "force_custom_plan",
                                 "jit": "off"}

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_CN": "中文", "en": "English"}

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    HSTS = False  # Strict-Transport-Security on HTTPS responses (production only)

    # Argon2id cost; RFC 9106's second recommended option.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4

    # Login throttling (Flask-Limiter). Use a shared store such as redis:// with several workers.
    RATELIMIT_ENABLED = True
    # When the shared store does not answer, each worker counts in its own memory (the same limits, per
    # worker) and goes back to the store once it answers again, instead of failing every request: the
    # site keeps serving and log-in throttling still holds per worker. /readyz says "counters" meanwhile.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # A store that stops answering (rather than refusing connections) must not hold requests up.
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 5 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 5 minutes")

    # Password reset: how long a link works, and how often one may be asked for.
    PASSWORD_RESET_VALID_MINUTES = 30
    RESET_LIMIT_PER_ACCOUNT = os.environ.get("RESET_LIMIT_PER_ACCOUNT", "3 per hour")
    RESET_LIMIT_PER_ADDRESS = os.environ.get("RESET_LIMIT_PER_ADDRESS", "10 per hour")
    # The site's public address for links in e-mails (e.g. https://patents.example.cn); without it the
    # address the request came to is used, which a forged Host header could change: production refuses
    # to start without it.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")

    PAGE_SIZE = 20

    # The JSON API (/api/v1): its OpenAPI document is written from the code by flask-smorest.
    API_TITLE = "专利开放许可平台 API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {"info": {"description": (
        "The open-licence marketplace's JSON API: money is a string with two decimals, dates ISO 8601, "
        "errors RFC 9457 problems.")}}
    # Calls per API token (or per session user, or per address without either), over all endpoints.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300 per minute")
    # One JSON line per request on standard error (request id, method, path, endpoint, status, ms, user).
    REQUEST_LOG = os.environ.get("REQUEST_LOG", "1") == "1"
    # Who may read /metrics (comma-separated client addresses as the app sees them); 404 for anyone else.
    METRICS_ALLOWED_ADDRESSES = os.environ.get("METRICS_ALLOWED_ADDRESSES", "127.0.0.1,::1")

    # The province dashboard's figures are computed for every university at once and kept this long
    # (seconds) before they are computed again; `flask dashboards refresh` computes them ahead of visitors.
    FIGURES_MAX_AGE_SECONDS = int(os.environ.get("FIGURES_MAX_AGE_SECONDS", "300"))

    # Unpaid charges: overdue after the grace period, the licence suspended after the longer one.
    LICENCE_GRACE_DAYS = int(os.environ.get("LICENCE_GRACE_DAYS", "30"))
    LICENCE_SUSPEND_AFTER_DAYS = int(os.environ.get("LICENCE_SUSPEND_AFTER_DAYS", "90"))

    # Notifications: "log" writes them to the application log (development); "smtp" e-mails them.
    NOTIFICATION_SENDER = os.environ.get("NOTIFICATION_SENDER", "log")
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "noreply@localhost")

    # Webhooks to partner platforms: attempts per delivery before it is given up (retries back off from
    # one minute, doubling, to at most six hours apart), the timeout of one POST, deliveries per batch.
    WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "12"))
    WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
    WEBHOOK_BATCH = 50

    # Uploads: spreadsheets and attachments. Larger requests are refused with a clear page.
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

    @property
    def ATTACHMENT_DIR(self) -> str:  # noqa: N802
        return os.environ.get("ATTACHMENT_DIR", str(INSTANCE / "attachments"))


class DevelopmentConfig(Config):
    """Local development: embedded SQLite under instance/, debug toolbar off, lax cookies."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: its own database and cheap hashing (still Argon2id)."""

    TESTING = True
    DATABASE_FILE = "test.db"
    REQUEST_LOG = False  # the tests read the lines through the logger (caplog), not standard error
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1

    @property
    def SECRET_KEY(self) -> str:  # noqa: N802
        return "testing-secret-key"  # noqa: S105 - tests only


class ProductionConfig(Config):
    """Production: PostgreSQL through DATABASE_URL, secure cookies, a real secret key required."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True
    REQUIRE_REAL_SECRET = True


def check_shared_counters(environment: str, workers: int, storage_uri: str) -> None:
    """Refuse per-process rate-limit counters (`memory://`) in production with more than one worker: each
    worker would count alone, and log-in throttling and API limits would be multiplied by the workers."""
    if environment == "production" and workers > 1 and storage_uri.startswith("memory://"):
        raise RuntimeError(
            f"{workers} workers with RATELIMIT_STORAGE_URI={storage_uri}: each worker would count on its "
            "own. Set RATELIMIT_STORAGE_URI to a shared store, e.g. redis://127.0.0.1:6379/0")


def check_production_secret(settings) -> None:
    """Refuse to start when the secret key is the development default or too short, or when the public
    address for links in e-mails is missing (a reset link would otherwise follow the request's Host header,
    which a client can forge)."""
    key = settings.get("SECRET_KEY") or ""
    if key == _INSECURE_KEY or len(key) < 32:
        raise RuntimeError(
            "Production needs SECRET_KEY set in the environment to a random value of at least "
            "32 characters, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if not str(settings.get("PUBLIC_URL") or "").startswith(("https://", "http://")):
        raise RuntimeError("Production needs PUBLIC_URL set to the site's public address, "
                           "e.g. https://patents.example.cn (links in e-mails are built from it)")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The configuration class named by MARKETPLACE_ENV (development when unset)."""
    name = os.environ.get("MARKETPLACE_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"MARKETPLACE_ENV must be one of {sorted(CONFIGS)}, not {name!r}") from None
