"""Alembic migration scripts of the cordwain store (a package so ``env.py`` ships in wheels)."""
