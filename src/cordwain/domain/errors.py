"""Domain errors: the one place where the workshop's rule violations are named."""

from __future__ import annotations


class DomainError(ValueError):
    """A workshop rule was broken (bad quantity, unknown size, broken polygon...).

    ``field`` names the offending attribute so that importers can point at a column.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnknownSize(DomainError):
    """A size that is not part of the size system or the style's size run."""


class InvalidGeometry(DomainError):
    """A polygon that is degenerate, self-intersecting or otherwise unusable."""


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    """Raise :class:`DomainError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise DomainError(message, field=field)
