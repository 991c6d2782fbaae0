"""A deterministic demo workshop: a small Los Angeles shoe brand, generated from a seed.

``generate(seed)`` returns a :class:`DemoWorkshop` of plain domain objects (styles, BOMs,
pattern pieces, hides, artisans, two years of sales, pre-orders, feedback, stock) for first
runs, demos and tests. Pure: no I/O, nothing computed at import.
"""

from .demand import StockOut
from .workshop import DemoWorkshop, generate

__all__ = ["DemoWorkshop", "StockOut", "generate"]
