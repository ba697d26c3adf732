"""A task for several assignees is done part by part: each assignee's row says when its part was
said done, and by whom.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# SQLite adds no foreign key to a table in place, nor drops a column one holds: the table is
# rebuilt (batch mode), reflecting only itself. Following its foreign keys would reflect
# ``persons``, whose index on an expression SQLAlchemy cannot read back (see 0007).
_ALONE = {"resolve_fks": False}


def upgrade() -> None:
    with op.batch_alter_table("task_assignees", reflect_kwargs=_ALONE) as batch_op:
        batch_op.add_column(sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("done_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_task_assignees_done_by_persons", "persons", ["done_by"], ["id"]
        )


def downgrade() -> None:
    # Before 0014 a task is done or not as a whole: an open task some of whose assignees said
    # their part done would wait for them again, and remind them. Refused, rather than losing
    # what they said unasked. A closed task loses only who did which part (its history has it).
    assignees = sa.table("task_assignees", sa.column("task_id"), sa.column("done_at"))
    tasks = sa.table("tasks", sa.column("id"), sa.column("status"))
    counted = op.get_bind().execute(
        sa.select(sa.func.count())
        .select_from(assignees.join(tasks, tasks.c.id == assignees.c.task_id))
        .where(assignees.c.done_at.is_not(None), tasks.c.status == "open")
    )
    if count := counted.scalar_one():
        raise CommandError(
            "cannot go below revision 0014: assignees of open tasks have said their part done "
            f"({count}), and would be reminded of it again (task_assignees.done_at). Stay at "
            "0014, or close or reopen those tasks, or set those done_at to NULL, to downgrade "
            "all the same."
        )
    with op.batch_alter_table("task_assignees", reflect_kwargs=_ALONE) as batch_op:
        batch_op.drop_constraint("fk_task_assignees_done_by_persons", type_="foreignkey")
        batch_op.drop_column("done_by")
        batch_op.drop_column("done_at")
