"""The menu: each page area registers an entry with the permission that shows it.

A new area (plans, cutting plans, schedules, quality) adds its ``NavItem`` here next to its
router, and the menu shows it to exactly the roles allowed to open it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cordwain.services.accounts import Permission, User

P = Permission


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    path: str
    permission: Permission


NAV: list[NavItem] = [
    NavItem("Dashboard", "/", P.VIEW_WORKSHOP),
    NavItem("My day", "/my-day", P.RECORD_OWN_WORK),
    NavItem("My schedule", "/my-schedule", P.RECORD_OWN_WORK),
    NavItem("Catalogue", "/catalogue", P.VIEW_CATALOGUE),
    NavItem("Materials", "/materials", P.VIEW_STOCK),
    NavItem("Inventory", "/inventory", P.VIEW_STOCK),
    NavItem("Hides", "/hides", P.VIEW_HIDES),
    NavItem("Sales", "/sales", P.VIEW_DEMAND),
    NavItem("Pre-orders", "/preorders", P.VIEW_DEMAND),
    NavItem("Demand", "/demand", P.VIEW_DEMAND),
    NavItem("Plans", "/plans", P.RUN_PLANS),
    NavItem("Artisans", "/artisans", P.VIEW_PEOPLE),
    NavItem("Production", "/production", P.VIEW_PRODUCTION),
    NavItem("Schedule", "/schedule", P.VIEW_PRODUCTION),
    NavItem("Cutting", "/cutting", P.VIEW_HIDES),
    NavItem("Quality", "/quality", P.VIEW_PRODUCTION),
    NavItem("Trace", "/trace", P.VIEW_PRODUCTION),
    NavItem("Import", "/imports", P.IMPORT_DATA),
    NavItem("Export", "/exports", P.EXPORT_DATA),
    NavItem("Accounts", "/users", P.MANAGE_ACCOUNTS),
]


def menu_for(user: User | None) -> list[NavItem]:
    return [] if user is None else [n for n in NAV if user.can(n.permission)]


def home_for(user: User) -> str:
    """Where a user lands after signing in: the first page of the menu they may open."""
    items = menu_for(user)
    return items[0].path if items else "/account"
