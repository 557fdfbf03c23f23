"""Migrations: a single head, and `flask db upgrade` on an empty database gives the models' schema."""

from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from marketplace import ROOT
from marketplace.database import include_in_migrations
from marketplace.extensions import db


def test_one_head():
    config = AlembicConfig(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgraded_schema_matches_the_models(app):
    # The session fixture built this database with `flask db upgrade` from empty.
    with app.app_context():
        context = MigrationContext.configure(
            db.session.connection(),
            opts={"compare_type": True, "include_object": include_in_migrations},
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_migration_file_names_are_dated():
    import re

    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        assert re.match(r"\d{8}_[0-9a-f]+_\w+\.py$", path.name), path.name
