"""Draw the entity graph as a self-contained, offline pyvis map (one HTML file, no network requests)."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from .analysis import _simple, entity_graph, find_entity, pagerank
from .atomic import write_atomic
from .errors import Errors, InputError

__all__ = ["render_map", "TYPE_COLORS", "PHYSICS_MAX_NODES"]

# One colour per entity class (Tableau 10, colour-blind friendly), in legend order.
TYPE_COLORS = {"Person": "#4e79a7", "Organization": "#f28e2b", "Place": "#59a14f", "NationalityOrGroup": "#b07aa1",
               "Event": "#e15759", "Product": "#76b7b2", "Law": "#edc948", "WorkOfArt": "#ff9da7",
               "Facility": "#9c755f", "Concept": "#bab0ac", "Other": "#d3d3d3"}
# Above this many nodes physics takes seconds to settle: precompute positions instead (FIELD-NOTES).
PHYSICS_MAX_NODES = 300
_TEMPLATES = Path(__file__).parent / "templates"
_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
_MAX_EVIDENCE = 5  # sentences per edge tooltip; the rest are counted
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def render_map(store: Any, out_path: str | os.PathLike, *, focus: str | None = None, hops: int = 1,
               min_degree: int = 0, since: str | None = None, until: str | None = None, max_nodes: int = 1500,
               title: str | None = None, G: nx.MultiDiGraph | None = None) -> dict:
    """Write an interactive map of the store's entities and facts to ``out_path``.

    Parameters
    ----------
    store : KgStore or pyoxigraph.Store
        Anything with ``.query(sparql)``; ignored when ``G`` is given.
    out_path : path
        The HTML file to write (atomically: a temporary file, then ``os.replace``).
    focus : str, optional
        Name, alias or IRI of an entity: draw only its ``hops``-hop neighbourhood.
    min_degree : int
        Leave out entities with fewer distinct neighbours.
    since, until : str, optional
        Keep evidence dated in this range (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
    max_nodes : int
        Draw at most this many entities, the highest PageRank first; the page says how many were left out.
    title : str, optional
        Page heading (escaped).
    G : nx.MultiDiGraph, optional
        A graph from ``kg.analysis.entity_graph`` to draw instead of querying ``store``.

    Returns
    -------
    stats : dict
        path, nodes, edges, total_nodes, total_edges, left_out, layout ("physics"/"precomputed"), bytes.

    Raises
    ------
    InputError
        Unknown ``focus`` entity (E300), malformed date (E301), out-of-range number (E302).
    """
    _check(hops=(hops, 0), min_degree=(min_degree, 0), max_nodes=(max_nodes, 1))
    lo, hi = _date_bound(since, "--since", low=True), _date_bound(until, "--until", low=False)
    G = entity_graph(store) if G is None else G
    total_nodes, total_edges = G.number_of_nodes(), G.number_of_edges()
    H = _within_dates(G, lo, hi) if (lo or hi) else G
    center = find_entity(H, focus) if focus else None
    if center is not None:
        H = H.subgraph(nx.ego_graph(H.to_undirected(as_view=True), center, radius=hops)).copy()
    H = _min_degree(H, min_degree, keep=center)
    rank = pagerank(H)
    H, left_out = _cap(H, rank, max_nodes, keep=center)
    positions = _layout(H) if len(H) > PHYSICS_MAX_NODES else None
    net, ids = _network(H, rank, positions)
    page = _page(net, title=title or "Knowledge graph map", focus_id=ids.get(center), hops=max(hops, 1), left_out=left_out,
                 shown=len(H), physics=positions is None)
    size = write_atomic(out_path, page)
    return {"path": str(out_path), "nodes": H.number_of_nodes(), "edges": len(net.edges), "total_nodes": total_nodes,
            "total_edges": total_edges, "left_out": left_out, "layout": "physics" if positions is None else
            "precomputed", "bytes": size}


# -- choosing what to draw ---------------------------------------------------------------------------------------


def _check(**values: tuple[int, int]) -> None:
    for name, (value, minimum) in values.items():
        if not isinstance(value, int) or value < minimum:
            raise InputError(Errors.E302.format(name=name, minimum=minimum, value=value))


def _date_bound(value: str | None, option: str, *, low: bool) -> str | None:
    """A full ISO date for a (possibly partial) bound: 2023-05 -> 2023-05-01 (since) or 2023-05-31 (until)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        date.fromisoformat(_span(text)[0])  # checks the month and day exist
    except ValueError:
        raise InputError(Errors.E301.format(value=value, option=option)) from None
    return _span(text)[0 if low else 1]


def _span(d: str) -> tuple[str, str]:
    """First and last day covered by an ISO date, month or year (string comparison is enough afterwards)."""
    if len(d) == 4:
        return d + "-01-01", d + "-12-31"
    if len(d) == 7:
        return d + "-01", d + "-31"  # "-31" sorts after every real day of the month
    return d, d


def _in_range(d: str | None, lo: str | None, hi: str | None) -> bool:
    if not d:
        return False  # an undated fact cannot be shown to fall in a date range
    first, last = _span(d)
    return (lo is None or last >= lo) and (hi is None or first <= hi)


def _within_dates(G: nx.MultiDiGraph, lo: str | None, hi: str | None) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    for u, v, key, d in G.edges(keys=True, data=True):
        kept = [e for e in d["evidence"] if _in_range(e.get("date"), lo, hi)]
        if kept:
            H.add_node(u, **G.nodes[u])
            H.add_node(v, **G.nodes[v])
            H.add_edge(u, v, key, **{**d, "evidence": kept, "weight": len(kept)})
    return H


def _min_degree(G: nx.MultiDiGraph, k: int, keep: str | None) -> nx.MultiDiGraph:
    if k <= 0:
        return G
    U = _simple(G, directed=False)
    return G.subgraph([n for n in G if U.degree(n) >= k or n == keep]).copy()


def _cap(G: nx.MultiDiGraph, rank: dict, max_nodes: int, keep: str | None) -> tuple[nx.MultiDiGraph, int]:
    if len(G) <= max_nodes:
        return G, 0
    order = sorted(G, key=lambda n: (n != keep, -rank.get(n, 0.0), str(n)))
    return G.subgraph(order[:max_nodes]).copy(), len(G) - max_nodes


def _layout(G: nx.MultiDiGraph, iterations: int = 80, seed: int = 7) -> dict:
    """Seeded force-directed positions in pixels, so large maps draw at once with physics off.

    Fruchterman-Reingold's grid variant: repulsion only between nodes closer than 2k (found with a
    k-d tree), spring attraction along edges, weak gravity so small components stay near. networkx's
    spring_layout took 14-16 s at 2,000 nodes; this takes about 1 s.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    U = _simple(G, directed=False)
    n = len(nodes)
    ends = np.array([(index[u], index[v]) for u, v in U.edges()], dtype=np.int64).reshape(-1, 2)
    weights = np.log2(1 + np.array([w for _, _, w in U.edges(data="weight")], dtype=float))
    pos = np.random.default_rng(seed).random((n, 2)) - 0.5
    k, temp = 1.0 / math.sqrt(n), 0.1
    for step in range(iterations):
        pairs = cKDTree(pos).query_pairs(2 * k, output_type="ndarray")
        d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        disp = _push(n, pairs, d * (k * k / np.maximum((d * d).sum(1), 1e-9))[:, None])
        d = pos[ends[:, 0]] - pos[ends[:, 1]]
        disp -= _push(n, ends, d * (np.sqrt((d * d).sum(1)) * weights / k)[:, None])
        disp -= pos * 0.01
        length = np.maximum(np.sqrt((disp * disp).sum(1)), 1e-9)[:, None]
        pos += disp / length * np.minimum(length, temp * (1 - step / (iterations + 1)))
    pos -= pos.mean(0)
    pos *= (40.0 * math.sqrt(n)) / max(float(np.abs(pos).max()), 1e-9)  # ~40 px per node across
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos)}


def _push(n: int, ends, force):
    """Per node: the sum of ``force`` where it is the first end, minus where it is the second.

    np.bincount does in one pass what np.add.at does ~50x slower.
    """
    import numpy as np

    return np.stack([np.bincount(ends[:, 0], force[:, c], n) - np.bincount(ends[:, 1], force[:, c], n)
                     for c in (0, 1)], axis=1)


# -- building the pyvis network ----------------------------------------------------------------------------------


def _network(G: nx.MultiDiGraph, rank: dict, positions: dict | None) -> tuple[Network, dict]:
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    ids = {n: f"n{i}" for i, n in enumerate(G)}
    top = max(rank.values(), default=1.0) or 1.0
    for n, d in G.nodes(data=True):
        extra = {"x": positions[n][0], "y": positions[n][1]} if positions else {}
        color = TYPE_COLORS.get(d["type"], TYPE_COLORS["Other"])
        net.add_node(ids[n], label=_short(d["label"], 40), shape="dot", color=color,
                     size=round(8 + 32 * math.sqrt(rank.get(n, 0.0) / top), 1), kgType=d["type"],
                     names=[d["label"], *d["aliases"]], rank=rank.get(n, 0.0), tip=_node_tip(d, rank.get(n, 0.0)),
                     **extra)
    seen: dict[tuple, int] = {}
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        pair = tuple(sorted((ids[u], ids[v])))
        nth = seen[pair] = seen.get(pair, -1) + 1
        # Parallel edges bend apart so each label stays readable; single edges stay straight (fast to draw).
        smooth = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW", "roundness": 0.2 * ((nth + 1) // 2)}
        net.add_edge(ids[u], ids[v], id=f"e{i}", label=_edge_label(d), dashes=bool(d["attributed"]),
                     width=round(1 + math.log2(max(d["weight"], 1)), 2), pred=d["predicate"],
                     dates=sorted({e["date"] for e in d["evidence"] if e.get("date")}), tip=_edge_tip(G, u, v, d),
                     **({"smooth": smooth} if nth else {}))
    return net, ids


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _edge_label(d: dict) -> str:
    return _short(("not " if d["negated"] else "") + d["predicate"], 30)


def _node_tip(d: dict, rank: float) -> str:
    """Tooltip HTML built only from escaped pieces: hostile text stays text."""
    e = html.escape
    parts = [f"<b>{e(d['label'])}</b>", f"<div>Type: {e(d['type'])}</div>"]
    if d["aliases"]:
        parts.append(f"<div>Also: {e(', '.join(d['aliases']))}</div>")
    parts.append(f"<div>Facts: {int(d['facts'])} · Claims: {int(d.get('claims', 0))} · PageRank {rank:.3f}</div>")
    return "".join(parts)


def _edge_tip(G: nx.MultiDiGraph, u: str, v: str, d: dict) -> str:
    e = html.escape
    su, sv = G.nodes[u], G.nodes[v]
    verb = ("not " if d["negated"] else "") + d["predicate"]
    head = f"<b>{e(su['label'])}</b> — <i>{e(verb)}</i> → <b>{e(sv['label'])}</b>"
    if d["attributed"]:
        head += " <span class='tag'>reported, not asserted</span>"
    names = [su["label"], *su["aliases"], sv["label"], *sv["aliases"]]
    evidence = sorted(d["evidence"], key=lambda x: -(x.get("confidence") or 0.0))
    parts = [head] + [_evidence_html(G, x, names) for x in evidence[:_MAX_EVIDENCE]]
    if len(evidence) > _MAX_EVIDENCE:
        parts.append(f"<div class='more'>+{len(evidence) - _MAX_EVIDENCE} more sentences</div>")
    return "".join(parts)


def _evidence_html(G: nx.MultiDiGraph, ev: dict, names: list[str]) -> str:
    e = html.escape
    meta = [e(ev.get("headline") or "untitled article")]
    for key in ("publisher", "source"):
        if ev.get(key):
            meta.append(e(str(ev[key])))
    if ev.get("date"):
        meta.append(e(str(ev["date"])))
    if ev.get("confidence") is not None:
        meta.append(f"confidence {float(ev['confidence']):.2f}")
    speaker = ev.get("attributed_to")
    if speaker:
        who = G.nodes[speaker]["label"] if speaker in G else speaker.rpartition("/")[2]
        meta.append("according to " + e(who))
    return f"<div class='ev'>“{highlight(ev.get('text') or '', names)}”</div><div class='src'>{' · '.join(meta)}</div>"


def highlight(text: str, names: list[str]) -> str:
    """Escape ``text`` and wrap each mention of ``names`` in ``<mark>`` (case-insensitive, longest first).

    >>> highlight("Musk met <Ding>.", ["Elon Musk", "Musk", "<Ding>"])
    '<mark>Musk</mark> met <mark>&lt;Ding&gt;</mark>.'
    """
    words = sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True)
    if not words or not text:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [html.escape(text[last:m.start()]), "<mark>", html.escape(m.group()), "</mark>"]
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


# -- the page ----------------------------------------------------------------------------------------------------


def _options(physics: bool, n: int) -> dict:
    big = n > PHYSICS_MAX_NODES
    return {
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "face": "sans-serif"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False, "selectionWidth": 2,
                  "color": {"color": "#9aa0a6", "highlight": "#202124", "hover": "#202124", "inherit": False},
                  "font": {"size": 10, "align": "middle", "color": "#444", "strokeWidth": 3}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "tooltipDelay": 120},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.2},
                    "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True}},
        "layout": {"improvedLayout": physics and n <= 100, "randomSeed": 7},
    }


def _page(net: Network, *, title: str, focus_id: str | None, hops: int, left_out: int,
          shown: int, physics: bool) -> str:
    types: dict[str, int] = {}
    for n in net.nodes:
        types[n["kgType"]] = types.get(n["kgType"], 0) + 1
    preds: dict[str, int] = {}
    for edge in net.edges:
        preds[edge["pred"]] = preds.get(edge["pred"], 0) + 1
    dates = sorted(d for edge in net.edges for d in edge["dates"])
    data = {"nodes": net.nodes, "edges": net.edges, "options": _options(physics, shown), "physics": physics,
            "focus": focus_id, "hops": hops}
    scripts = [_asset(_VIS / "vis-network.min.js"), Markup("window.KG_DATA = " + _script_json(data) + ";"),
               _asset(_TEMPLATES / "map.js")]
    return _env().get_template("map.html").render(
        title=title, hops=hops, left_out=left_out, shown=shown, focus=focus_id is not None,
        legend=[(t, c, types[t]) for t, c in TYPE_COLORS.items() if t in types],
        predicates=sorted(preds.items(), key=lambda kv: (-kv[1], kv[0])),
        date_min=_span(dates[0])[0] if dates else "", date_max=_span(dates[-1])[0] if dates else "",
        vis_js=scripts[0], data_js=scripts[1], map_js=scripts[2], script_hashes=" ".join(map(_csp_hash, scripts)),
        vis_css=_asset(_VIS / "vis-network.css"), map_css=_asset(_TEMPLATES / "map.css"))


def _csp_hash(script: str) -> str:
    """CSP source for one inline script: only these exact scripts may run (inline event handlers never)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=None)
def _env() -> Environment:
    # autoescape: every {{ value }} in the template is HTML-escaped; data goes through the JSON filter below.
    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True)
    env.filters["kg_json"] = _script_json
    return env


def _script_json(value: Any) -> Markup:
    """JSON safe inside <script>: no '<', '>', '&', "'" and no '/' (so no '</script>' and no URL-looking text)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"), ("/", "\\/")):
        text = text.replace(ch, esc)
    return Markup(text)


@lru_cache(maxsize=None)
def _asset(path: Path) -> Markup:
    """A vendored JS/CSS file made safe to inline: no '</script' that could close the tag, no http(s):// text.

    ``\\/`` means ``/`` in JS strings, regexes and comments alike, so the code runs unchanged.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".js":
        text = re.sub(r"(https?):\/\/", r"\1:\\/\\/", re.sub(r"</(script)", r"<\\/\1", text, flags=re.I))
    else:  # CSS: vis-network.css has no URLs; refuse to inline one that does
        if re.search(r"https?:|</", text):
            raise ValueError(f"{path} references a URL or closes its tag; cannot inline it")
    return Markup(text)
