"""What an import already knows: the workshop's catalogue and codes, and today's date.

The import service builds a :class:`Context` from the database; a file is checked against
it (a sale of an unknown SKU, a BOM naming an unknown material). Files imported together
chain contexts with :meth:`Context.with_objects` (styles, then colourways, then BOMs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from cordwain.domain import (
    BOM,
    Artisan,
    Colourway,
    FabricRoll,
    Hide,
    Material,
    Style,
)


@dataclass(frozen=True)
class Context:
    """Known objects that rows may refer to.

    ``skus`` are extra SKUs the store knows outside today's catalogue (a size dropped from
    a run still has sales history); any style × colourway × size of the run is accepted
    without being listed. With ``allow_updates`` a row may repeat a code the workshop
    already has (the import service then updates it); without it, that is an error.
    """

    today: date
    styles: Mapping[str, Style] = field(default_factory=dict)
    colourways: Mapping[tuple[str, str], Colourway] = field(default_factory=dict)
    materials: Mapping[str, Material] = field(default_factory=dict)
    hide_codes: frozenset[str] = frozenset()
    roll_codes: frozenset[str] = frozenset()
    artisan_codes: frozenset[str] = frozenset()
    bom_keys: frozenset[tuple[str, str]] = frozenset()
    skus: frozenset[str] = frozenset()
    allow_updates: bool = False

    @classmethod
    def of(
        cls,
        today: date,
        *,
        styles: Iterable[Style] = (),
        colourways: Iterable[Colourway] = (),
        materials: Iterable[Material] = (),
        hide_codes: Iterable[str] = (),
        roll_codes: Iterable[str] = (),
        artisan_codes: Iterable[str] = (),
        bom_keys: Iterable[tuple[str, str]] = (),
        skus: Iterable[str] = (),
        allow_updates: bool = False,
    ) -> Context:
        """A context from plain lists of domain objects and codes."""
        return cls(
            today=today,
            styles={s.code: s for s in styles},
            colourways={(c.style_code, c.code): c for c in colourways},
            materials={m.code: m for m in materials},
            hide_codes=frozenset(hide_codes),
            roll_codes=frozenset(roll_codes),
            artisan_codes=frozenset(artisan_codes),
            bom_keys=frozenset(bom_keys),
            skus=frozenset(skus),
            allow_updates=allow_updates,
        )

    def with_objects(self, objects: Iterable[object]) -> Context:
        """This context plus freshly parsed styles, colourways, materials, hides, rolls..."""
        styles = dict(self.styles)
        colourways = dict(self.colourways)
        materials = dict(self.materials)
        hides, rolls, artisans = set(self.hide_codes), set(self.roll_codes), set(self.artisan_codes)
        boms = set(self.bom_keys)
        for obj in objects:
            if isinstance(obj, Style):
                styles[obj.code] = obj
            elif isinstance(obj, Colourway):
                colourways[(obj.style_code, obj.code)] = obj
            elif isinstance(obj, Material):
                materials[obj.code] = obj
            elif isinstance(obj, Hide):
                hides.add(obj.code)
            elif isinstance(obj, FabricRoll):
                rolls.add(obj.code)
            elif isinstance(obj, Artisan):
                artisans.add(obj.code)
            elif isinstance(obj, BOM):
                boms.add((obj.style_code, obj.colourway_code))
        return replace(
            self,
            styles=styles,
            colourways=colourways,
            materials=materials,
            hide_codes=frozenset(hides),
            roll_codes=frozenset(rolls),
            artisan_codes=frozenset(artisans),
            bom_keys=frozenset(boms),
        )
