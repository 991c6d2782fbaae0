"""Query parameters shared by the list routes: paging and free-text search."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (at most 500).")]
Search = Annotated[
    str | None, Query(max_length=80, description="Text searched in codes and names.")
]
Code = Annotated[str, Query(max_length=40)]
