"""The procedure's state diagram as SVG, laid out from the transition table (models/stages.py).

Nothing is drawn by hand, so the picture cannot drift from the rules:
- the main column is the chain of transitions with one source stage, from the stage no such
  transition leads to (committee_forming) to the last (completed);
- a transition from several stages (suspend, cancel) is a bus: a line along its sources with
  one arrow to its target, which stands beside the column;
- a transition back to "the stage it came from" (resume) is a dashed arrow to the bus of the
  transition that led there;
- a transition between two stages beside the column (cancel from suspended) is a short arrow.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from models.enums import CLOSED_STAGES, Stage
from models.stages import Event, Transition, label
from wijkraad.web.words import EVENT

NODE_W, NODE_H, GAP, X0, Y0 = 250, 48, 50, 20, 20
BUS_SPACING, SIDE_GAP, SIDE_W = 80, 190, 230
LINE = 18  # text line height


def _event_label(t: Transition) -> str:
    words = EVENT.get(t.event, t.event.replace("_", " "))
    return words + (" (met reden)" if t.needs_reason else "")


def _main_chain(transitions: list[Transition]) -> list[Stage]:
    forward = {
        next(iter(t.sources)): t.target
        for t in transitions
        if len(t.sources) == 1 and t.target is not None
    }
    targets = set(forward.values())
    starts = [s for s in forward if s not in targets]
    chain: list[Stage] = []
    node: Stage | None = starts[0] if starts else None
    while node is not None and node not in chain:
        chain.append(node)
        node = forward.get(node)
    return chain


def _wrap(text: str, width: int = 26) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(
    x: float, y: float, text: str, *, anchor: str = "start", size: int = 13, **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _node(stage: Stage, x: float, y: float, w: float) -> str:
    closed = stage in CLOSED_STAGES
    fill = "#e8eef7" if not closed else "#ffffff"
    parts = [
        f'<g class="stage" data-stage="{stage.value}">',
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{NODE_H}" rx="8" '
        f'fill="{fill}" stroke="#1f3a5f" stroke-width="{3 if closed else 1.5}"/>',
    ]
    lines = _wrap(label(stage))
    top = y + NODE_H / 2 - (len(lines) - 1) * LINE / 2 + 5
    parts += [
        _text(x + w / 2, top + i * LINE, line, anchor="middle", fill="#10233d")
        for i, line in enumerate(lines)
    ]
    parts.append("</g>")
    return "".join(parts)


def _arrow(x1: float, y1: float, x2: float, y2: float, *, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#1f3a5f" '
        f'stroke-width="1.5" marker-end="url(#pijl)"{dash}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="#1f3a5f" '
        'stroke-width="1.5"/>'
    )


def svg(table: Mapping[Event, Transition]) -> str:
    transitions = list(table.values())
    chain = _main_chain(transitions)
    row = {stage: i for i, stage in enumerate(chain)}

    def centre_y(i: int) -> float:
        return Y0 + i * (NODE_H + GAP) + NODE_H / 2

    buses = [t for t in transitions if len(t.sources) > 1 and t.target is not None]
    side: list[Stage] = []
    for t in transitions:
        for stage in [*sorted(t.sources), t.target]:
            if stage is not None and stage not in row and stage not in side:
                side.append(stage)

    right = X0 + NODE_W
    bus_x = {t.event: right + 40 + k * BUS_SPACING for k, t in enumerate(buses)}
    side_x = right + 40 + max(len(buses) - 1, 0) * BUS_SPACING + SIDE_GAP
    span = [centre_y(0), centre_y(len(chain) - 1)] if chain else [Y0, Y0]
    middle = (span[0] + span[1]) / 2
    side_y = {s: middle + (j - (len(side) - 1) / 2) * (NODE_H + 90) for j, s in enumerate(side)}

    parts: list[str] = []
    for stage, i in row.items():  # the main column and its forward arrows
        parts.append(_node(stage, X0, centre_y(i) - NODE_H / 2, NODE_W))
    for t in transitions:
        if len(t.sources) == 1 and t.target in row and next(iter(t.sources)) in row:
            a, b = row[next(iter(t.sources))], row[t.target]
            x = X0 + NODE_W / 2
            parts.append(
                f'<g class="transition" data-event="{t.event}">'
                + _arrow(x, centre_y(a) + NODE_H / 2, x, centre_y(b) - NODE_H / 2 - 2)
                + _text(x + 10, (centre_y(a) + centre_y(b)) / 2 + 5, _event_label(t), size=12)
                + "</g>"
            )
    for k, t in enumerate(buses):  # one bus per transition from several stages
        x = bus_x[t.event]
        assert t.target is not None
        ty = side_y.get(t.target, middle)
        ys = [centre_y(row[s]) + (k * 10 - 5) for s in t.sources if s in row]
        group = [f'<g class="transition" data-event="{t.event}">']
        if ys:
            group += [_line(right, y, x, y) for y in ys]
            group.append(_line(x, min([*ys, ty]), x, max([*ys, ty])))
            group.append(_arrow(x, ty, side_x - 2, ty))
            group.append(_text(x + 8, ty - 8, _event_label(t), size=12))
        for s in t.sources:  # a source beside the column: straight to the target
            if s not in row and s in side_y:
                group.append(
                    _arrow(
                        side_x + SIDE_W / 2,
                        side_y[s] + NODE_H / 2,
                        side_x + SIDE_W / 2,
                        ty - NODE_H / 2 - 2,
                    )
                )
                group.append(
                    _text(
                        side_x + SIDE_W / 2 + 8, (side_y[s] + ty) / 2 + 5, _event_label(t), size=12
                    )
                )
        group.append("</g>")
        parts.append("".join(group))
    for t in transitions:  # back to where it came from: to the bus that led here
        if t.target is None:
            for s in t.sources:
                feeder = next((b for b in buses if b.target == s), None)
                if feeder is None or s not in side_y:
                    continue
                y = side_y[s] + 14
                parts.append(
                    f'<g class="transition" data-event="{t.event}">'
                    + _arrow(side_x, y, bus_x[feeder.event] + 3, y, dashed=True)
                    + _text(
                        bus_x[feeder.event] + 8,
                        y + 18,
                        _event_label(t) + ": terug naar de fase van daarvoor",
                        size=12,
                    )
                    + "</g>"
                )
    for s, y in side_y.items():
        parts.append(_node(s, side_x, y - NODE_H / 2, SIDE_W))

    width = side_x + SIDE_W + 190 if side else right + 200
    height = max(span[1] + NODE_H / 2 + Y0, max(side_y.values(), default=0) + NODE_H + Y0)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        'role="img" aria-labelledby="proces-titel proces-uitleg" class="diagram" '
        'font-family="system-ui, sans-serif">'
        '<title id="proces-titel">De fasen van een benoemingsprocedure</title>'
        '<desc id="proces-uitleg">Van voordrachtcommissie vormen tot afgerond, met opschorten, '
        "hervatten en annuleren. De tabel onder de tekening zegt hetzelfde in woorden.</desc>"
        '<defs><marker id="pijl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1f3a5f"/></marker></defs>' + "".join(parts) + "</svg>"
    )
