"""Errors raised by the store, each naming the record (table and key) it is about."""

from __future__ import annotations


class StoreError(Exception):
    """Something the database refused or could not find, said in workshop terms."""


class DuplicateError(StoreError):
    """A record with the same key is already stored (``what`` and ``key`` name it)."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key} already exists")
        self.what = what
        self.key = key


class NotFoundError(StoreError):
    """A record that must exist (to update, remove, or be referred to) is not stored."""

    def __init__(self, what: str, key: object, *, needed_by: str | None = None) -> None:
        message = f"{what} {key} does not exist"
        if needed_by:
            message += f" (needed by {needed_by})"
        super().__init__(message)
        self.what = what
        self.key = key
