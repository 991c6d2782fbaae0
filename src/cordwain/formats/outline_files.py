"""Reading one hide outline from a DXF or SVG file named in a hides CSV (``outline_file``).

Deliberately small: a DXF with exactly one closed LWPOLYLINE of straight segments, or an
SVG with exactly one ``<polygon>`` or ``<path>`` of straight segments (M/L/H/V/Z). Full
pattern and plan I/O (arcs, splines, layers, many pieces) belongs to the nesting engine.
Coordinates come out in millimetres.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from cordwain.domain import Polygon

#: DXF $INSUNITS code → millimetres per drawing unit (0 = unitless, read as mm).
_DXF_UNITS_MM = {0: 1.0, 1: 25.4, 2: 304.8, 4: 1.0, 5: 10.0, 6: 1000.0}


class OutlineFileError(ValueError):
    """The referenced file cannot give a single straight-sided outline."""


def read_outline(path: str | Path) -> Polygon:
    """The single outline drawn in a ``.dxf`` or ``.svg`` file, in mm."""
    p = Path(path)
    if not p.is_file():
        raise OutlineFileError(f"file not found (looked in {p.parent})")
    suffix = p.suffix.lower()
    if suffix == ".dxf":
        return Polygon(tuple(_dxf_points(p)))
    if suffix == ".svg":
        return Polygon(tuple(_svg_points(p)))
    raise OutlineFileError("only .dxf and .svg outline files are read")


def _dxf_points(path: Path) -> list[tuple[float, float]]:
    import ezdxf  # heavy: imported only when a DXF is actually read

    try:
        doc = ezdxf.readfile(path)
    except (OSError, ValueError, ezdxf.DXFError) as exc:
        raise OutlineFileError(f"not a readable DXF file: {exc}") from exc
    lines = list(doc.modelspace().query("LWPOLYLINE"))
    if len(lines) != 1:
        raise OutlineFileError(
            f"the drawing must hold exactly one LWPOLYLINE (the outline), found {len(lines)}"
        )
    pline = lines[0]
    pts = [(float(x), float(y), float(b)) for x, y, b in pline.get_points("xyb")]
    if any(abs(b) > 1e-12 for _, _, b in pts):
        raise OutlineFileError("arcs (bulges) in the outline are not read yet")
    closed = pline.closed or (len(pts) > 2 and pts[0][:2] == pts[-1][:2])
    if not closed:
        raise OutlineFileError("the LWPOLYLINE is not closed")
    units = int(doc.header.get("$INSUNITS", 0))
    if units not in _DXF_UNITS_MM:
        raise OutlineFileError(f"drawing units code {units} is not supported")
    k = _DXF_UNITS_MM[units]
    return [(x * k, y * k) for x, y, _ in pts]


_SVG_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_SVG_TOKEN = re.compile(r"[MmLlHhVvZzCcSsQqTtAa]|" + _SVG_NUMBER)


def _svg_points(path: Path) -> list[tuple[float, float]]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise OutlineFileError(f"not a readable SVG file: {exc}") from exc
    shapes = [el for el in root.iter() if _local(el.tag) in {"polygon", "path"}]
    if len(shapes) != 1:
        raise OutlineFileError(
            f"the drawing must hold exactly one <polygon> or <path> (the outline),"
            f" found {len(shapes)}"
        )
    if any("transform" in el.attrib for el in root.iter()):
        raise OutlineFileError("SVG transforms are not applied yet; remove them")
    shape = shapes[0]
    if _local(shape.tag) == "polygon":
        numbers = [float(t) for t in re.findall(_SVG_NUMBER, shape.get("points", ""))]
        if len(numbers) % 2:
            raise OutlineFileError("the polygon has an odd number of coordinates")
        return list(zip(numbers[::2], numbers[1::2], strict=True))
    return _path_points(shape.get("d", ""))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _path_points(d: str) -> list[tuple[float, float]]:
    tokens = _SVG_TOKEN.findall(d)
    out: list[tuple[float, float]] = []
    x = y = 0.0
    command = ""
    i = 0
    subpaths = 0

    def number() -> float:
        nonlocal i
        if i >= len(tokens) or tokens[i].isalpha():
            raise OutlineFileError(f"the path data is incomplete after {command!r}")
        i += 1
        return float(tokens[i - 1])

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command.upper() in "CSQTA":
                raise OutlineFileError(f"curves ({command}) in the path are not read yet")
            if command.upper() == "Z":
                continue
            if command.upper() == "M":
                subpaths += 1
                if subpaths > 1:
                    raise OutlineFileError("the path draws more than one outline")
        elif not command:
            raise OutlineFileError("the path data must start with M")
        rel = command.islower()
        c = command.upper()
        if c in "ML":
            nx, ny = number(), number()
            x, y = (x + nx, y + ny) if rel else (nx, ny)
            if c == "M":
                command = "l" if rel else "L"  # further pairs after M are line-tos
        elif c == "H":
            nx = number()
            x = x + nx if rel else nx
        elif c == "V":
            ny = number()
            y = y + ny if rel else ny
        elif c == "Z":
            raise OutlineFileError("numbers after Z in the path")
        out.append((x, y))
    return out
