"""Node positions computed in Python, so the browser draws with physics off (a few thousand nodes stay
responsive; vis-network's own physics needs ~40 s for 300 nodes).

* Each connected component is laid out on its own; components are packed largest first.
* Components up to ``FORCE_MAX`` nodes: networkx Fruchterman-Reingold (``method="force"``, numpy only).
* Larger ones (networkx would need scipy): the highest-degree nodes are hubs, laid out by
  Fruchterman-Reingold on a hub graph (hub-hub edges plus the leaves they share); hub territories are
  pushed apart until they do not overlap; every other node sits on a sunflower spiral around its hub, or
  around the centre of its hubs when it has several. Linear in the number of nodes after the hub step.

Coordinates are in canvas pixels.
"""
from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

import networkx as nx
import numpy as np

FORCE_MAX = 300      # components up to this size get a full force layout
EDGE = 150.0         # target median edge length (px) in force layouts
LEAF = 34.0          # sunflower spacing (px) around hubs
HUB_CLEAR = 2.2      # leaves start this many LEAF units away from their hub
GOLDEN = math.pi * (3 - math.sqrt(5))
SEED = 7


def layout(g: nx.Graph, seed: int = SEED) -> dict:
    """``{node: (x, y)}`` for every node of ``g`` (directed graphs are laid out undirected)."""
    u = nx.Graph()
    u.add_nodes_from(sorted(g, key=str))
    u.add_edges_from(sorted(((a, b) for a, b in g.edges() if a != b), key=str))
    comps = sorted(nx.connected_components(u), key=lambda c: (-len(c), min(map(str, c))))
    blocks = []
    for comp in comps:
        h = u.subgraph(sorted(comp, key=str))
        if len(h) == 1:
            blocks.append({next(iter(h)): (0.0, 0.0)})
        elif len(h) <= FORCE_MAX:
            blocks.append(_force(h, seed))
        else:
            blocks.append(_hubs(h, seed))
    return _pack(blocks)


def _force(h: nx.Graph, seed: int) -> dict:
    n = len(h)
    pos = nx.spring_layout(h, method="force", seed=seed, iterations=200 if n <= 100 else 100)
    lengths = [math.dist(pos[a], pos[b]) for a, b in h.edges()]
    median = float(np.median(lengths)) if lengths else 1.0
    scale = EDGE / max(median, 1e-6)
    return {v: (float(p[0]) * scale, float(p[1]) * scale) for v, p in pos.items()}


def _sunflower(center: tuple[float, float], count: int, start: float, spacing: float = LEAF):
    """``count`` points spiralling out from ``center``, the first ``start`` spacing units away."""
    i0 = (start / spacing) ** 2
    for i in range(count):
        r = spacing * math.sqrt(i + i0 + 0.5)
        a = (i + i0) * GOLDEN
        yield center[0] + r * math.cos(a), center[1] + r * math.sin(a)


def _hubs(h: nx.Graph, seed: int) -> dict:
    deg = dict(h.degree())
    n = len(h)
    k = int(min(250, max(8, math.sqrt(n))))
    hubs = [v for v in sorted(h, key=lambda v: (-deg[v], str(v)))[:k] if deg[v] >= 2] or [max(h, key=deg.get)]
    hubset = set(hubs)
    # which hubs each other node hangs on (at most three, the biggest)
    anchors: dict = {}
    for v in h:
        if v not in hubset:
            near = sorted((w for w in h[v] if w in hubset), key=lambda w: (-deg[w], str(w)))[:3]
            if near:
                anchors[v] = tuple(sorted(near, key=str))
    hg = nx.Graph()
    hg.add_nodes_from(hubs)
    for a, b in h.subgraph(hubs).edges():
        hg.add_edge(a, b, weight=1.0)
    for group in anchors.values():
        for a, b in combinations(group, 2):
            w = hg.get_edge_data(a, b, {"weight": 0.0})["weight"]
            hg.add_edge(a, b, weight=w + 1.0 / (len(group) - 1))
    own = defaultdict(list)    # single-hub leaves
    shared = defaultdict(list)  # leaves between several hubs
    for v, group in anchors.items():
        (own if len(group) == 1 else shared)[group].append(v)
    radius = np.array([LEAF * math.sqrt(len(own[(hb,)]) + HUB_CLEAR ** 2 + 1) + LEAF for hb in hubs])
    raw = nx.spring_layout(hg, method="force", weight="weight", seed=seed, iterations=150) if len(hg) > 1 \
        else {hubs[0]: np.zeros(2)}
    p = np.array([raw[hb] for hb in hubs], dtype=float)
    p = _separate(p, radius)
    pos = {hb: (float(x), float(y)) for hb, (x, y) in zip(hubs, p)}
    for (hb,), leaves in own.items():
        for v, xy in zip(sorted(leaves, key=str), _sunflower(pos[hb], len(leaves), LEAF * HUB_CLEAR)):
            pos[v] = xy
    for group, leaves in shared.items():
        c = (sum(pos[a][0] for a in group) / len(group), sum(pos[a][1] for a in group) / len(group))
        for v, xy in zip(sorted(leaves, key=str), _sunflower(c, len(leaves), 0.0, LEAF * 0.8)):
            pos[v] = xy
    # nodes two or more hops from every hub: around the first placed neighbour, breadth first
    rest = [v for v in h if v not in pos]
    while rest:
        children = defaultdict(list)
        for v in rest:
            placed = [w for w in h[v] if w in pos]
            if placed:
                children[min(placed, key=str)].append(v)
        if not children:  # cannot happen in a connected component; guard anyway
            children[hubs[0]].extend(rest)
        for parent, kids in children.items():
            for v, xy in zip(sorted(kids, key=str), _sunflower(pos[parent], len(kids), LEAF, LEAF * 0.7)):
                pos[v] = xy
        rest = [v for v in rest if v not in pos]
    return pos


def _separate(p: np.ndarray, r: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Scale and push circles (centres ``p``, radii ``r``) apart until they no longer overlap."""
    k = len(p)
    if k == 1:
        return np.zeros((1, 2))
    d = np.linalg.norm(p[:, None, :] - p[None, :, :], axis=-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.median(d.min(axis=1))
    p = p * (2 * float(np.mean(r)) / max(nearest, 1e-9))
    need = r[:, None] + r[None, :]
    for _ in range(rounds):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0, None)
        np.fill_diagonal(overlap, 0)
        if overlap.max() < 1.0:
            break
        dist[dist == 0] = 1e-3
        push = (delta / dist[..., None]) * (overlap / 2)[..., None]
        p = p + push.sum(axis=1) * 0.5
    return p


def _pack(blocks: list[dict]) -> dict:
    """Place components: the largest at the centre, the others in rows beneath it."""
    out: dict = {}
    if not blocks:
        return out
    sized = []
    for b in blocks:
        xy = np.array(list(b.values()), dtype=float)
        c = xy.mean(axis=0)
        rad = float(np.linalg.norm(xy - c, axis=1).max()) + 60.0
        sized.append((b, c, rad))
    first, c0, r0 = sized[0]
    for v, (x, y) in first.items():
        out[v] = (x - c0[0], y - c0[1])
    if len(sized) == 1:
        return out
    area = sum((2 * r) ** 2 for _, _, r in sized[1:])
    width = max(2 * r0, math.sqrt(area) * 1.3)
    x, y, row = -width / 2, r0 + 40.0, 0.0
    for b, c, rad in sized[1:]:
        if x + 2 * rad > width / 2 and x > -width / 2:
            x, y, row = -width / 2, y + row, 0.0
        cx, cy = x + rad, y + rad
        for v, (px, py) in b.items():
            out[v] = (px - c[0] + cx, py - c[1] + cy)
        x += 2 * rad
        row = max(row, 2 * rad)
    return out
