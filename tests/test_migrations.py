"""Migrations are the only source of the schema, and they agree with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db


def test_models_and_migrations_agree(app):
    with app.app_context():
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [
                d for d in compare_metadata(ctx, db.metadata)
                if not _is_test_table(d)
            ]
    assert diff == []


def _is_test_table(d) -> bool:
    text = repr(d)
    return "test_" in text


def test_every_migration_has_a_slug():
    import pathlib

    files = sorted(pathlib.Path("migrations/versions").glob("*.py"))
    assert files
    for f in files:
        parts = f.stem.split("_", 2)
        assert len(parts) == 3 and parts[2], f"{f.name} lacks a slug"
