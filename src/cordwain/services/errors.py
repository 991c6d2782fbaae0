"""Errors a service reports to its caller (CLI, API, web) in the workshop's words."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be carried out as asked; the message says why and what to do."""
