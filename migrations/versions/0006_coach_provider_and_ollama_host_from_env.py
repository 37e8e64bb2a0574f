"""coach provider and the OpenAI-compatible server's address and model

Which API the coach's server speaks (Ollama's own, or OpenAI's chat completions as LM
Studio, llama.cpp, LocalAI and vLLM serve it), and that server's base URL and model. From
now on a new account stores an empty Ollama host, meaning OLLAMA_HOST (else
localhost:11434) as for the ollama CLI; existing rows keep the host they hold.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_settings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('llm_provider', sa.String(length=20), server_default='ollama', nullable=False)
        )
        batch_op.add_column(sa.Column('openai_base_url', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('openai_model', sa.String(length=100), nullable=True))
        # Autogenerate does not compare CHECKs; this mirrors the model's named one.
        batch_op.create_check_constraint(
            op.f('ck_user_settings_llm_provider_known'),
            "llm_provider IN ('ollama', 'openai')",
        )


def downgrade() -> None:
    with op.batch_alter_table('user_settings', schema=None) as batch_op:
        # The CHECK goes first: a batch copy would keep it and name a missing column.
        batch_op.drop_constraint(op.f('ck_user_settings_llm_provider_known'), type_='check')
        batch_op.drop_column('openai_model')
        batch_op.drop_column('openai_base_url')
        batch_op.drop_column('llm_provider')
