"""moderation: a trusted partner's edit is "applied", not "published"

"Published" is the word of the directory (a partner or a service residents can see). A
revision that a trusted partner's edit applied at once, before any review, now has its own
status, "applied".

Revision ID: a7c3e9d21b04
Revises: f0dec134af31
Create Date: 2026-12-03 19:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7c3e9d21b04'
down_revision = 'f0dec134af31'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE revision SET status = 'applied' WHERE status = 'published'")


def downgrade():
    op.execute("UPDATE revision SET status = 'published' WHERE status = 'applied'")
