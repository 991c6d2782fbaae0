"""Traceability without a database: every pair to its batch, hides, makers and inspections.

:class:`TraceIndex` is built once from plain records (pairs, operation records, inspections,
pair↔hide links, customer feedback) — the store feeds it — and answers both ways:
:meth:`TraceIndex.pair` (everything about one serial) and :meth:`TraceIndex.hide` (every pair
cut from a hide: the recall list). Non-conformances and their corrective actions live here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from cordwain.domain import (
    Defect,
    DomainError,
    Feedback,
    Inspection,
    OperationRecord,
    Pair,
    Variant,
)


class UnknownPair(DomainError):
    """A pair serial that was never recorded."""


class UnknownHide(DomainError):
    """A hide code no recorded pair was cut from."""


@dataclass(frozen=True, slots=True)
class HideLink:
    """A piece of a pair cut from a hide (and the grader's zone it came from)."""

    pair_serial: str
    hide_code: str
    piece: str = ""
    zone: str = ""

    def __post_init__(self) -> None:
        if not self.pair_serial.strip() or not self.hide_code.strip():
            raise DomainError("a hide link needs a pair serial and a hide code", field="hide_code")


@dataclass(frozen=True, slots=True)
class PairTrace:
    """Everything known about one pair, in the order it happened."""

    pair: Pair
    hides: tuple[HideLink, ...]
    operations: tuple[OperationRecord, ...]
    inspections: tuple[Inspection, ...]
    defects: tuple[Defect, ...]
    feedback: tuple[Feedback, ...]

    @property
    def makers(self) -> dict[str, tuple[str, ...]]:
        """Operation -> artisans who did it on this pair (or its bundle)."""
        out: dict[str, list[str]] = defaultdict(list)
        for r in self.operations:
            if r.artisan_code not in out[r.operation.value]:
                out[r.operation.value].append(r.artisan_code)
        return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class HideTrace:
    """Every pair with a piece from one hide: the list to recall if the hide was bad."""

    hide_code: str
    pairs: tuple[str, ...]
    batches: tuple[str, ...]
    variants: tuple[Variant, ...]
    links: tuple[HideLink, ...]


class TraceIndex:
    """An in-memory index over production records, answering pair→everything and hide→pairs."""

    def __init__(
        self,
        pairs: Iterable[Pair],
        operations: Iterable[OperationRecord] = (),
        inspections: Iterable[Inspection] = (),
        hide_links: Iterable[HideLink] = (),
        feedback: Iterable[Feedback] = (),
    ) -> None:
        self._pairs: dict[str, Pair] = {}
        for p in pairs:
            if p.serial in self._pairs:
                raise DomainError(f"pair serial {p.serial} appears twice", field="serial")
            self._pairs[p.serial] = p
        self._links: dict[str, list[HideLink]] = defaultdict(list)
        self._by_hide: dict[str, list[HideLink]] = defaultdict(list)
        seen: set[tuple[str, str, str]] = set()
        links = list(hide_links) + [
            HideLink(p.serial, h) for p in self._pairs.values() for h in p.hide_codes
        ]
        for link in links:
            if link.pair_serial not in self._pairs:
                raise UnknownPair(
                    f"hide link to unknown pair {link.pair_serial}", field="pair_serial"
                )
            key = (link.pair_serial, link.hide_code, link.piece)
            if key in seen:
                continue
            # A pair's own hide_codes repeat what detailed links already say.
            if link.piece == "" and any(
                other.hide_code == link.hide_code for other in self._links[link.pair_serial]
            ):
                continue
            seen.add(key)
            self._links[link.pair_serial].append(link)
            self._by_hide[link.hide_code].append(link)
        self._ops_by_pair: dict[str, list[OperationRecord]] = defaultdict(list)
        self._ops_by_batch: dict[str, list[OperationRecord]] = defaultdict(list)
        for r in operations:
            if r.pair_serials:
                for s in r.pair_serials:
                    if s not in self._pairs:
                        raise UnknownPair(
                            f"operation record names unknown pair {s}", field="pair_serials"
                        )
                    self._ops_by_pair[s].append(r)
            else:
                self._ops_by_batch[r.batch_code].append(r)
        self._insp_by_batch: dict[str, list[Inspection]] = defaultdict(list)
        for i in inspections:
            self._insp_by_batch[i.batch_code].append(i)
        self._feedback: dict[str, list[Feedback]] = defaultdict(list)
        for f in feedback:
            if f.pair_serial:
                if f.pair_serial not in self._pairs:
                    raise UnknownPair(
                        f"feedback names unknown pair {f.pair_serial}", field="pair_serial"
                    )
                self._feedback[f.pair_serial].append(f)

    def __contains__(self, serial: object) -> bool:
        return serial in self._pairs

    def pair(self, serial: str) -> PairTrace:
        """Batch, variant, hides and zones, every operation with who and when, inspections."""
        key = str(serial).strip()
        if key not in self._pairs:
            raise UnknownPair(f"no pair with serial {serial!r}", field="serial")
        p = self._pairs[key]
        ops = self._ops_by_pair.get(key, []) + [r for r in self._ops_by_batch.get(p.batch_code, [])]
        insp = sorted(self._insp_by_batch.get(p.batch_code, []), key=lambda i: i.day)
        defects = tuple(d for i in insp for d in i.defects if d.pair_serial == key)
        return PairTrace(
            pair=p,
            hides=tuple(self._links.get(key, [])),
            operations=tuple(sorted(ops, key=lambda r: r.started)),
            inspections=tuple(insp),
            defects=defects,
            feedback=tuple(sorted(self._feedback.get(key, []), key=lambda f: f.day)),
        )

    def hide(self, hide_code: str) -> HideTrace:
        """Every pair with a piece cut from the hide."""
        key = str(hide_code).strip().upper()
        links = self._by_hide.get(key) or self._by_hide.get(str(hide_code).strip())
        if not links:
            raise UnknownHide(f"no pair was cut from hide {hide_code!r}", field="hide_code")
        serials = sorted({ln.pair_serial for ln in links})
        pairs = [self._pairs[s] for s in serials]
        return HideTrace(
            hide_code=key,
            pairs=tuple(serials),
            batches=tuple(sorted({p.batch_code for p in pairs})),
            variants=tuple(sorted({p.variant for p in pairs})),
            links=tuple(links),
        )

    def returns_as_defects(self) -> list[tuple[Feedback, Pair]]:
        """Returns attached to pairs, for feeding the defect statistics."""
        return [
            (f, self._pairs[s])
            for s, fs in sorted(self._feedback.items())
            for f in fs
            if f.kind.value == "return"
        ]


class ActionStatus(StrEnum):
    OPEN = "open"
    ACTION_PLANNED = "action-planned"
    ACTION_TAKEN = "action-taken"
    VERIFIED = "verified"
    CLOSED = "closed"


_NEXT_STATUS = {
    ActionStatus.OPEN: {ActionStatus.ACTION_PLANNED, ActionStatus.CLOSED},
    ActionStatus.ACTION_PLANNED: {ActionStatus.ACTION_TAKEN},
    ActionStatus.ACTION_TAKEN: {ActionStatus.VERIFIED, ActionStatus.ACTION_PLANNED},
    ActionStatus.VERIFIED: {ActionStatus.CLOSED},
    ActionStatus.CLOSED: set(),
}


@dataclass(frozen=True, slots=True)
class NonConformance:
    """A non-conformance (a rejected lot, a bad hide, a return pattern) and its corrective action.

    Status moves open → action-planned → action-taken → verified → closed; a failed
    verification goes back to action-planned; an open record found harmless may close directly.
    """

    reference: str
    raised_on: date
    description: str
    batch_code: str | None = None
    pair_serials: tuple[str, ...] = ()
    hide_codes: tuple[str, ...] = ()
    action: str = ""
    owner: str = ""
    status: ActionStatus = ActionStatus.OPEN
    history: tuple[tuple[date, ActionStatus, str], ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", ActionStatus(self.status))
        if not self.reference.strip() or not self.description.strip():
            raise DomainError(
                "a non-conformance needs a reference and a description", field="reference"
            )

    def move_to(self, status: ActionStatus | str, on: date, note: str = "") -> NonConformance:
        new = ActionStatus(status)
        if new not in _NEXT_STATUS[self.status]:
            raise DomainError(
                f"non-conformance {self.reference}: {self.status.value} cannot become {new.value}",
                field="status",
            )
        if new is ActionStatus.ACTION_PLANNED and not (self.action or note):
            raise DomainError("plan a corrective action: describe it", field="action")
        return replace(
            self,
            status=new,
            action=note if new is ActionStatus.ACTION_PLANNED and note else self.action,
            history=self.history + ((on, new, note),),
        )
