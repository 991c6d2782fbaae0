"""Small, clean SVG pictures of quality data: control charts, Pareto charts, OC curves.

Plain SVG strings (no plotting library), readable in a browser or embedded in a web page.
Points broken by a run rule are drawn in red with the rule names in their tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from .spc import ControlChart, ParetoBar, RuleViolation, flagged_points

_W, _H = 640, 300
_L, _R, _T, _B = 56, 16, 34, 46  # margins: left, right, top, bottom
_INK, _MUTED, _ALERT, _ACCENT = "#222", "#888", "#c0392b", "#2c6fad"


def _frame(title: str, body: list[str], width: int = _W, height: int = _H) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="11">'
    )
    return "\n".join(
        [
            head,
            f'<rect width="{width}" height="{height}" fill="white"/>',
            f'<text x="{_L}" y="20" font-size="14" fill="{_INK}">{escape(title)}</text>',
            *body,
            "</svg>",
        ]
    )


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


def _polyline(points: Sequence[tuple[float, float]], **attrs: str) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<polyline points="{pts}" fill="none" {extra}/>'


def control_chart_svg(
    chart: ControlChart,
    violations: Iterable[RuleViolation] = (),
    title: str | None = None,
    *,
    percent: bool | None = None,
) -> str:
    """A control chart: values, centre line, stepped per-point limits, flagged points in red."""
    k = len(chart.values)
    pct = chart.kind == "p" if percent is None else percent
    scale = 100.0 if pct else 1.0
    top = max(max(chart.ucl), max(chart.values), chart.center) * scale * 1.08 or 1.0
    pw, ph = _W - _L - _R, _H - _T - _B

    def x(i: float) -> float:
        return _L + (pw * (i + 0.5) / k)

    def y(v: float) -> float:
        return _T + ph * (1 - (v * scale) / top)

    body = [
        f'<line x1="{_L}" y1="{_T + ph}" x2="{_L + pw}" y2="{_T + ph}" stroke="{_MUTED}"/>',
        f'<line x1="{_L}" y1="{_T}" x2="{_L}" y2="{_T + ph}" stroke="{_MUTED}"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        v = top * frac
        body.append(
            f'<text x="{_L - 6}" y="{_T + ph * (1 - frac) + 4:.1f}" text-anchor="end" '
            f'fill="{_MUTED}">{_fmt(v)}{"%" if pct else ""}</text>'
        )

    def steps(limits: Sequence[float]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i, v in enumerate(limits):
            pts += [(x(i - 0.5), y(v)), (x(i + 0.5), y(v))]
        return pts

    body.append(_polyline(steps(chart.ucl), stroke=_ALERT, stroke_dasharray="4 3"))
    if any(v > 0 for v in chart.lcl):
        body.append(_polyline(steps(chart.lcl), stroke=_ALERT, stroke_dasharray="4 3"))
    cy = y(chart.center)
    body.append(
        f'<line x1="{_L}" y1="{cy:.1f}" x2="{_L + pw}" y2="{cy:.1f}" stroke="{_INK}" '
        'stroke-width="1"/>'
    )
    body.append(
        f'<text x="{_L + pw}" y="{cy - 4:.1f}" text-anchor="end" fill="{_INK}">'
        f"centre {_fmt(chart.center * scale)}{'%' if pct else ''}</text>"
    )
    body.append(
        _polyline(
            [(x(i), y(v)) for i, v in enumerate(chart.values)], stroke=_ACCENT, stroke_width="1.5"
        )
    )
    flags = flagged_points(violations)
    for i, v in enumerate(chart.values):
        rules = flags.get(i, ())
        colour = _ALERT if rules or v > chart.ucl[i] or v < chart.lcl[i] else _ACCENT
        tip = f"{chart.labels[i]}: {_fmt(v * scale)}{'%' if pct else ''} (n={_fmt(chart.sizes[i])})"
        if rules:
            tip += " — " + ", ".join(rules)
        body.append(
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{3.5 if rules else 2.5}" '
            f'fill="{colour}"><title>{escape(tip)}</title></circle>'
        )
    every = max(1, k // 8)
    for i in range(0, k, every):
        body.append(
            f'<text x="{x(i):.1f}" y="{_T + ph + 16}" text-anchor="middle" '
            f'fill="{_MUTED}">{escape(chart.labels[i][:12])}</text>'
        )
    what = "defective pairs" if chart.kind == "p" else "defects per pair"
    return _frame(title or f"{chart.kind}-chart: {what}", body)


def pareto_svg(bars: Sequence[ParetoBar], title: str = "Defects by cause") -> str:
    """Bars from most to least frequent with the cumulative share line (80% guide dashed)."""
    k = max(1, len(bars))
    pw, ph = _W - _L - _R - 30, _H - _T - _B
    top = max((b.count for b in bars), default=1.0) or 1.0
    bw = pw / k
    body = [f'<line x1="{_L}" y1="{_T + ph}" x2="{_L + pw}" y2="{_T + ph}" stroke="{_MUTED}"/>']
    y80 = _T + ph * 0.2
    body.append(
        f'<line x1="{_L}" y1="{y80:.1f}" x2="{_L + pw}" y2="{y80:.1f}" '
        f'stroke="{_MUTED}" stroke-dasharray="2 3"/>'
    )
    body.append(f'<text x="{_L + pw + 4}" y="{y80 + 4:.1f}" fill="{_MUTED}">80%</text>')
    cum = []
    for i, b in enumerate(bars):
        h = ph * b.count / top
        x0 = _L + i * bw + bw * 0.15
        body.append(
            f'<rect x="{x0:.1f}" y="{_T + ph - h:.1f}" width="{bw * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{_ACCENT}"><title>{escape(b.key)}: '
            f"{_fmt(b.count)} ({b.share:.0%})</title></rect>"
        )
        body.append(
            f'<text x="{x0 + bw * 0.35:.1f}" y="{_T + ph + 14}" text-anchor="middle" '
            f'fill="{_INK}">{escape(b.key[:10])}</text>'
        )
        body.append(
            f'<text x="{x0 + bw * 0.35:.1f}" y="{_T + ph - h - 4:.1f}" '
            f'text-anchor="middle" fill="{_INK}">{_fmt(b.count)}</text>'
        )
        cum.append((_L + (i + 0.5) * bw, _T + ph * (1 - b.cumulative)))
    if cum:
        body.append(_polyline(cum, stroke=_ALERT, stroke_width="1.5"))
        body += [f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" fill="{_ALERT}"/>' for cx, cy in cum]
    return _frame(title, body)


def oc_curve_svg(
    curves: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    title: str = "Chance of accepting a lot",
) -> str:
    """OC curves: (label, defect rates 0..1, acceptance probabilities) per plan."""
    pw, ph = _W - _L - _R, _H - _T - _B
    xmax = max((max(xs) for _, xs, _ in curves), default=1.0) or 1.0
    colours = [_ACCENT, _ALERT, "#27ae60", "#8e44ad"]
    body = [
        f'<line x1="{_L}" y1="{_T + ph}" x2="{_L + pw}" y2="{_T + ph}" stroke="{_MUTED}"/>',
        f'<line x1="{_L}" y1="{_T}" x2="{_L}" y2="{_T + ph}" stroke="{_MUTED}"/>',
        f'<text x="{_L - 6}" y="{_T + 4}" text-anchor="end" fill="{_MUTED}">100%</text>',
        f'<text x="{_L + pw}" y="{_T + ph + 16}" text-anchor="end" fill="{_MUTED}">'
        f"{xmax:.0%} defective</text>",
    ]
    for n, (label, xs, ps) in enumerate(curves):
        c = colours[n % len(colours)]
        pts = [(_L + pw * xv / xmax, _T + ph * (1 - pv)) for xv, pv in zip(xs, ps, strict=True)]
        body.append(_polyline(pts, stroke=c, stroke_width="1.5"))
        body.append(
            f'<text x="{_L + pw - 4}" y="{_T + 14 + 14 * n}" text-anchor="end" '
            f'fill="{c}">{escape(label)}</text>'
        )
    return _frame(title, body)
