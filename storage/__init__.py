"""Persistence: SQLAlchemy models, repositories, the unit of work and Alembic migrations."""

from storage.database import Database
from storage.unit_of_work import UnitOfWork

__all__ = ["Database", "UnitOfWork"]
