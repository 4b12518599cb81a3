"""Node positions computed in Python, so the browser draws with physics off (a few thousand nodes stay
responsive; vis-network's own physics needs ~40 s for 300 nodes).

* Each connected component is laid out on its own; components are packed largest first.
* Components up to ``FORCE_MAX`` nodes: networkx Fruchterman-Reingold (``method="force"``, numpy only).
* Larger ones (hub-and-spoke graphs: departments and the many entities their reports name; networkx's
  own layout for 500+ nodes would need scipy): the highest-degree nodes are hubs, laid out by
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

FORCE_MAX = 40       # components up to this size get a full force layout; larger ones the hub layout
EDGE = 150.0         # target median edge length (px) in force layouts
LEAF = 45.0          # sunflower spacing (px) around hubs
ASPECT = 1.5         # sunflowers are this much wider than tall (labels are wide)
HUB_CLEAR = 2.2      # leaves start this many LEAF units away from their hub
GOLDEN = math.pi * (3 - math.sqrt(5))
SEED = 7
SPREAD = 2.0         # force layouts: optimal node distance in units of networkx's default


def layout(g: nx.Graph, seed: int = SEED) -> dict:
    """``{node: (x, y)}`` for every node of ``g`` (directed graphs are laid out undirected).

    A subsidies view of up to ``LAYERED_MAX`` nodes is drawn in columns instead (:func:`layered`). Views of
    up to ``DECLUTTER_MAX`` nodes are then decluttered: nodes with their labels are pushed apart until none overlap.
    """
    from .views import node_sizes

    sizes = node_sizes(g)
    if g.graph.get("view") == "subsidies" and 1 < len(g) <= LAYERED_MAX:
        layer = {v: {"department": 0, "program": 1}.get(g.nodes[v].get("type"), 2) for v in g}
        return declutter(g, layered(g, layer, sizes), sizes)
    return _apart(declutter(g, _components(g, seed), sizes))


def _apart(pos: dict) -> dict:
    """No two nodes on the same pixel (sunflowers of different hubs can meet): each further node at a
    rounded position already taken moves out along a small spiral."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for v in sorted(pos, key=str):
        x, y = pos[v]
        i = 0
        while (round(x), round(y)) in taken:
            i += 1
            a = i * GOLDEN
            x, y = pos[v][0] + 6 * math.sqrt(i) * math.cos(a), pos[v][1] + 6 * math.sqrt(i) * math.sin(a)
        taken.add((round(x), round(y)))
        out[v] = (x, y)
    return out


def _components(g: nx.Graph, seed: int) -> dict:
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
    k = SPREAD / math.sqrt(n)  # networkx's default optimal distance is 1/sqrt(n); spread dense cores more
    pos = nx.spring_layout(h, k=k, method="force", seed=seed, iterations=300 if n <= 100 else 150)
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
        yield center[0] + ASPECT * r * math.cos(a), center[1] + r * math.sin(a)


def _hubs(h: nx.Graph, seed: int) -> dict:
    """Positions for a big component: the best-connected nodes laid out by force, the others around them."""
    deg = dict(h.degree())
    k = int(min(250, max(8, math.sqrt(len(h)))))
    hubs = [v for v in sorted(h, key=lambda v: (-deg[v], str(v)))[:k] if deg[v] >= 2] or [max(h, key=deg.get)]
    anchors = _anchors(h, set(hubs), deg)
    own = defaultdict(list)    # single-hub leaves
    shared = defaultdict(list)  # leaves between several hubs
    for v, group in anchors.items():
        (own if len(group) == 1 else shared)[group].append(v)
    radius = np.array([(ASPECT * LEAF * math.sqrt(len(own[(hb,)]) + HUB_CLEAR ** 2) if own.get((hb,)) else LEAF * 1.5)
                       + LEAF / 2 for hb in hubs])
    hg = _hub_graph(h, hubs, anchors)
    raw = nx.spring_layout(hg, method="force", weight="weight", seed=seed, iterations=150) if len(hg) > 1 \
        else {hubs[0]: np.zeros(2)}
    p = _separate(np.array([raw[hb] for hb in hubs], dtype=float), radius)
    pos = {hb: (float(x), float(y)) for hb, (x, y) in zip(hubs, p, strict=True)}
    for (hb,), leaves in own.items():
        _around(pos, pos[hb], leaves, LEAF * HUB_CLEAR)
    for group, leaves in shared.items():
        c = (sum(pos[a][0] for a in group) / len(group), sum(pos[a][1] for a in group) / len(group))
        _around(pos, c, leaves, 0.0, LEAF * 0.8)
    _place_the_rest(h, pos, hubs[0])
    return pos


def _anchors(h: nx.Graph, hubset: set, deg: dict) -> dict:
    """Which hubs each other node hangs on (at most three, the biggest), as a sorted tuple."""
    anchors: dict = {}
    for v in h:
        if v not in hubset:
            near = sorted((w for w in h[v] if w in hubset), key=lambda w: (-deg[w], str(w)))[:3]
            if near:
                anchors[v] = tuple(sorted(near, key=str))
    return anchors


def _hub_graph(h: nx.Graph, hubs: list, anchors: dict) -> nx.Graph:
    """The hubs, joined by their own edges and by the leaves they share (weighted)."""
    hg = nx.Graph()
    hg.add_nodes_from(hubs)
    for a, b in h.subgraph(hubs).edges():
        hg.add_edge(a, b, weight=1.0)
    for group in anchors.values():
        for a, b in combinations(group, 2):
            w = hg.get_edge_data(a, b, {"weight": 0.0})["weight"]
            hg.add_edge(a, b, weight=w + 1.0 / (len(group) - 1))
    return hg


def _around(pos: dict, centre: tuple[float, float], nodes, start: float, spacing: float = LEAF) -> None:
    """Place ``nodes`` (in name order) on a sunflower around ``centre``."""
    for v, xy in zip(sorted(nodes, key=str), _sunflower(centre, len(nodes), start, spacing), strict=True):
        pos[v] = xy


def _place_the_rest(h: nx.Graph, pos: dict, first_hub) -> None:
    """Nodes two or more hops from every hub: around the first placed neighbour, breadth first."""
    rest = [v for v in h if v not in pos]
    while rest:
        children = defaultdict(list)
        for v in rest:
            placed = [w for w in h[v] if w in pos]
            if placed:
                children[min(placed, key=str)].append(v)
        if not children:  # cannot happen in a connected component; guard anyway
            children[first_hub].extend(rest)
        for parent, kids in children.items():
            _around(pos, pos[parent], kids, LEAF, LEAF * 0.7)
        rest = [v for v in rest if v not in pos]


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


def _pack(blocks: list[dict], gap: float = 90.0) -> dict:
    """Place components in rows (shelf packing of their bounding boxes), largest first."""
    out: dict = {}
    if not blocks:
        return out
    boxes = []
    for b in blocks:
        xy = np.array(list(b.values()), dtype=float)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        boxes.append((b, lo, hi - lo + gap))
    area = sum(float(w * h) for _, _, (w, h) in boxes)
    width = max(float(boxes[0][2][0]), math.sqrt(area) * 1.2)
    x = y = row = 0.0
    for b, lo, (w, h) in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row, 0.0
        for v, (px, py) in b.items():
            out[v] = (px - lo[0] + x, py - lo[1] + y)
        x += w
        row = max(row, h)
    return out


LAYERED_MAX = 400    # subsidies views up to this size are drawn as columns: funder -> program -> recipient
COLUMN = 430.0       # px between columns
ROW_GAP = 26.0       # px between nodes of a column, on top of their sizes


def layered(g: nx.DiGraph, layer: dict, size: dict | None = None) -> dict:
    """Columns left to right by ``layer`` (0, 1, 2 …); within a column, children sit at the mean height
    of their parents (barycentre ordering), so money flows read left to right with few crossings."""
    size = size or {}
    columns: dict[int, list] = defaultdict(list)
    for v in g:
        columns[layer.get(v, 0)].append(v)
    order: dict = {}
    pos: dict = {}
    for col in sorted(columns):
        members = columns[col]

        def key(v):
            parents = [order[p] for p in g.predecessors(v) if p in order]
            centre = sum(parents) / len(parents) if parents else float("inf")
            return (centre, -size.get(v, 0.0), str(v))

        members.sort(key=key)
        y = 0.0
        for v in members:
            r = size.get(v, 10.0)
            y += r
            pos[v] = (col * COLUMN, y)
            order[v] = y
            y += r + ROW_GAP
    # back to front: a parent moves to the mean height of its children, keeping its column's order and gaps
    for col in sorted(columns, reverse=True)[1:]:
        members = columns[col]
        want = []
        for v in members:
            kids = [pos[c][1] for c in g.successors(v) if c in pos and layer.get(c, 0) > col]
            want.append(sum(kids) / len(kids) if kids else pos[v][1])
        placed: list[float] = []
        for i, v in enumerate(members):
            y = want[i]
            if placed:
                prev = members[i - 1]
                y = max(y, placed[-1] + size.get(prev, 10.0) + ROW_GAP + size.get(v, 10.0))
            placed.append(y)
        shift = (sum(want) - sum(placed)) / len(placed) if placed else 0.0
        for v, y in zip(members, placed, strict=True):
            pos[v] = (pos[v][0], y + shift)
    ys = [y for _, y in pos.values()]
    mid = (max(ys) + min(ys)) / 2 if ys else 0.0
    return {v: (x, y - mid) for v, (x, y) in pos.items()}


DECLUTTER_MAX = 1000  # above this, labels are drawn only when zoomed in (drawThreshold) and are not separated
LABEL_GAP = 6.0       # px kept free between two nodes' boxes
RELAX = 1.5          # the summed pushes are applied over-relaxed: dense clusters untangle in fewer rounds


def label_boxes(g: nx.Graph, pos: dict, sizes: dict) -> tuple[list, np.ndarray, np.ndarray]:
    """(nodes, centres, half sizes) of every node's box: the shape and its label below it, as vis draws them."""
    from .views import label_box

    nodes = list(pos)
    centre, half = np.zeros((len(nodes), 2)), np.zeros((len(nodes), 2))
    for i, v in enumerate(nodes):
        r = sizes.get(v, 10.0)
        w, h = label_box(str(g.nodes[v].get("label", v)) if v in g else str(v), r)
        top, bottom = -r, r + 3 + h
        centre[i] = (pos[v][0], pos[v][1] + (top + bottom) / 2)
        half[i] = (max(w, 2 * r) / 2, (bottom - top) / 2)
    return nodes, centre, half


def overlaps(centre: np.ndarray, half: np.ndarray, gap: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (a, b) of boxes that overlap, and by how much in x and y (one row per pair).

    Candidates come from a sweep along x (boxes whose x ranges can meet), so the cost follows the number
    of near pairs, not the square of the number of nodes."""
    n = len(centre)
    if n < 2:
        empty = np.zeros(0, dtype=int)
        return empty, empty, np.zeros((0, 2))
    order = np.argsort(centre[:, 0], kind="stable")
    xs = centre[order, 0]
    reach = half[order, 0] + float(half[:, 0].max()) + gap
    hi = np.searchsorted(xs, xs + reach, side="right")
    counts = np.maximum(hi - np.arange(n) - 1, 0)
    first = np.repeat(np.arange(n), counts)
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    a, b = order[first], order[first + 1 + offset]
    o = half[a] + half[b] + gap - np.abs(centre[a] - centre[b])
    hit = (o > 0).all(axis=1)
    return a[hit], b[hit], o[hit]


def _room(centre: np.ndarray, half: np.ndarray, fill: float = 0.35) -> np.ndarray:
    """Spread the layout about its centre until the boxes cover at most ``fill`` of its area (a dense
    layout cannot be untangled by local pushes alone)."""
    span = centre.max(axis=0) - centre.min(axis=0) + 2 * half.max(axis=0)
    need = float((4 * half[:, 0] * half[:, 1]).sum()) / fill
    have = float(span[0] * span[1])
    if have <= 0 or need <= have:
        return centre
    mid = centre.mean(axis=0)
    return mid + (centre - mid) * math.sqrt(need / have)


def declutter(g: nx.Graph, pos: dict, sizes: dict, rounds: int | None = None) -> dict:
    """Move nodes apart until no two boxes (shape plus label) overlap: each overlapping pair is pushed
    apart along the axis where it overlaps least, half each way. At most ``rounds`` rounds (1,500 up to
    400 nodes, else 400: about 4 s for 1,000 nodes); the views of the sample reports need a few."""
    if len(pos) < 2 or len(pos) > DECLUTTER_MAX:
        return pos
    rounds = rounds or (1500 if len(pos) <= 400 else 400)
    nodes, centre, half = label_boxes(g, pos, sizes)
    offset = centre - np.array([pos[v] for v in nodes], dtype=float)
    centre = _room(centre, half)
    rng = np.random.default_rng(SEED)
    for _ in range(rounds):
        a, b, o = overlaps(centre, half, LABEL_GAP)
        if not len(a):
            break
        delta = centre[a] - centre[b]
        same = (np.abs(delta) < 1e-6).all(axis=1)
        delta[same] = rng.normal(size=(int(same.sum()), 2))  # coincident centres: any direction
        axis = (o[:, 0] > o[:, 1]).astype(int)  # 0: push along x (less overlap there), 1: along y
        rows = np.arange(len(a))
        step = np.zeros_like(delta)
        sign = np.sign(delta[rows, axis])
        sign[sign == 0] = 1.0
        step[rows, axis] = sign * (o[rows, axis] / 2 + 0.5)
        push = np.zeros_like(centre)
        np.add.at(push, a, step)
        np.add.at(push, b, -step)
        centre = centre + push * RELAX
    out = centre - offset
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, out, strict=True)}
