"""FAB resolves REST filter operators through one global map of arg names: custom filters
of different modules must not share one."""
from flask_appbuilder.models.filters import BaseFilter


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_custom_filter_arg_names_are_unique(app):
    ours = [c for c in _subclasses(BaseFilter) if c.__module__.startswith("app.")]
    names = [c.arg_name for c in ours]
    assert len(names) == len(set(names)), sorted(names)
