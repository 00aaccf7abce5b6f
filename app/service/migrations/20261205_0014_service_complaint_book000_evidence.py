"""service: complaints true to book 000; evidence through the core upload service

Complaint: ``major`` (重大投訴, forwarded by the 客服 head), ``finding`` (成立 / 不成立),
``satisfied`` (the return visit's answer), ``escalation_level`` (1 responsible head, 2 store
manager; complaints escalated before are at 2). Evidence files move from
``complaint_attachment`` to the core ``attachment`` table (resource ``complaint``): the files
stay where they are (the stored relative path is kept), notes are appended to the complaint's
evidence text; the old table is dropped. Downgrade moves them back.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

_complaint = sa.table(
    'complaint', sa.column('id', sa.Integer), sa.column('evidence', sa.Text),
    sa.column('escalated_at', sa.DateTime), sa.column('escalation_level', sa.Integer))
_old = sa.table(
    'complaint_attachment', sa.column('id', sa.Integer), sa.column('complaint_id', sa.Integer),
    sa.column('filename', sa.String), sa.column('path', sa.String),
    sa.column('content_type', sa.String), sa.column('size', sa.Integer),
    sa.column('note', sa.Text), sa.column('created_at', sa.DateTime),
    sa.column('updated_at', sa.DateTime), sa.column('created_by_id', sa.Integer))
_new = sa.table(
    'attachment', sa.column('id', sa.Integer), sa.column('resource', sa.String),
    sa.column('record_id', sa.Integer), sa.column('name', sa.String),
    sa.column('path', sa.String), sa.column('size', sa.Integer),
    sa.column('content_type', sa.String), sa.column('created_by_id', sa.Integer),
    sa.column('created_at', sa.DateTime))


def upgrade():
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('major', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('finding', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('satisfied', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_index(batch_op.f('ix_complaint_major'), ['major'], unique=False)
    bind = op.get_bind()
    bind.execute(_complaint.update().where(_complaint.c.escalated_at.is_not(None))
                 .values(escalation_level=2))

    rows = bind.execute(sa.select(_old).order_by(_old.c.id)).mappings().all()
    notes: dict[int, list[str]] = {}
    for r in rows:
        bind.execute(_new.insert().values(
            resource='complaint', record_id=r['complaint_id'], name=r['filename'][:255],
            path=r['path'], size=r['size'] or 0,
            content_type=r['content_type'] or 'application/octet-stream',
            created_by_id=r['created_by_id'], created_at=r['created_at']))
        if r['note']:
            notes.setdefault(r['complaint_id'], []).append(f"{r['filename']}: {r['note']}")
    for complaint_id, lines in notes.items():
        old = bind.execute(sa.select(_complaint.c.evidence)
                           .where(_complaint.c.id == complaint_id)).scalar()
        text = "\n".join(([old] if old else []) + lines)
        bind.execute(_complaint.update().where(_complaint.c.id == complaint_id)
                     .values(evidence=text))
    with op.batch_alter_table('complaint_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_attachment_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_attachment_complaint_id'))
    op.drop_table('complaint_attachment')


def downgrade():
    op.create_table('complaint_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['ab_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('complaint_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_attachment_complaint_id'), ['complaint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_attachment_created_by_id'), ['created_by_id'], unique=False)
    bind = op.get_bind()
    rows = bind.execute(sa.select(_new).where(_new.c.resource == 'complaint')
                        .order_by(_new.c.id)).mappings().all()
    for r in rows:
        bind.execute(_old.insert().values(
            complaint_id=r['record_id'], filename=r['name'], path=r['path'],
            content_type=r['content_type'], size=r['size'], created_at=r['created_at'],
            created_by_id=r['created_by_id']))
    bind.execute(_new.delete().where(_new.c.resource == 'complaint'))
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_major'))
        batch_op.drop_column('escalation_level')
        batch_op.drop_column('satisfied')
        batch_op.drop_column('finding')
        batch_op.drop_column('major')
