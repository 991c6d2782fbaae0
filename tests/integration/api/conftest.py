"""A small hand-made workshop behind the app, with one account per role, on both backends.

The Mara derby in black, three materials, one hide with a scar zone, two artisans (Ana
clicks and closes, Rui lasts), a released batch, a few sales and a pre-order; accounts
``olga`` (owner), ``pia`` (planner), ``ines`` (inspector) and ``ana`` (artisan, linked to
ANA). Every account's password is :data:`PASSWORD`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    Artisan,
    Batch,
    BatchLine,
    BatchStatus,
    BOMLine,
    Colourway,
    Grade,
    Hide,
    InventoryLevel,
    Material,
    Operation,
    Polygon,
    PreOrder,
    QualityZone,
    RoutingStep,
    SalesLine,
    Shift,
    SizeRun,
    SizeSystem,
    StockKind,
    Style,
    Variant,
)
from cordwain.services import accounts, unit_of_work

with warnings.catch_warnings():
    # Starlette's notice about its test client's HTTP library is not about cordwain.
    warnings.simplefilter("ignore")
    import fastapi.testclient  # noqa: F401

# Cheap argon2 for tests: the scheme is the same, each hash costs ~1 ms instead of ~100 ms.
accounts.configure_hashing(time_cost=1, memory_cost=1024, parallelism=1)

PASSWORD = "saddle-stitch-42"
ROLES = ("owner", "planner", "inspector", "artisan")
USERNAMES = {"owner": "olga", "planner": "pia", "inspector": "ines", "artisan": "ana"}

#: Money values of the workshop: none of them may ever reach an artisan.
SECRET_MONEY = ("245.00", "61.3750", "61.38", "8.75", "27.5", "6.40", "11.2")


def seed_workshop(url: str) -> None:
    mara = Style(
        code="MARA", name="Mara Derby", last="L-204", category="derby",
        size_run=SizeRun.between(SizeSystem.US_MEN, "8", "10", core=("9",)),
        routing=(RoutingStep(Operation.CLICKING, 18.0), RoutingStep(Operation.CLOSING, 42.5),
                 RoutingStep(Operation.LASTING, 25.0, lag_minutes=720.0)),
        retail_price=Decimal("245.00"), unit_cost=Decimal("61.3750"),
    )  # fmt: skip
    with unit_of_work(url) as uow:
        uow.styles.add(mara)
        uow.colourways.add(Colourway("MARA", "BLK", "Black"))
        uow.materials.add(
            Material(
                "CALF_BLK",
                "Black box calf",
                "leather",
                "sqft",
                Decimal("8.75"),
                "Tannerie du Puy",
                21,
                min_order=200.0,
            )
        )
        uow.materials.add(
            Material(
                "LINING_NAT", "Natural lining", "fabric", "m", Decimal("6.40"), "Millhouse", 10
            )
        )
        uow.materials.add(Material("SOLE_LTHR", "Leather sole", "component", "pair",
                                   Decimal("11.2"), "Sole Co", 30, per_size=True))  # fmt: skip
        uow.boms.put(BOM("MARA", "BLK", (BOMLine("CALF_BLK", "9", 2.1, grade_per_step=0.03),)))
        outline = Polygon(((0, 0), (1200, 0), (1300, 900), (600, 1100), (-50, 800)))
        scar = QualityZone(Grade.REJECT, Polygon(((100, 100), (300, 100), (300, 250))), "scar")
        belly = QualityZone(Grade.C, Polygon(((900, 50), (1150, 50), (1150, 400), (900, 400))))
        uow.hides.add(Hide("H1", "CALF_BLK", "LOT7", 19.5, outline, (scar, belly),
                           backbone=((0, 500), (1200, 500))))  # fmt: skip
        uow.artisans.add(Artisan("ANA", "Ana", {Operation.CLICKING: 16.0,
                                                Operation.CLOSING: 40.0}))  # fmt: skip
        uow.artisans.add(Artisan("RUI", "Rui", {Operation.LASTING: 22.0}, weekly_hours=32.0,
                                 shift=Shift(("tue", "wed", "thu"), time(9), time(17)),
                                 hourly_rate=27.5))  # fmt: skip
        uow.inventory.set(InventoryLevel(StockKind.MATERIAL, "CALF_BLK", 120.0))
        uow.sales.add_many(
            SalesLine(date(2026, 11, d), Variant("MARA", "BLK", "9"), 1 + d % 2,
                      Decimal("245.00"))
            for d in range(1, 21)
        )  # fmt: skip
        uow.preorders.add(PreOrder("PO-1", Variant("MARA", "BLK", "9.5"), 2,
                                   date(2026, 11, 20), date(2026, 12, 20)))  # fmt: skip
        uow.batches.add(Batch("B1", date(2026, 11, 23), date(2026, 12, 4),
                              [BatchLine(Variant("MARA", "BLK", "9"), 6)],
                              status=BatchStatus.RELEASED))  # fmt: skip
        for role in ROLES:
            accounts.create_user(
                uow, USERNAMES[role], PASSWORD, role,
                artisan_code="ANA" if role == "artisan" else None,
            )  # fmt: skip
        uow.commit()


@pytest.fixture
def shop_url(workshop_url):
    seed_workshop(workshop_url)
    return workshop_url


@pytest.fixture
def app(shop_url):
    from cordwain.api import WebConfig, create_app

    return create_app(shop_url, config=WebConfig(dashboard_seconds=0))


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


@dataclass
class Browser:
    """A TestClient signed in through the login form, carrying its CSRF token."""

    client: object
    csrf: str

    def get(self, path, **kw):
        return self.client.get(path, **kw)

    def post(self, path, data=None, **kw):
        data = {**(data or {}), "csrf_token": self.csrf}
        return self.client.post(path, data=data, **kw)


def sign_in(app, role: str, password: str = PASSWORD) -> Browser:
    from fastapi.testclient import TestClient

    c = TestClient(app)
    page = c.get("/login")
    form = {"username": USERNAMES[role], "password": password, "csrf_token": csrf_of(page.text)}
    r = c.post("/login", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    home = c.get(r.headers["location"])
    return Browser(c, csrf_of(home.text))


def token_for(app, role: str) -> dict[str, str]:
    """An Authorization header with a fresh API token of ``role``'s account."""
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        r = c.post("/api/v1/auth/token", json={"username": USERNAMES[role],
                                                "password": PASSWORD, "name": "tests"})  # fmt: skip
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}
