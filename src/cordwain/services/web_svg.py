"""Pictures as SVG text, drawn on the server: a hide with its quality zones, bar charts.

Plain strings (no plotting library, nothing loaded at import) so a page embeds them inline
and the API serves them as ``image/svg+xml``. Every piece of text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from cordwain.domain import Grade, Hide, Polygon

#: Fill of each leather grade: best is the calmest colour, reject is unmistakable.
GRADE_COLOURS = {
    Grade.A: "#c9a27a",
    Grade.B: "#e0b95a",
    Grade.C: "#e08a4a",
    Grade.REJECT: "#c0392b",
}


def _path(polygon: Polygon) -> str:
    pts = polygon.points
    head = f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"
    return head + "".join(f"L{x:.1f},{y:.1f}" for x, y in pts[1:]) + "Z"


def hide_svg(hide: Hide, *, width: int | None = None, legend: bool = True) -> str:
    """The hide's outline filled by its base grade, zones and holes on top, spine dashed.

    Coordinates stay in millimetres (the ``viewBox``), so the picture scales with the page
    and a zoom keeps the shapes crisp.
    """
    x0, y0, x1, y1 = hide.outline.bounds
    pad = max(x1 - x0, y1 - y0) * 0.03
    legend_h = (max(x1 - x0, y1 - y0) * 0.08) if legend else 0.0
    vb_w, vb_h = (x1 - x0) + 2 * pad, (y1 - y0) + 2 * pad + legend_h
    size = f' width="{width}"' if width else ""
    stroke = max(vb_w, vb_h) / 400
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0 - pad:.1f} {y0 - pad:.1f} '
        f'{vb_w:.1f} {vb_h:.1f}"{size} role="img" class="hide-svg" '
        f"aria-label={quoteattr(f'Hide {hide.code}')}>",
        f"<title>{escape(f'Hide {hide.code} — {hide.material_code}, lot {hide.lot}')}</title>",
        f'<path d="{_path(hide.outline)}" fill="{GRADE_COLOURS[hide.base_grade]}" '
        f'stroke="#5b3a1e" stroke-width="{stroke * 2:.2f}"/>',
    ]
    for zone in hide.zones:
        label = f"grade {zone.grade.value}" + (f": {zone.note}" if zone.note else "")
        parts.append(
            f'<path d="{_path(zone.outline)}" fill="{GRADE_COLOURS[zone.grade]}" '
            f'fill-opacity="0.85" stroke="#5b3a1e" stroke-width="{stroke:.2f}" '
            f'class="zone zone-{escape(zone.grade.value)}"><title>{escape(label)}</title></path>'
        )
    for hole in hide.holes:
        parts.append(
            f'<path d="{_path(hole)}" fill="#ffffff" stroke="{GRADE_COLOURS[Grade.REJECT]}" '
            f'stroke-width="{stroke * 1.5:.2f}" class="hole"><title>hole</title></path>'
        )
    if hide.backbone is not None:
        (bx0, by0), (bx1, by1) = hide.backbone
        parts.append(
            f'<line x1="{bx0:.1f}" y1="{by0:.1f}" x2="{bx1:.1f}" y2="{by1:.1f}" '
            f'stroke="#3d2b1f" stroke-width="{stroke * 1.5:.2f}" '
            f'stroke-dasharray="{stroke * 12:.1f} {stroke * 8:.1f}" class="backbone">'
            "<title>backbone (spine)</title></line>"
        )
    if legend:
        ly = y1 + pad * 0.5
        box = legend_h * 0.45
        font = legend_h * 0.42
        x = x0
        for grade in Grade:
            parts.append(
                f'<rect x="{x:.1f}" y="{ly:.1f}" width="{box:.1f}" height="{box:.1f}" '
                f'fill="{GRADE_COLOURS[grade]}" stroke="#5b3a1e" stroke-width="{stroke:.2f}"/>'
                f'<text x="{x + box * 1.3:.1f}" y="{ly + box * 0.85:.1f}" '
                f'font-size="{font:.1f}" font-family="sans-serif">{escape(grade.value)}</text>'
            )
            x += (x1 - x0) / 4
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    values: Sequence[float],
    labels: Sequence[str],
    *,
    title: str,
    width: int = 640,
    height: int = 180,
    colour: str = "#8a5a34",
) -> str:
    """A simple bar chart with a max line label, every 4th label under the axis."""
    n = len(values)
    left, bottom, top = 36, 22, 18
    inner_w, inner_h = width - left - 6, height - bottom - top
    top_value = max([*values, 1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="12" font-size="11" font-family="sans-serif" fill="#444">'
        f"{escape(title)}</text>",
        f'<line x1="{left}" y1="{top + inner_h}" x2="{left + inner_w}" y2="{top + inner_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end" '
        f'font-family="sans-serif" fill="#666">{top_value:g}</text>',
    ]
    if n:
        step = inner_w / n
        for i, (v, label) in enumerate(zip(values, labels, strict=True)):
            h = inner_h * (v / top_value)
            x = left + i * step
            parts.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{top + inner_h - h:.1f}" '
                f'width="{step * 0.8:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(f'{label}: {v:g}')}</title></rect>"
            )
            if i % 4 == 0:
                parts.append(
                    f'<text x="{x + step / 2:.1f}" y="{height - 6}" font-size="9" '
                    f'text-anchor="middle" font-family="sans-serif" fill="#666">'
                    f"{escape(label)}</text>"
                )
    parts.append("</svg>")
    return "".join(parts)
