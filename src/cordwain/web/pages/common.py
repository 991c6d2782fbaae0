"""What the page routers share: the gate, paging links, table cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request

from cordwain.api.deps import SIGNED_IN, UowDep, allow
from cordwain.services.web_views import Page

__all__ = ["SIGNED_IN", "Cell", "Limit", "Offset", "UowDep", "allow", "link", "paging"]

Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]
Limit = Annotated[int, Query(ge=1, le=500)]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False


def link(text: str, href: str) -> Cell:
    return Cell(text, href)


def num(value: Any) -> Cell:
    return Cell(str(value), numeric=True)


def paging(request: Request, page: Page) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the current filters."""
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v != ""}

    def href(offset: int | None) -> str | None:
        if offset is None:
            return None
        return f"{request.url.path}?{urlencode({**params, 'offset': offset})}"

    first = page.offset + 1 if page.total else 0
    return {
        "total": page.total,
        "first": first,
        "last": page.offset + len(page.items),
        "previous": href(page.previous_offset),
        "next": href(page.next_offset),
    }
