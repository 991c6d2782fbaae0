"""The collision engine of the hide nester: a raster of each sheet, FFT correlation, shapely.

Every sheet is drawn on a common grid. For an item in a given orientation, the correlation of
the sheet's forbidden cells (outside, holes, too-low zones, pieces already cut) with the
item's mask gives, in one FFT, the number of clashes at every grid offset: the zeros are the
candidate positions. A candidate is then checked exactly with shapely (the raster only
proposes) and slid toward its corner to close the gaps the raster leaves.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from scipy import fft as sfft
from scipy import ndimage

from .model import ItemType, Sheet

#: Threads for the FFTs: the workshop machine has two cores.
WORKERS = 2
#: Memory kept for the spectra of piece masks.
CACHE_BYTES = 400 * 2**20
#: Weight of a defect, hole or lower-grade zone inside the hide in the contact score
#: (the hide's edge and the pieces already cut weigh 1).
INNER_CONTACT = 0.25


def transform(ring: np.ndarray, mirror: bool, angle: float, dx: float = 0.0, dy: float = 0.0):
    """Mirror in x (when asked), rotate about the origin, translate: the placement convention."""
    pts = np.asarray(ring, dtype=float).copy()
    if mirror:
        pts[:, 0] = -pts[:, 0]
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    out = np.empty_like(pts)
    out[:, 0] = pts[:, 0] * c - pts[:, 1] * s + dx
    out[:, 1] = pts[:, 0] * s + pts[:, 1] * c + dy
    return out


def region_at_level(sheet: Sheet, level: int):
    """Leather of the sheet where a piece needing ``level`` may lie (may be empty)."""
    if sheet.base_level < level:
        return shapely.Polygon()
    poly = shapely.Polygon(sheet.outline, holes=[h for h in sheet.holes]).buffer(0)
    bad = [shapely.Polygon(z.outline).buffer(0) for z in sheet.zones if z.level < level]
    if bad:
        poly = poly.difference(shapely.union_all(bad))
    return poly


def usable_area(sheet: Sheet) -> float:
    """Outline minus holes and reject (level 0) zones."""
    return float(region_at_level(sheet, 1).area)


def angles_for(item: ItemType, sheet: Sheet, step: float, samples: int) -> list[float]:
    """Angles (degrees) to try for an item on a sheet, honouring grain rules."""
    if item.orientations is None:
        n = max(1, int(round(360.0 / step)))
        base = [k * 360.0 / n for k in range(n)]
        return base
    out: list[float] = []
    offs = [0.0]
    if item.tolerance_deg > 0 and samples > 1:
        offs = list(np.linspace(-item.tolerance_deg, item.tolerance_deg, samples))
        offs.sort(key=abs)
    for a in item.orientations:
        for o in offs:
            ang = (a + (sheet.backbone_deg if item.relative_to_backbone else 0.0) + o) % 360.0
            if all(abs((ang - b + 180) % 360 - 180) > 1e-6 for b in out):
                out.append(round(ang, 6))
    return out


@dataclass
class Mask:
    cells: np.ndarray  # float32 (mh, mw)
    ox: float  # shape coordinates of the mask's lower-left grid corner
    oy: float
    shape: np.ndarray  # transformed ring (not translated)
    poly: shapely.Polygon
    ring: np.ndarray  # float32 cells just outside the piece: its contact with its neighbours


class Grid:
    """A common raster for all sheets of a problem, and the caches of item masks."""

    def __init__(self, sheets: list[Sheet], items: list[ItemType], gap: float, resolution):
        spans = []
        for s in sheets:
            xs = [p[0] for p in s.outline]
            ys = [p[1] for p in s.outline]
            spans.append((max(xs) - min(xs), max(ys) - min(ys)))
        big = max(max(w, h) for w, h in spans)
        if resolution is None:
            small = min(_min_width(np.asarray(i.shape)) for i in items) if items else big
            h = max(big / 700.0, min(big / 300.0, small / 5.0))
        else:
            h = float(resolution)
        self.h = h
        self.gap = gap
        # A tiny positive separation keeps touching pieces from counting as overlapping.
        self.sep = max(gap, 1e-6 * big)
        self.delta = 0.3 * h
        self.H = sfft.next_fast_len(int(math.ceil(max(sp[1] for sp in spans) / h)) + 6, real=True)
        self.W = sfft.next_fast_len(int(math.ceil(max(sp[0] for sp in spans) / h)) + 6, real=True)
        self.masks: dict[tuple[str, float], Mask] = {}
        self.mask_fft: OrderedDict[tuple[str, tuple[float, ...]], tuple[np.ndarray, ...]] = (
            OrderedDict()
        )
        self.cache_bytes = 0

    def mask(self, item: ItemType, angle: float) -> Mask:
        key = (item.id, angle)
        m = self.masks.get(key)
        if m is None:
            ring = transform(np.asarray(item.shape), item.mirror, angle)
            poly = shapely.Polygon(ring)
            grow = self.sep / 2.0 + self.delta
            fat = poly.buffer(grow, quad_segs=4)
            x0, y0, x1, y1 = fat.bounds
            h = self.h
            mw = int(math.ceil((x1 - x0) / h)) + 3
            mh = int(math.ceil((y1 - y0) / h)) + 3
            ox, oy = x0 - 1.5 * h, y0 - 1.5 * h
            xs = ox + (np.arange(mw) + 0.5) * h
            ys = oy + (np.arange(mh) + 0.5) * h
            gx, gy = np.meshgrid(xs, ys)
            shapely.prepare(fat)
            inside = shapely.contains_xy(fat, gx, gy)
            grown = ndimage.binary_dilation(inside, structure=np.ones((3, 3), dtype=bool))
            ring_cells = grown & ~inside
            m = Mask(inside.astype(np.float32), ox, oy, ring, poly, ring_cells.astype(np.float32))
            self.masks[key] = m
        return m

    def fft_stack(self, item: ItemType, angles: tuple[float, ...]) -> tuple[np.ndarray, ...]:
        """Conjugate spectra of the item's masks (body, rim) for all ``angles`` at once.

        Kept in a cache bounded by bytes (least recently used out first): a batch of a few
        hundred graded piece types would not fit in memory otherwise, and pieces are cut
        type by type, so the recent ones are the ones asked again.
        """
        key = (item.id, angles)
        f = self.mask_fft.get(key)
        if f is not None:
            self.mask_fft.move_to_end(key)
            return f
        ms = [self.mask(item, a) for a in angles]
        both = np.zeros((2, len(ms), self.H, self.W), dtype=np.float32)
        for n, m in enumerate(ms):
            mh, mw = m.cells.shape
            if mh <= self.H and mw <= self.W:
                both[0, n, :mh, :mw] = m.cells
                both[1, n, :mh, :mw] = m.ring
        spec = np.conj(sfft.rfft2(both, workers=WORKERS))
        f = (spec[0], spec[1])
        self.mask_fft[key] = f
        self.cache_bytes += spec.nbytes
        while self.cache_bytes > CACHE_BYTES and len(self.mask_fft) > 1:
            _, old = self.mask_fft.popitem(last=False)
            self.cache_bytes -= old[0].nbytes + old[1].nbytes
        return f


def _min_width(ring: np.ndarray) -> float:
    poly = shapely.Polygon(ring)
    rect = shapely.minimum_rotated_rectangle(poly)
    c = np.asarray(rect.exterior.coords)[:4]
    e1 = np.hypot(*(c[1] - c[0]))
    e2 = np.hypot(*(c[2] - c[1]))
    return float(min(e1, e2)) or 1.0


class SheetState:
    """One sheet being cut: its raster, its exact regions and the pieces placed so far."""

    def __init__(self, sheet: Sheet, grid: Grid):
        self.sheet = sheet
        self.grid = grid
        h = grid.h
        xs = [p[0] for p in sheet.outline]
        ys = [p[1] for p in sheet.outline]
        self.x0 = min(xs) - 3 * h
        self.y0 = min(ys) - 3 * h
        self.region: dict[int, object] = {}
        self.exact: dict[int, object] = {}
        self.base_fft: dict[int, np.ndarray] = {}
        self.base_forb: dict[int, np.ndarray] = {}
        self.contact_fft: dict[int, np.ndarray] = {}
        self.occ = np.zeros((grid.H, grid.W), dtype=np.float32)
        self.occ_fft: np.ndarray | None = None
        self.forb_fft: dict[int, np.ndarray] = {}
        self.pieces: list[tuple[int, float, float, float, shapely.Polygon]] = []
        # Bounds and geometries of the pieces as arrays for the exact check, rebuilt lazily.
        self._boxes: np.ndarray | None = None
        self._geoms: np.ndarray | None = None
        self.piece_area = 0.0
        self.usable = usable_area(sheet)
        self.max_level = sheet.base_level

    def clone(self) -> SheetState:
        new = object.__new__(SheetState)
        new.__dict__.update(self.__dict__)
        new.occ = self.occ.copy()
        new.forb_fft = dict(self.forb_fft)
        new.pieces = list(self.pieces)
        new._boxes = None
        return new

    # regions -------------------------------------------------------------------------
    def _level(self, level: int):
        if level not in self.region:
            reg = region_at_level(self.sheet, level)
            self.region[level] = reg
            g = self.grid
            ex = reg.buffer(-g.sep / 2.0, quad_segs=4) if g.sep > 0 else reg
            shapely.prepare(ex)
            self.exact[level] = ex
            ras = reg.buffer(-g.delta, quad_segs=4)
            shapely.prepare(ras)
            xs = self.x0 + (np.arange(g.W) + 0.5) * g.h
            ys = self.y0 + (np.arange(g.H) + 0.5) * g.h
            gx, gy = np.meshgrid(xs, ys)
            free = shapely.contains_xy(ras, gx, gy)
            self.base_forb[level] = ~free
            self.base_fft[level] = sfft.rfft2((~free).astype(np.float32), workers=WORKERS)
            # For the contact score, small defects and zones inside the hide count less
            # than its edge: a big piece hugging three scattered defects in the middle of
            # the hide leaves a ring of scrap around it.
            outer = shapely.Polygon(self.sheet.outline).buffer(-g.delta, quad_segs=4)
            shapely.prepare(outer)
            edge = (~shapely.contains_xy(outer, gx, gy)).astype(np.float32)
            inner = (~free).astype(np.float32) - edge
            w = INNER_CONTACT
            self.contact_fft[level] = sfft.rfft2(edge + w * inner, workers=WORKERS)
        return self.region[level]

    def free_area(self, level: int) -> float:
        return float(self._level(level).area) - self.piece_area

    # raster search -------------------------------------------------------------------
    def candidates(
        self,
        item: ItemType,
        angles: tuple[float, ...],
        level: int,
        direction: int,
        k: int,
        contact: bool = True,
    ) -> list[tuple[float, float, int, int]]:
        """Best ``k`` raster offsets per angle as (key, angle, i, j), lowest key first.

        One batched inverse FFT gives the clashes of every angle at every offset; the rim
        (contact) correlation is only computed for the angles that fit somewhere.
        """
        self._level(level)
        g = self.grid
        f = self.forb_fft.get(level)
        if f is None:
            f = (
                self.base_fft[level]
                if self.occ_fft is None
                else self.base_fft[level] + self.occ_fft
            )
            self.forb_fft[level] = f
        ms = [g.mask(item, a) for a in angles]
        body, rim = g.fft_stack(item, angles)
        corr = sfft.irfft2(f[None] * body, s=(g.H, g.W), workers=WORKERS)
        hits = []
        for n, m in enumerate(ms):
            mh, mw = m.cells.shape
            if mh > g.H or mw > g.W:
                continue
            ii, jj = np.nonzero(corr[n, : g.H - mh + 1, : g.W - mw + 1] < 0.5)
            if ii.size:
                hits.append((n, ii, jj))
        if not hits:
            return []
        touch_all = None
        if contact:
            sel_n = [h[0] for h in hits]
            fc = self.contact_fft[level]
            if self.occ_fft is not None:
                fc = fc + self.occ_fft
            touch_all = sfft.irfft2(fc[None] * rim[sel_n], s=(g.H, g.W), workers=WORKERS)
        big = float(g.H + g.W + 2)
        out = []
        for r, (n, ii, jj) in enumerate(hits):
            m = ms[n]
            mh, mw = m.cells.shape
            if direction == 0:
                key = (jj + mw) * big + ii
            elif direction == 1:
                key = -jj * big + ii
            elif direction == 2:
                key = (ii + mh) * big + jj
            else:
                key = -ii * big + jj
            if touch_all is not None:
                # Most of the piece's rim against the edge or other pieces first; the corner
                # key only breaks near-ties.
                touch = touch_all[r, ii, jj] / max(float(m.ring.sum()), 1.0)
                key = -np.round(touch, 2) * big * big + key
            sel = np.argpartition(key, k)[:k] if ii.size > k else np.arange(ii.size)
            out.extend((float(key[s]), angles[n], int(ii[s]), int(jj[s])) for s in sel)
        out.sort(key=lambda c: c[0])
        return out

    def offset_to_xy(self, m: Mask, i: int, j: int) -> tuple[float, float]:
        h = self.grid.h
        return self.x0 + j * h - m.ox, self.y0 + i * h - m.oy

    # exact checks --------------------------------------------------------------------
    def fits(self, poly: shapely.Polygon, level: int) -> bool:
        if not self.exact[level].contains(poly):
            return False
        if not self.pieces:
            return True
        if self._boxes is None or len(self._boxes) != len(self.pieces):
            self._boxes = np.array([q[4].bounds for q in self.pieces])
            self._geoms = np.array([q[4] for q in self.pieces], dtype=object)
        b = poly.bounds
        s = self.grid.sep
        qb = self._boxes
        near = ~(
            (qb[:, 0] - s > b[2])
            | (qb[:, 2] + s < b[0])
            | (qb[:, 1] - s > b[3])
            | (qb[:, 3] + s < b[1])
        )
        if not near.any():
            return True
        others = self._geoms[near]
        if s > 0:
            return not bool(shapely.dwithin(others, poly, s * (1 - 1e-9)).any())
        return not bool(shapely.intersects(others, poly).any())

    def slide_sides(self, m: Mask, i: int, j: int, level: int, direction: int):
        """Which way to slide on each axis: toward the side already touching the most."""
        g = self.grid
        mh, mw = m.cells.shape
        forb = np.ones((mh + 2, mw + 2), dtype=bool)
        i0, j0 = max(i - 1, 0), max(j - 1, 0)
        i1, j1 = min(i + mh + 1, g.H), min(j + mw + 1, g.W)
        win = self.base_forb[level][i0:i1, j0:j1] | (self.occ[i0:i1, j0:j1] > 0)
        forb[
            i0 - (i - 1) : i0 - (i - 1) + win.shape[0], j0 - (j - 1) : j0 - (j - 1) + win.shape[1]
        ] = win
        cells = m.cells > 0
        left = int((cells & forb[1:-1, :-2]).sum())
        right = int((cells & forb[1:-1, 2:]).sum())
        down = int((cells & forb[:-2, 1:-1]).sum())
        up = int((cells & forb[2:, 1:-1]).sum())
        hx = -1 if (left, direction != 1) >= (right, direction == 1) else 1
        hy = -1 if (down, direction != 3) >= (up, direction == 3) else 1
        return ((hx, 0), (0, hy)) if direction in (0, 1) else ((0, hy), (hx, 0))

    def compact(self, m: Mask, x: float, y: float, level: int, moves) -> tuple[float, float]:
        """Slide a feasible piece along ``moves`` (unit steps) by halving steps."""
        h = self.grid.h
        for _ in range(2):
            moved = False
            for dx, dy in moves:
                step = 2.0 * h
                while step > h / 32:
                    nx, ny = x + dx * step, y + dy * step
                    poly = shapely.Polygon(m.shape + (nx, ny))
                    if self.fits(poly, level):
                        x, y, moved = nx, ny, True
                    else:
                        step /= 2.0
            if not moved:
                break
        return x, y

    # commit --------------------------------------------------------------------------
    def add(self, item_idx: int, angle: float, x: float, y: float, poly, area: float) -> None:
        self.pieces.append((item_idx, angle, x, y, poly))
        self._boxes = None
        self.piece_area += area
        self._paint(poly)

    def _paint(self, poly) -> None:
        g = self.grid
        fat = poly.buffer(g.sep / 2.0 + g.delta, quad_segs=4)
        x0, y0, x1, y1 = fat.bounds
        j0 = max(0, int((x0 - self.x0) / g.h) - 1)
        j1 = min(g.W, int((x1 - self.x0) / g.h) + 2)
        i0 = max(0, int((y0 - self.y0) / g.h) - 1)
        i1 = min(g.H, int((y1 - self.y0) / g.h) + 2)
        xs = self.x0 + (np.arange(j0, j1) + 0.5) * g.h
        ys = self.y0 + (np.arange(i0, i1) + 0.5) * g.h
        gx, gy = np.meshgrid(xs, ys)
        shapely.prepare(fat)
        hit = shapely.contains_xy(fat, gx, gy)
        self.occ[i0:i1, j0:j1] = np.maximum(self.occ[i0:i1, j0:j1], hit.astype(np.float32))
        self.occ_fft = sfft.rfft2(self.occ, workers=WORKERS)
        self.forb_fft.clear()

    def remove(self, positions: list[int]) -> list[tuple[int, float, float, float, object]]:
        """Take pieces off the sheet (by index in ``pieces``) and redraw the raster."""
        drop = set(positions)
        gone = [p for k, p in enumerate(self.pieces) if k in drop]
        keep = [p for k, p in enumerate(self.pieces) if k not in drop]
        self.pieces = []
        self._boxes = None
        self.piece_area = 0.0
        self.occ[:] = 0
        self.occ_fft = None
        self.forb_fft.clear()
        for p in keep:
            self.pieces.append(p)
            self.piece_area += p[4].area
        if keep:
            g = self.grid
            fats = [p[4].buffer(g.sep / 2.0 + g.delta, quad_segs=4) for p in keep]
            fat = shapely.union_all(fats)
            shapely.prepare(fat)
            xs = self.x0 + (np.arange(g.W) + 0.5) * g.h
            ys = self.y0 + (np.arange(g.H) + 0.5) * g.h
            gx, gy = np.meshgrid(xs, ys)
            self.occ[:] = shapely.contains_xy(fat, gx, gy).astype(np.float32)
            self.occ_fft = sfft.rfft2(self.occ, workers=WORKERS)
        return gone

    def level_under(self, poly) -> int:
        lvl = self.sheet.base_level
        for z in self.sheet.zones:
            zp = shapely.Polygon(z.outline)
            if z.level < lvl and zp.intersects(poly) and zp.intersection(poly).area > 0:
                lvl = z.level
        return lvl
