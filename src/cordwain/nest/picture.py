"""Pictures of a cutting plan: one SVG per hide, zones shaded by quality, pieces labelled.

The cutting room would rather look than read: the picture is drawn in the hide's own
coordinates (y up, as in CAD), scaled to a readable width.
"""

from __future__ import annotations

from html import escape

from .model import NestProblem, NestResult, Sheet

#: Fill per quality level: best leather light, reject dark red.
LEVEL_COLOURS = {0: "#7f1d1d", 1: "#f4a261", 2: "#e9c46a", 3: "#f1f5d8"}
PIECE_COLOURS = ["#2a9d8f", "#264653", "#8d5a97", "#3a86ff", "#6a994e", "#bc4749", "#577590"]


def level_colour(level: int, best: int) -> str:
    if level >= best:
        return "#f1f5d8"
    return LEVEL_COLOURS.get(level, "#e9c46a")


def _path(ring) -> str:
    return "M " + " L ".join(f"{x:.2f} {y:.2f}" for x, y in ring) + " Z"


def plan_svg(problem: NestProblem, result: NestResult, sheet_id: str, width_px: int = 900) -> str:
    """An SVG picture of the cutting plan of one hide or offcut."""
    sheets = {s.id: s for s in problem.sheets}
    base_id = sheet_id.split("#")[0]
    if base_id not in sheets:
        raise KeyError(f"no hide or offcut {sheet_id!r} in the problem")
    sheet: Sheet = sheets[base_id]
    xs = [p[0] for p in sheet.outline]
    ys = [p[1] for p in sheet.outline]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, y1 - y0
    pad = 0.02 * max(w, h)
    scale = width_px / (w + 2 * pad)
    stroke = 1.2 / scale
    font = max(w, h) / 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" '
        f'height="{int((h + 2 * pad) * scale)}" '
        f'viewBox="{x0 - pad:.2f} {-(y1 + pad):.2f} {w + 2 * pad:.2f} {h + 2 * pad:.2f}">',
        f"<title>cutting plan {escape(sheet_id)}</title>",
        '<g transform="scale(1,-1)">',
        f'<path d="{_path(sheet.outline)}" fill="{LEVEL_COLOURS[3]}" '
        f'stroke="#333" stroke-width="{2 * stroke:.3f}"/>',
    ]
    for z in sorted(sheet.zones, key=lambda z: -z.level):
        parts.append(
            f'<path d="{_path(z.outline)}" fill="{level_colour(z.level, sheet.base_level)}" '
            f'fill-opacity="0.75" stroke="#a0522d" stroke-width="{stroke:.3f}" '
            f'stroke-dasharray="{4 * stroke:.3f}"><title>zone level {z.level}</title></path>'
        )
    for hole in sheet.holes:
        parts.append(
            f'<path d="{_path(hole)}" fill="{LEVEL_COLOURS[0]}" stroke="#000" '
            f'stroke-width="{stroke:.3f}"><title>hole / reject</title></path>'
        )
    labels = []
    colours: dict[str, str] = {}
    for p in result.placements:
        if p.sheet_id != sheet_id:
            continue
        key = p.piece or p.item_id
        col = colours.setdefault(key, PIECE_COLOURS[len(colours) % len(PIECE_COLOURS)])
        label = " ".join(x for x in (p.article, p.piece, p.size, p.side[:1].upper()) if x)
        label = label or p.item_id
        parts.append(
            f'<path d="{_path(p.outline)}" fill="{col}" fill-opacity="0.55" stroke="#111" '
            f'stroke-width="{stroke:.3f}"><title>{escape(label)} (level {p.level}, '
            f"{p.angle:.1f}°)</title></path>"
        )
        cx = sum(q[0] for q in p.outline) / len(p.outline)
        cy = sum(q[1] for q in p.outline) / len(p.outline)
        # On the hide only the piece, size and side help the clicker (the full name is in
        # the tooltip); the text is shrunk to fit inside the piece so labels never pile up.
        short = " ".join(x for x in (p.piece.split(" (")[0] if p.piece else "", p.size,
                                     p.side[:1].upper()) if x) or label  # fmt: skip
        xs = [q[0] for q in p.outline]
        ys = [q[1] for q in p.outline]
        fit = min((max(xs) - min(xs)) / (0.6 * max(len(short), 1)), (max(ys) - min(ys)) / 2)
        size = min(font, fit)
        if size >= font / 4:
            labels.append(
                f'<text x="{cx:.2f}" y="{-cy + size / 3:.2f}" font-size="{size:.2f}" '
                f'text-anchor="middle" font-family="sans-serif" fill="#000">{escape(short)}</text>'
            )
    parts.append("</g>")
    parts.extend(labels)  # outside the flip so text reads upright
    u = next((u for u in result.usage if u.sheet_id == sheet_id), None)
    if u is not None:
        parts.append(
            f'<text x="{x0:.2f}" y="{-(y1 - font):.2f}" font-size="{1.3 * font:.2f}" '
            f'font-family="sans-serif">{escape(sheet_id)}: {u.pieces} pieces, yield '
            f"{100 * u.utilisation:.1f}%</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
