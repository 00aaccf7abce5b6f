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


def test_every_migration_has_a_slug(app):
    import pathlib

    from app.core.modules import migration_locations

    with app.app_context():
        dirs = migration_locations()
    files = sorted(f for d in dirs for f in pathlib.Path(d).glob("*.py"))
    assert len(dirs) > 1 and files
    for f in files:
        parts = f.stem.split("_", 2)
        assert len(parts) == 3 and parts[2], f"{f.name} lacks a slug"


def test_module_revisions_live_in_their_module(app):
    """A module's revision is found in app/<name>/migrations, and the chain stays linear."""
    from alembic.script import ScriptDirectory

    from app.extensions import migrate

    with app.app_context():
        config = migrate.get_config("migrations")
        script = ScriptDirectory.from_config(config)
        heads = script.get_heads()
        places = {rev.revision: rev.path for rev in script.walk_revisions()}
    assert len(heads) == 1
    assert "/app/assets/migrations/" in places["0009"]
