"""Alembic migrations of the intake server's database (applied by ``server.migrate``)."""
