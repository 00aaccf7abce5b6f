"""Landing page: who you are, what waits for you, where to go."""
from flask import g
from flask_appbuilder import IndexView, expose

from app.core import inbox
from app.core.scope import current_scope


class HomeView(IndexView):
    index_template = "yuelao/index.html"

    @expose("/")
    def index(self):
        user = g.user if getattr(g, "user", None) is not None else None
        sections, scope = [], None
        if user is not None and user.is_authenticated:
            scope = current_scope()
            sm = self.appbuilder.sm
            if sm.has_access("can_read", "inbox"):
                sections = inbox.pending(limit=10)
        return self.render_template(self.index_template, appbuilder=self.appbuilder,
                                    sections=sections, scope=scope,
                                    endpoints=inbox.SHOW_ENDPOINTS)
