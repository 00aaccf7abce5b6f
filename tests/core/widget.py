"""A test-only model with a workflow, to prove the engine apart from any business module.

draft → submitted (submit) → approved (approve, not by the submitter, comment required)
      ↘ rejected (reject) → draft (revise); any open state → cancelled (cancel)
"""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import Column, ForeignKey, Integer, String

from app.core.errors import Invalid
from app.core.models import AuditedMixin
from app.core.scope import ScopedMixin
from app.core.workflow import Field, Transition, Workflow


class Widget(ScopedMixin, AuditedMixin, Model):
    __tablename__ = "test_widget"
    __resource__ = "widget"
    scope_owner_user_columns = ("created_by_id",)

    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    amount = Column(Integer, nullable=False, default=0)
    rating = Column(Integer, nullable=True)
    department_id = Column(Integer, ForeignKey("department.id"), nullable=False)
    status = Column(String(16), nullable=False, default="draft")


def amount_positive(widget, ctx):
    if widget.amount <= 0:
        raise Invalid("amount must be positive")


WIDGET_WORKFLOW = Workflow(
    resource="widget",
    model=Widget,
    initial="draft",
    states={"draft": "Draft", "submitted": "Submitted", "approved": "Approved",
            "rejected": "Rejected", "cancelled": "Cancelled"},
    transitions=[
        Transition("submit", ("draft",), "submitted", "Submit", guards=(amount_positive,)),
        Transition("approve", ("submitted",), "approved", "Approve",
                   comment_required=True,
                   not_by=("submit",)),
        Transition("reject", ("submitted",), "rejected", "Reject", comment_required=True),
        Transition("revise", ("rejected",), "draft", "Revise"),
        Transition("rate", ("approved",), "approved", "Rate",
                   fields=(Field("rating", "Rating", kind="int", min=1, max=5),)),
        Transition("cancel", ("draft", "submitted", "rejected"), "cancelled", "Cancel",
                   inbox=False),
    ],
)


def create_widget_table(engine) -> None:
    Widget.__table__.create(engine, checkfirst=True)
