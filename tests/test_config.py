"""Configuration: production refuses a weak secret; cookies are secure there."""

import pytest
from sqlalchemy import text

from config import CONFIGS, ProductionConfig, config_from_env
from marketplace import create_app


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_a_short_secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_refuses_to_start_without_its_public_address(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    for missing in ("", "patents.example.cn"):
        with pytest.raises(RuntimeError, match="PUBLIC_URL"):
            create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://", PUBLIC_URL=missing)


def test_production_starts_with_a_real_secret_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    app = create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://",
                     PUBLIC_URL="https://patents.example.cn")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_database_url_forms_are_normalised(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert CONFIGS["development"]().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert CONFIGS["development"]().SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("MARKETPLACE_ENV", "staging")
    with pytest.raises(RuntimeError):
        config_from_env()


def test_every_postgresql_session_gets_the_planner_settings(app):
    """The settings ride on each connection's options, so they hold in every session, pooled or not."""
    from config import Config
    from marketplace.extensions import db

    wanted = {"random_page_cost": "1.1", "plan_cache_mode": "force_custom_plan", "jit": "off"}
    assert Config.POSTGRES_SESSION_SETTINGS == wanted
    other = create_app(CONFIGS["testing"], SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1/none")
    options = other.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"]
    assert options.split() == [part for name, value in wanted.items() for part in ("-c", f"{name}={value}")]
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            for name, value in wanted.items():
                assert db.session.execute(text(f"SHOW {name}")).scalar_one() == value
