"""Persistence: SQLAlchemy models, engine factory, Alembic migrations and seed loading."""
