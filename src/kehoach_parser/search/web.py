"""A small read-only web application over a plan database (Flask, server-rendered pages).

    kehoach-parser serve --db corpus.sqlite [--port 8000]

Pages: search with filters (/), a plan with its outline, targets and assignments (/plan/<id>), plans grouped
by the national document they implement (/legal-bases), one indicator's targets across provinces (/targets),
and a chart of targets by province and year (SVG, drawn on the server). Every text from the documents is
escaped by the templates; the database is opened read-only; a bad query or filter gets a message, not an error.
"""
from __future__ import annotations

from typing import get_args

from ..errors import require
from ..models import SectionKind

require("flask", "web", "the web page (serve)")
from markupsafe import Markup, escape  # noqa: E402 - installed with Flask, checked just above

from .query import Corpus, Filters, QueryError

KINDS = list(get_args(SectionKind))
# SQLite's largest row id: a larger /plan/N names no plan (and would overflow the query)
MAX_PLAN_ID = 2**63 - 1

BASE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ title }} · kehoach-parser</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#222}
header a{margin-right:1rem} form.filters{display:grid;grid-template-columns:repeat(4,1fr);gap:.4rem;margin:1rem 0}
form.filters input,form.filters select{padding:.3rem} form.filters .q{grid-column:1/4}
mark{background:#ffe066} .hit{border-bottom:1px solid #ddd;padding:.6rem 0} .meta{color:#666;font-size:.9rem}
.note{color:#8a5a00} .error{color:#b00020;font-weight:bold} table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:.3rem;vertical-align:top;font-size:.9rem} .target{background:#e6f4ea}
.assign{background:#e8f0fe} li.section{margin:.2rem 0} .badge{font-size:.75rem;padding:0 .3rem;border-radius:.3rem;background:#ddd}
</style></head><body><header><a href="/">Tìm kiếm</a><a href="/legal-bases">Văn bản căn cứ</a><a href="/targets">Chỉ tiêu</a></header>
<h1>{{ title }}</h1>{{ body }}</body></html>"""

SEARCH = """<form class="filters" method="get" action="/">
<input class="q" name="q" value="{{ q }}" placeholder="từ khóa, ví dụ: bạo lực học đường" aria-label="query">
<button type="submit" id="go">Tìm</button>
<input name="issuer" value="{{ f.issuer or '' }}" placeholder="tỉnh / cơ quan ban hành" aria-label="issuer">
<input name="year_from" value="{{ args.year_from or '' }}" placeholder="từ năm" aria-label="year_from">
<input name="year_to" value="{{ args.year_to or '' }}" placeholder="đến năm" aria-label="year_to">
<select name="kind" aria-label="kind"><option value="">mọi phần</option>
{% for k in kinds %}<option value="{{ k }}" {% if f.kind == k %}selected{% endif %}>{{ k }}</option>{% endfor %}</select>
<input name="agency" value="{{ f.agency or '' }}" placeholder="cơ quan được giao" aria-label="agency">
<input name="cites" value="{{ f.cites or '' }}" placeholder="số văn bản căn cứ" aria-label="cites">
<input name="value_min" value="{{ args.value_min or '' }}" placeholder="chỉ tiêu từ %" aria-label="value_min">
<input name="value_max" value="{{ args.value_max or '' }}" placeholder="chỉ tiêu đến %" aria-label="value_max">
</form>
{% for n in notes %}<p class="note">{{ n }}</p>{% endfor %}
{% if error %}<p class="error">{{ error }}</p>{% endif %}
{% if hits is not none %}<p class="meta" id="count">{{ hits|length }} kết quả</p>{% endif %}
{% for h in hits or [] %}<div class="hit"><a class="plan-link" href="/plan/{{ h.plan_id }}">{{ h.number or h.file }}</a>
— {{ h.issuer or '' }} <span class="meta">{{ h.date or '' }} · mục {{ h.section_path or 'mở đầu' }} {{ h.section_title }}</span>
<div>{{ h.title or '' }}</div><div class="snippet">{{ mark(h.snippet) }}</div></div>{% endfor %}
<h2>Chỉ tiêu theo tỉnh và năm</h2>{{ chart }}"""

PLAN = """<p class="meta">{{ p.header.issuer or '' }} · {{ p.header.number or '' }} · {{ p.header.place or '' }} {{ p.header.date or '' }}</p>
<h2>{{ p.header.doc_type or '' }}: {{ p.header.title or '' }}</h2>
<h3>Căn cứ</h3><ul>{% for b in p.legal_bases %}<li>{{ b.doc_type or '' }} {{ b.number or '' }} {{ b.date or '' }} — {{ b.subject or '' }}</li>{% endfor %}</ul>
<h3>Bố cục</h3>{{ outline }}
<h3>Chỉ tiêu</h3><table id="targets"><tr><th>Giá trị</th><th>Chỉ tiêu</th><th>Năm</th><th>Mục</th></tr>
{% for t in p.targets %}<tr class="target"><td>{{ t.comparator }} {{ t.value }}{{ t.unit }}</td><td>{{ t.indicator }}</td><td>{{ t.year or '' }}</td><td>{{ t.section or '' }}</td></tr>{% endfor %}</table>
<h3>Phân công</h3><table id="assignments"><tr><th>Cơ quan</th><th>Vai trò</th><th>Phối hợp</th><th>Nhiệm vụ</th></tr>
{% for a in p.assignments %}<tr class="assign"><td>{{ a.agency }}</td><td>{{ a.role }}</td><td>{{ a.cooperating|join(', ') }}</td>
<td>{% for t in a.tasks %}<div>{{ t }}</div>{% endfor %}</td></tr>{% endfor %}</table>
<h3>Chỉ tiêu của văn bản</h3>{{ chart }}"""

LEGAL = """<table><tr><th>Văn bản</th><th>Nội dung</th><th>Số kế hoạch thực hiện</th><th>Kế hoạch</th></tr>
{% for r in rows %}<tr><td>{{ r.doc_type or '' }} {{ r.number }}</td><td>{{ r.subject or '' }}</td><td>{{ r.plans }}</td>
<td>{% for pid in r.plan_ids[:20] %}<a href="/plan/{{ pid }}">#{{ pid }}</a> {% endfor %}</td></tr>{% endfor %}</table>"""

TARGETS = """<form method="get"><input name="indicator" value="{{ indicator }}" placeholder="chỉ tiêu, ví dụ: trường học" aria-label="indicator">
<button type="submit">Xem</button></form>
<table><tr><th>Tỉnh</th><th>Kế hoạch</th><th>Năm</th><th>Giá trị</th><th>Chỉ tiêu</th></tr>
{% for r in rows %}<tr><td>{{ r.province or '' }}</td><td><a href="/plan/{{ r.id }}">{{ r.number or r.issuer }}</a></td>
<td>{{ r.target_year or '' }}</td><td>{{ r.comparator }} {{ r.value }}</td><td>{{ r.indicator }}</td></tr>{% endfor %}</table>"""


def mark(snippet: str) -> Markup:
    """Escape a snippet, then turn its [[ ]] match marks into <mark> elements."""
    text = str(escape(snippet))
    return Markup(text.replace("[[", "<mark>").replace("]]", "</mark>"))


def bar_chart(rows: list[dict], label_key: str, value_key: str, title: str) -> Markup:
    """A horizontal bar chart as inline SVG (labels escaped)."""
    rows = rows[:25]
    if not rows:
        return Markup('<p class="meta">Chưa có chỉ tiêu.</p>')
    top = max(float(r[value_key] or 0) for r in rows) or 1.0
    height = 22 * len(rows) + 30
    parts = [f'<svg id="chart" role="img" aria-label="{escape(title)}" width="760" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" font-size="12">']
    for i, row in enumerate(rows):
        y = 20 + 22 * i
        width = 420 * float(row[value_key] or 0) / top
        parts.append(f'<text x="0" y="{y + 12}">{escape(str(row[label_key]))[:40]}</text>'
                     f'<rect class="bar" x="300" y="{y}" width="{width:.1f}" height="16" fill="#4c8bf5"></rect>'
                     f'<text x="{305 + width:.1f}" y="{y + 12}">{escape(str(row[value_key]))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: str | None, kind, name: str, errors: list[str]):
    if value in (None, ""):
        return None
    try:
        return kind(value.replace(",", "."))
    except ValueError:
        errors.append(f"'{value}' is not a number ({name})")
        return None


def create_app(db_path: str):
    from flask import Flask, render_template_string, request

    app = Flask("kehoach_parser")
    corpus = Corpus(db_path)

    def page(title: str, body) -> str:
        # body is HTML our templates rendered (with every document text escaped there)
        return render_template_string(BASE, title=title, body=Markup(body))

    @app.get("/")
    def search_page():
        args = request.args
        errors: list[str] = []
        filters = Filters(
            issuer=args.get("issuer") or None, kind=args.get("kind") or None, agency=args.get("agency") or None,
            cites=args.get("cites") or None, year_from=_number(args.get("year_from"), int, "year_from", errors),
            year_to=_number(args.get("year_to"), int, "year_to", errors),
            value_min=_number(args.get("value_min"), float, "value_min", errors),
            value_max=_number(args.get("value_max"), float, "value_max", errors))
        if filters.kind and filters.kind not in KINDS:
            errors.append(f"unknown section kind '{filters.kind}'")
            filters.kind = None
        q = args.get("q", "")
        hits, notes = None, []
        searching = bool(q.strip()) or any(v for k, v in args.items() if k != "q")
        if searching and not errors:
            try:
                result = corpus.search(q, filters, limit=50)
                hits, notes = result.hits, result.notes
            except QueryError as exc:
                errors.append(str(exc))
        chart = bar_chart([{"label": f"{r['province']} {r['year'] or ''}", "targets": r["targets"]}
                           for r in corpus.targets_by_province_year()], "label", "targets", "targets by province and year")
        body = render_template_string(SEARCH, q=q, f=filters, args=args, kinds=KINDS, hits=hits, notes=notes,
                                      error="; ".join(errors), mark=mark, chart=chart)
        return page("Tìm trong các kế hoạch", body)

    @app.get("/plan/<int:plan_id>")
    def plan_page(plan_id: int):
        try:
            if plan_id > MAX_PLAN_ID:
                raise KeyError(plan_id)  # no SQLite row id is that large
            plan = corpus.plan(plan_id)
        except (KeyError, ValueError):  # no such plan, or a stored plan that no longer fits the schema
            return page("Không tìm thấy", Markup('<p class="error">Không có kế hoạch này.</p>')), 404
        target_sections = {t.section for t in plan.targets if t.section}
        agency_sections = {a.section for a in plan.assignments if a.section}
        outline = _outline(plan.sections, target_sections, agency_sections)
        chart = bar_chart([{"label": (t.indicator or "")[:38], "value": t.value} for t in plan.targets],
                          "label", "value", "targets of this plan")
        body = render_template_string(PLAN, p=plan, outline=outline, chart=chart)
        return page(plan.header.number or f"#{plan_id}", body)

    @app.get("/legal-bases")
    def legal_bases_page():
        return page("Kế hoạch theo văn bản căn cứ", render_template_string(LEGAL, rows=corpus.plans_by_legal_basis(100)))

    @app.get("/targets")
    def targets_page():
        indicator = request.args.get("indicator", "")[:200]
        rows = corpus.targets_side_by_side(indicator) if indicator.strip() else []
        return page("Chỉ tiêu giữa các tỉnh", render_template_string(TARGETS, rows=rows, indicator=indicator))

    @app.errorhandler(404)
    def not_found(_):
        return page("Không tìm thấy", Markup('<p class="error">Không có trang này.</p>')), 404

    return app


def _outline(sections, target_sections: set[str], agency_sections: set[str]) -> Markup:
    """Nested lists of the outline; sections holding targets or assignments are marked."""
    def render(nodes) -> str:
        if not nodes:
            return ""
        items = []
        for node in nodes:
            classes = []
            badges = ""
            if node.path in target_sections:
                classes.append("target")
                badges += ' <span class="badge">chỉ tiêu</span>'
            if node.path in agency_sections:
                classes.append("assign")
                badges += ' <span class="badge">phân công</span>'
            label = escape(node.label) + ("" if node.style == "bullet" else ".")
            items.append(f'<li class="section {" ".join(classes)}"><b>{label}</b> {escape(node.title or "")}'
                         f"{badges}{render(node.children)}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    return Markup(render(sections))


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    create_app(db_path).run(host=host, port=port, debug=False)
