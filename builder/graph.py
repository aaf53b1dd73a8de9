"""The corroboration network as a small SVG drawn at build time (no JavaScript)."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from . import model as m


def network_svg(sources: list[m.Source], edges: list[tuple[str, str, int]], size: int = 420) -> Markup:
    """Sources on a circle; a line for each pair that state the same facts, thicker for more."""
    if not sources:
        return Markup("")
    centre, radius = size / 2, size / 2 - 90
    position = {}
    for i, source in enumerate(sources):
        angle = 2 * math.pi * i / len(sources) - math.pi / 2
        position[source.id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    summary = "; ".join(f"{a} and {b} share {n} claim{'s' if n != 1 else ''}" for a, b, n in edges) or "no shared claims"
    margin = 150  # room for labels beside the circle; ids run to about 20 characters
    parts = [f'<svg class="bf-network" viewBox="{-margin} 0 {size + 2 * margin} {size}" width="{size + 2 * margin}" '
             f'height="{size}" role="img" '
             f'aria-labelledby="bf-network-title bf-network-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="bf-network-title">Corroboration network</title>',
             f'<desc id="bf-network-desc">{escape(summary)}</desc>']
    for a, b, n in edges:
        (x1, y1), (x2, y2) = position[a], position[b]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="currentColor" stroke-opacity="0.5" stroke-width="{min(1 + n, 8)}">'
                     f'<title>{escape(a)} and {escape(b)}: {n} shared</title></line>')
    for source in sources:
        x, y = position[source.id]
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = -12 if y < centre and anchor == "middle" else 18 if anchor == "middle" else 4
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="currentColor"><title>{escape(source.title)}</title></circle>')
        parts.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="12" '
                     f'fill="currentColor">{escape(source.id)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
