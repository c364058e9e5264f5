"""专家工作单位: persons.workplace, the work unit typed for a person whose employer is not in 单位库
(e.g. an expert from 浙江大学 imported without a credit code). Nullable, so existing rows stay as they are.

Revision ID: 0003_expert_workplace
Revises: 0002_review
Create Date: 2026-12-03 17:20:29.850225
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_expert_workplace'
down_revision = '0002_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a nullable column in place (no table rebuild)
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('workplace', sa.String(length=200), nullable=True))


def downgrade() -> None:
    # rebuilds ``persons`` (batch mode); sti_desk.db.migrate runs it with foreign keys OFF, so the rows that
    # refer to persons (projects, team members, experts, declared conflicts) are kept
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_column('workplace')
