"""Landing page: who you are, what waits for you, and the dashboard of your role kind.

The dashboard's panels come from the module that registers ``yuelao_home_panels`` (the
dashboard module, app/dashboard); without it the page shows the inbox alone.
"""
from flask import current_app, g
from flask_appbuilder import IndexView, expose

from app.core import inbox
from app.core.scope import current_scope


class HomeView(IndexView):
    index_template = "yuelao/index.html"

    @expose("/")
    def index(self):
        user = g.user if getattr(g, "user", None) is not None else None
        sections, scope, modules, panels = [], None, [], []
        if user is not None and user.is_authenticated:
            scope = current_scope()
            sm = self.appbuilder.sm
            if sm.has_access("can_read", "inbox"):
                sections = inbox.pending(limit=10)
            modules = self._modules_for(sm)
            build = current_app.extensions.get("yuelao_home_panels")
            if build is not None:
                panels = build()
        return self.render_template(self.index_template, appbuilder=self.appbuilder,
                                    sections=sections, scope=scope, modules=modules,
                                    panels=panels, endpoints=inbox.SHOW_ENDPOINTS)

    def _modules_for(self, sm) -> list:
        """Menu categories of the installed modules that the user may open (no promises of
        what is not installed or not theirs)."""
        from app.core.navbar import visible_categories

        return visible_categories(self.appbuilder, sm)
