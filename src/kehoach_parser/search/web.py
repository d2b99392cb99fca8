"""A read-only web application over a plan database (Flask, server-rendered pages, all in Vietnamese), and
a read-only JSON API for the same queries.

    kehoach-parser serve --db corpus.sqlite [--port 8000]

Pages: search with filters, facet counts, sorting, pages and downloads (/); a plan with its files, warnings,
outline, targets and assignments (/plan/<id>); who does what for a query (/assignments); what falls due
when (/timeline); one indicator's targets across provinces and years (/targets); plans grouped by the
national document they implement (/legal-bases). The API under /api/ answers the same questions as JSON
(or CSV where it is a table): see docs/search.md. Every text from the documents is escaped by the templates;
the database is opened read-only; a bad query or filter gets a message, never a server error.
"""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import get_args
from urllib.parse import urlencode

from ..errors import require
from ..models import SectionKind

require("flask", "web", "the web page (serve)")
from markupsafe import Markup, escape  # noqa: E402 - installed with Flask, checked just above

import regex as re  # noqa: E402

from .query import Corpus, Filters, QueryError, result_dict  # noqa: E402

KINDS = list(get_args(SectionKind))
# SQLite's largest row id: a larger /plan/N names no plan (and would overflow the query)
MAX_PLAN_ID = 2**63 - 1
PER_PAGE = 20
# hits one page may ask for (the API's per_page) and one download may hold
MAX_PER_PAGE = 100
MAX_DOWNLOAD = 1000
# how deep pages go: beyond, a query should be narrowed (Tantivy collects offset + limit hits)
MAX_OFFSET = 10_000

# What the page calls the schema's codes
KIND_LABELS = {
    "purpose_requirements": "Mục đích, yêu cầu", "objectives": "Mục tiêu, chỉ tiêu", "scope": "Đối tượng, phạm vi",
    "theme": "Chủ đề", "timeline": "Thời gian thực hiện", "activities": "Hoạt động", "tasks_solutions": "Nhiệm vụ, giải pháp",
    "budget": "Kinh phí", "implementation": "Tổ chức thực hiện", "reporting": "Chế độ báo cáo", "other": "Nội dung khác",
    "header": "Phần mở đầu",
}
ROLE_LABELS = {"lead": "Chủ trì", "responsible": "Thực hiện", "requested": "Đề nghị phối hợp"}
FORMAT_LABELS = {"text": "văn bản thuần", "markdown": "Markdown", "html": "HTML", "pdf": "PDF", "docx": "Word (DOCX)",
                 "doc": "Word cũ (DOC)", "image": "ảnh quét"}
FACET_LABELS = {"province": "Tỉnh, thành (như trong văn bản)", "province_now": "Tỉnh, thành (sau sắp xếp 2025)",
                "year": "Năm ban hành", "kind": "Phần của kế hoạch", "agency": "Cơ quan được giao"}
# the filter a facet value sets
FACET_FILTERS = {"province": "issuer", "province_now": "issuer", "kind": "kind", "agency": "agency"}
COMPARATOR_LABELS = {"=": "", ">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "~": "khoảng "}
RECURRENCE_LABELS = {"yearly": "hằng năm", "half-yearly": "6 tháng", "quarterly": "hằng quý", "monthly": "hằng tháng",
                     "weekly": "hằng tuần", "ongoing": "thường xuyên"}
# The parser's warnings by code (api.py's Warn); others (a reader's) get the generic text
WARNING_LABELS = {
    "W001": "Không tìm thấy phần đầu văn bản (dòng “KẾ HOẠCH”, “QUYẾT ĐỊNH”); thông tin đầu văn bản lấy từ nội dung.",
    "W002": "Cơ quan ban hành được suy ra từ nội dung, không đọc từ phần đầu văn bản.",
    "W003": "Dòng ngày tháng để trống ngày hoặc tháng; ngày ban hành bỏ trống.",
    "W004": "Dòng số hiệu không có số; số hiệu bỏ trống.",
    "W005": "Không tìm thấy bố cục đánh số (không có đề mục “I.” hay “1.”).",
    "W006": "Có vẻ đây là tin bài về kế hoạch, không phải bản kế hoạch; số liệu lấy từ lời văn.",
    "W007": "Không tìm thấy phần chữ ký.",
    "W008": "Không tìm thấy phần “Nơi nhận”.",
    "W009": "Số La Mã của một đề mục bị lặp; vị trí đề mục theo thứ tự xuất hiện.",
    "W010": "Một bước phân tích bị lỗi; phần kết quả của bước đó bị thiếu.",
    "W011": "Đã sửa các dấu tiếng Việt bị tách rời trong văn bản.",
    "W012": "Nhận dạng ký tự (OCR) không chắc chắn ở một số trang: cần đối chiếu với bản quét.",
    "W013": "Phần đầu văn bản đọc bằng OCR có thể sai (cơ quan ban hành, số hoặc địa danh không đúng dạng): cần đối chiếu với bản quét.",
}
OTHER_WARNING = "Bộ đọc tệp có lưu ý về văn bản này (di chuột để xem chi tiết)."
# Messages of the search engine, in Vietnamese
MESSAGES = [
    (r"the query was cut to its first (\d+) characters", r"Truy vấn quá dài: chỉ tìm \1 ký tự đầu."),
    (r"an unclosed quote was closed at the end", "Dấu ngoặc kép chưa đóng đã được đóng ở cuối truy vấn."),
    (r"only the first (\d+) words were searched", r"Chỉ tìm \1 từ đầu tiên."),
    (r"more than (\d+) sections match: .*", r"Hơn \1 đoạn khớp: chỉ \1 đoạn trong số đó được xếp hạng."),
    (r"the ranked index is not used .*", "Chỉ mục xếp hạng chưa được dựng lại: kết quả được xếp hạng trong số đoạn mới nhất. "
     "Hãy chạy lại lệnh index."),
    (r"type some words or choose a filter", "Hãy nhập từ khóa hoặc chọn một bộ lọc."),
    (r"the query could not be run.*", "Không chạy được truy vấn này; hãy sửa lại từ khóa."),
]

STYLE = """
*{box-sizing:border-box} body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:.8rem;color:#222;line-height:1.45}
nav.top{display:flex;flex-wrap:wrap;gap:.3rem 1rem;border-bottom:1px solid #ddd;padding-bottom:.5rem}
h1{font-size:1.4rem} h2{font-size:1.15rem} h3{font-size:1.05rem;margin-top:1.4rem}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.4rem;margin:1rem 0}
form.filters .q{grid-column:1/-1;display:flex;gap:.4rem} form.filters .q input{flex:1;min-width:0}
input,select,button{padding:.4rem;font:inherit;max-width:100%} button{cursor:pointer}
.layout{display:grid;grid-template-columns:260px 1fr;gap:1.2rem} @media(max-width:700px){.layout{grid-template-columns:1fr} .layout aside{order:2}}
aside#facets h3{font-size:.95rem;margin:.8rem 0 .2rem} aside#facets ul{list-style:none;padding:0;margin:0}
aside#facets li{font-size:.9rem} .count-n{color:#666}
mark{background:#ffe066} .hit{border-bottom:1px solid #ddd;padding:.6rem 0;overflow-wrap:anywhere} .meta{color:#555;font-size:.9rem}
.note{color:#8a5a00} .error{color:#b00020;font-weight:bold} .wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #ddd;padding:.3rem;vertical-align:top;font-size:.9rem;text-align:left}
.target{background:#e6f4ea} .assign{background:#e8f0fe} li.section{margin:.2rem 0}
.badge{font-size:.75rem;padding:0 .35rem;border-radius:.3rem;background:#e3e3e3;white-space:nowrap}
.badge.ocr,.ocr-banner{background:#fde2c8} .ocr-banner{padding:.5rem;border-radius:.3rem}
nav#pages{display:flex;flex-wrap:wrap;gap:.4rem;margin:1rem 0} nav#pages span.current{font-weight:bold}
.chips a{display:inline-block;margin:.15rem;padding:.1rem .5rem;border:1px solid #ccc;border-radius:1rem;font-size:.9rem;text-decoration:none}
svg{max-width:100%;height:auto} .downloads a{margin-right:.8rem}
.year{margin-top:1rem;border-top:2px solid #4c8bf5} .due{font-weight:bold;white-space:nowrap}
"""

BASE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }} · Kế hoạch</title>
<style>{{ style }}</style></head><body><nav class="top" aria-label="Trang">
<a href="/">Tìm kiếm</a><a href="/assignments">Ai làm gì</a><a href="/timeline">Mốc thời hạn</a>
<a href="/targets">Chỉ tiêu</a><a href="/legal-bases">Văn bản căn cứ</a><a href="/api">API</a></nav>
<h1>{{ title }}</h1>{{ body }}</body></html>"""

FORM = """<form class="filters" method="get" action="{{ action }}">
<div class="q"><input name="q" value="{{ q }}" placeholder="từ khóa, ví dụ: bạo lực học đường" aria-label="Từ khóa">
<button type="submit" id="go">Tìm</button></div>
<input name="issuer" value="{{ args.issuer or '' }}" placeholder="tỉnh / cơ quan ban hành" aria-label="Tỉnh hoặc cơ quan ban hành">
<input name="year_from" value="{{ args.year_from or '' }}" placeholder="từ năm" aria-label="Từ năm" inputmode="numeric">
<input name="year_to" value="{{ args.year_to or '' }}" placeholder="đến năm" aria-label="Đến năm" inputmode="numeric">
<select name="kind" aria-label="Phần của kế hoạch"><option value="">mọi phần</option>
{% for k, label in kinds %}<option value="{{ k }}" {% if args.kind == k %}selected{% endif %}>{{ label }}</option>{% endfor %}</select>
<input name="agency" value="{{ args.agency or '' }}" placeholder="cơ quan được giao" aria-label="Cơ quan được giao">
<input name="cites" value="{{ args.cites or '' }}" placeholder="số văn bản căn cứ" aria-label="Số văn bản căn cứ">
<input name="value_min" value="{{ args.value_min or '' }}" placeholder="chỉ tiêu từ (%)" aria-label="Chỉ tiêu từ" inputmode="decimal">
<input name="value_max" value="{{ args.value_max or '' }}" placeholder="chỉ tiêu đến (%)" aria-label="Chỉ tiêu đến" inputmode="decimal">
<select name="sort" aria-label="Sắp xếp"><option value="relevance">liên quan nhất</option>
<option value="date" {% if args.sort == 'date' %}selected{% endif %}>mới nhất</option></select>
</form>
{% for n in notes %}<p class="note">{{ n }}</p>{% endfor %}
{% if error %}<p class="error" role="alert">{{ error }}</p>{% endif %}"""

SEARCH = """{{ form }}
{% if result is not none %}
<p class="meta" id="count">Tìm thấy {{ total_text }}{% if pages > 1 %} · trang {{ page }}/{{ pages }}{% endif %}</p>
<p class="downloads">Tải kết quả: <a id="download-csv" href="/api/search?{{ download }}&format=csv">CSV</a>
<a id="download-json" href="/api/search?{{ download }}">JSON</a> · Xem
<a id="to-assignments" href="/assignments?{{ same }}">ai làm gì</a> · <a id="to-timeline" href="/timeline?{{ same }}">mốc thời hạn</a></p>
<div class="layout"><aside id="facets" aria-label="Lọc theo">
{% for name, values in facets %}<h3>{{ facet_labels[name] }}</h3><ul>
{% for value, label, n, link in values %}<li><a class="facet" data-facet="{{ name }}" href="?{{ link }}">{{ label }}</a> <span class="count-n">({{ n }})</span></li>{% endfor %}
</ul>{% endfor %}</aside><main>
{% for h in result.hits %}<div class="hit"><a class="plan-link" href="/plan/{{ h.plan_id }}">{{ plan_name(h) }}</a>
{% if h.format %}<span class="badge">{{ format_labels.get(h.format, h.format) }}</span>{% endif %}
{% if h.ocr %}<span class="badge ocr" title="Văn bản nhận dạng từ bản quét">OCR · cần đối chiếu bản gốc</span>{% endif %}
<div class="meta">{{ h.issuer or 'không rõ cơ quan ban hành' }} · {{ date_vi(h.date) }} · {{ section_name(h) }}</div>
<div class="snippet">{{ mark(h.snippet) }}</div></div>{% else %}<p>Không có kết quả.</p>{% endfor %}
{{ pager }}
<h2>Số kế hoạch theo năm ban hành</h2>{{ chart }}
</main></div>
{% else %}
<p>{{ summary }}</p><h2>Số kế hoạch theo tỉnh, thành (sau sắp xếp 2025)</h2>{{ chart }}
{% endif %}"""

PLAN = """<p class="meta">{{ p.header.issuer or 'không rõ cơ quan ban hành' }} · số {{ p.header.number or 'không rõ' }} ·
{{ p.header.place or '' }} {{ date_vi(p.header.date) }}{% if info.province %} · {{ info.province }}{% if info.province_now and info.province_now != info.province %} (từ 1/7/2025 thuộc {{ info.province_now }}){% endif %}{% endif %}</p>
<h2>{{ p.header.doc_type or 'Văn bản' }}: {{ p.header.title or 'không có trích yếu' }}</h2>
{% if p.source.ocr %}<p class="ocr-banner" id="ocr-warning">Văn bản này được nhận dạng từ bản quét (OCR): tên, số và ngày có thể sai, hãy đối chiếu bản gốc.</p>{% endif %}
{% if not info.is_plan %}<p class="note">Văn bản này không có cấu trúc của một kế hoạch (không có bố cục, chỉ tiêu hay phân công).</p>{% endif %}
<h3>Tệp nguồn</h3><ul id="files">{% for f in files %}<li>{{ f.source_file or f.file }} <span class="badge">{{ format_labels.get(f.format, f.format) }}</span>
{% if f.ocr %}<span class="badge ocr">OCR</span>{% endif %}{% if f.ranked_wanted %} <span class="badge">bản được dùng để tìm kiếm</span>{% elif f.id != info.id %} <a href="/plan/{{ f.id }}">xem bản này</a>{% endif %}
{% if f.available %} · <a class="original" href="/plan/{{ f.id }}/original">tải bản gốc</a>{% endif %}</li>{% endfor %}</ul>
<p class="downloads">Tải kế hoạch: <a id="plan-json" href="/api/plan/{{ info.id }}">JSON</a>
<a id="plan-targets-csv" href="/api/plan/{{ info.id }}/targets.csv">chỉ tiêu (CSV)</a>
<a id="plan-assignments-csv" href="/api/plan/{{ info.id }}/assignments.csv">phân công (CSV)</a></p>
{% if warnings %}<h3>Lưu ý khi đọc văn bản</h3><ul id="warnings">{% for text, original in warnings %}<li title="{{ original }}">{{ text }}</li>{% endfor %}</ul>{% endif %}
<h3>Căn cứ</h3><ul>{% for b in p.legal_bases %}<li>{{ b.doc_type or '' }} {{ b.number or '' }} {{ date_vi(b.date) if b.date else '' }} — {{ b.subject or '' }}</li>{% else %}<li>Không có.</li>{% endfor %}</ul>
<h3>Bố cục</h3>{{ outline }}
<h3>Chỉ tiêu</h3><div class="wrap"><table id="targets"><tr><th>Giá trị</th><th>Chỉ tiêu</th><th>Năm</th><th>Mục</th>{% if paged %}<th>Trang</th>{% endif %}</tr>
{% for t in p.targets %}<tr class="target"><td>{{ value_vi(t) }}</td><td>{{ t.indicator }}</td><td>{{ t.year or '' }}</td><td>{{ t.section or '' }}</td>{% if paged %}<td class="page-no">{{ t.span.page if t.span and t.span.page else '' }}</td>{% endif %}</tr>{% endfor %}</table></div>
<h3>Phân công</h3><div class="wrap"><table id="assignments"><tr><th>Cơ quan</th><th>Vai trò</th><th>Phối hợp</th><th>Nhiệm vụ</th><th>Thời hạn</th>{% if paged %}<th>Trang</th>{% endif %}</tr>
{% for a in p.assignments %}<tr class="assign"><td>{{ a.agency }}</td><td>{{ role_labels.get(a.role, a.role) }}</td><td>{{ a.cooperating|join(', ') }}</td>
<td>{% for t in a.tasks %}<div>{{ t }}</div>{% endfor %}</td><td>{{ deadline_vi(a) }}</td>{% if paged %}<td class="page-no">{{ a.span.page if a.span and a.span.page else '' }}</td>{% endif %}</tr>{% endfor %}</table></div>
<h3>Chỉ tiêu của văn bản</h3>{{ chart }}"""

ASSIGNMENTS = """{{ form }}
{% if rows is not none %}<p class="meta" id="count">{{ rows|length }} phân công của {{ agencies|length }} cơ quan trong {{ plans }} kế hoạch khớp{% if truncated %} (hiện {{ rows|length }} đầu tiên){% endif %}
· <a id="download-assignments" href="/api/assignments?{{ same }}&format=csv">tải CSV</a></p>
<p class="chips">{% for name, n in agencies[:30] %}<a href="?{{ with_agency(name) }}">{{ name }} ({{ n }})</a>{% endfor %}</p>
<div class="wrap"><table id="who"><tr><th>Cơ quan</th><th>Vai trò</th><th>Kế hoạch</th><th>Phối hợp</th><th>Nhiệm vụ</th><th>Thời hạn</th></tr>
{% for r in rows %}<tr class="assign"><td>{{ r.agency }}</td><td>{{ role_labels.get(r.role, r.role) }}</td>
<td><a href="/plan/{{ r.plan_id }}">{{ r.number or 'không số' }}</a><div class="meta">{{ r.province or 'trung ương' }} · {{ date_vi(r.date) }}</div></td>
<td>{{ r.cooperating|join(', ') }}</td><td>{% for t in r.tasks[:6] %}<div>{{ t }}</div>{% endfor %}{% if r.tasks|length > 6 %}<div class="meta">… và {{ r.tasks|length - 6 }} nhiệm vụ khác</div>{% endif %}</td>
<td>{{ deadline_vi(r) }}</td></tr>{% endfor %}</table></div>{% endif %}"""

TIMELINE = """{{ form }}
{% if rows is not none %}<p class="meta" id="count">{{ rows|length }} mốc thời hạn trong {{ plans }} kế hoạch khớp
· <a id="download-deadlines" href="/api/deadlines?{{ same }}&format=csv">tải CSV</a></p>
<h2>Số mốc theo năm</h2>{{ chart }}
<div id="timeline">{% for year, items in years %}<section class="year"><h3>{{ year }}</h3><ul>
{% for r in items %}<li class="deadline"><span class="due">{{ date_vi(r.due) if r.what == 'task' else 'năm ' ~ r.written }}</span>
· {{ 'Nhiệm vụ' if r.what == 'task' else 'Chỉ tiêu' }}{% if r.who %} của {{ r.who }}{% endif %}{% if r.what == 'task' and r.written %} (ghi: “{{ r.written }}”){% endif %}:
{{ r.detail|truncate(300) }} — <a href="/plan/{{ r.plan_id }}">{{ r.number or 'không số' }}</a> {{ r.province or '' }}</li>{% endfor %}
</ul></section>{% endfor %}</div>{% endif %}"""

TARGETS = """<form method="get" class="filters"><div class="q"><input name="indicator" value="{{ indicator }}" placeholder="chỉ tiêu, ví dụ: trường học" aria-label="Chỉ tiêu">
<button type="submit" id="go">Xem</button></div></form>
<p class="chips" id="indicators">Chỉ tiêu nhiều kế hoạch đặt ra: {% for head, n in common %}<a href="?indicator={{ head|urlencode }}">{{ head }} ({{ n }} kế hoạch)</a>{% endfor %}</p>
{% if indicator %}<h2>“{{ indicator }}”: {{ rows|length }} chỉ tiêu</h2>{{ chart }}
<p class="downloads"><a id="download-targets" href="/api/targets?indicator={{ indicator|urlencode }}&format=csv">tải CSV</a></p>
<div class="wrap"><table id="side"><tr><th>Tỉnh, thành</th><th>Kế hoạch</th><th>Năm đạt</th><th>Giá trị</th><th>Chỉ tiêu</th></tr>
{% for r in rows %}<tr><td>{{ r.province or 'trung ương' }}</td><td><a href="/plan/{{ r.id }}">{{ r.number or 'không số' }}</a></td>
<td>{{ r.target_year or '' }}</td><td>{{ value_vi(r) }}</td><td>{{ r.indicator }}</td></tr>{% endfor %}</table></div>{% endif %}"""

LEGAL = """<div class="wrap"><table><tr><th>Văn bản</th><th>Nội dung</th><th>Số kế hoạch thực hiện</th><th>Kế hoạch</th></tr>
{% for r in rows %}<tr><td>{{ r.doc_type or '' }} {{ r.number }}</td><td>{{ r.subject or '' }}</td><td>{{ r.plans }}</td>
<td>{% for p in r.plans_named %}<div><a href="/plan/{{ p.id }}">{{ p.name }}</a></div>{% endfor %}</td></tr>{% endfor %}</table></div>"""

API = """<p>Các câu hỏi của trang này có thể gửi tới API chỉ đọc, trả về JSON (hoặc CSV với <code>format=csv</code>).
Tài liệu: docs/search.md trong mã nguồn.</p><ul>
<li><a href="/api/search?q=b%E1%BA%A1o+l%E1%BB%B1c">/api/search?q=bạo lực</a> — tìm kiếm, lọc, sắp xếp, phân trang, đếm theo nhóm</li>
<li><a href="/api/plan/1">/api/plan/1</a> — một kế hoạch, kèm các tệp của nó</li>
<li><a href="/api/targets?indicator=tr%E1%BA%BB+em">/api/targets?indicator=trẻ em</a> — một chỉ tiêu giữa các tỉnh</li>
<li><a href="/api/assignments?q=ma+t%C3%BAy">/api/assignments?q=ma túy</a> — ai làm gì</li>
<li><a href="/api/deadlines?q=ma+t%C3%BAy">/api/deadlines?q=ma túy</a> — mốc thời hạn</li>
<li><a href="/api/legal-bases">/api/legal-bases</a> — văn bản căn cứ</li><li><a href="/api/indicators">/api/indicators</a> — chỉ tiêu thường gặp</li></ul>"""


def mark(snippet: str) -> Markup:
    """Escape a snippet, then turn its [[ ]] match marks into <mark> elements."""
    text = str(escape(snippet))
    return Markup(text.replace("[[", "<mark>").replace("]]", "</mark>"))


def vietnamese(message: str) -> str:
    """A message of the search engine, in Vietnamese."""
    for pattern, replacement in MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return "Không chạy được truy vấn này."


def date_vi(date: str | None) -> str:
    """'2025-03-07' -> 'ngày 07/03/2025'; no date -> 'không rõ ngày'."""
    if not date:
        return "không rõ ngày"
    parts = date.split("-")
    if len(parts) == 3:
        return f"ngày {parts[2]}/{parts[1]}/{parts[0]}"
    return date


def _getter(item):
    """Field access alike for a row (dict) and a model or hit (attributes)."""
    return item.get if isinstance(item, dict) else lambda key: getattr(item, key, None)


def value_vi(target) -> str:
    """A target's value as written on the page: '≥ 90%', '70–80%'."""
    get = _getter(target)
    value = get("value")
    if value is None:
        return ""
    number = lambda v: (f"{v:g}").replace(".", ",")  # noqa: E731 - Vietnamese decimal comma
    text = number(value) + (f"–{number(get('value_max'))}" if get("value_max") is not None else "")
    return COMPARATOR_LABELS.get(get("comparator") or "=", "") + text + (get("unit") or "%")


def deadline_vi(assignment) -> str:
    get = _getter(assignment)
    parts = [get("deadline") or ""]
    if get("deadline_recurrence"):
        parts.append(f"({RECURRENCE_LABELS.get(get('deadline_recurrence'), '')})")
    return " ".join(p for p in parts if p)


def plan_name(hit) -> str:
    """What a plan is called on the page: its number, else its title, else its file's name (never an id)."""
    get = _getter(hit)
    if get("number"):
        return get("number")
    title = get("title") or ""
    if title:
        return title if len(title) <= 90 else title[:90].rsplit(" ", 1)[0] + "…"
    return Path(get("file") or "văn bản không tên").name


def section_name(hit) -> str:
    if not hit.section_path:
        return "phần mở đầu"
    return f"mục {hit.section_path}" + (f". {hit.section_title}" if hit.section_title else "")


def warning_labels(warnings: list[str]) -> list[tuple[str, str]]:
    """(Vietnamese text, the original) of each warning."""
    out = []
    for warning in warnings:
        code = warning.split(":", 1)[0]
        out.append((WARNING_LABELS.get(code, OTHER_WARNING), warning))
    return out


def short_label(text: str, width: int = 34) -> str:
    """A label cut at a word, with an ellipsis: never a fragment of a word."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + "…"


def bar_chart(rows: list[tuple[str, float]], title: str, unit: str, chart_id: str = "chart") -> Markup:
    """Horizontal bars as inline SVG, one per (label, value): labels at the left (cut at a word), a value
    axis with ticks and its unit below, each value at its bar's end."""
    rows = rows[:25]
    if not rows:
        return Markup('<p class="meta">Chưa có số liệu.</p>')
    top = max(float(v or 0) for _, v in rows) or 1.0
    step = _tick_step(top)
    axis_max = step * math.ceil(top / step)
    left, width, bar_h = 230, 460, 20
    height = 34 + (bar_h + 4) * len(rows) + 40
    parts = [f'<svg id="{chart_id}" role="img" aria-label="{escape(title)}" viewBox="0 0 {left + width + 60} {height}" '
             f'width="{left + width + 60}" xmlns="http://www.w3.org/2000/svg" font-size="12">',
             f'<title>{escape(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = 10 + (bar_h + 4) * i
        w = width * float(value or 0) / axis_max
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(short_label(label))}</text>'
                     f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#4c8bf5"></rect>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}">{escape(_number(value))}</text>')
    axis_y = 10 + (bar_h + 4) * len(rows) + 4
    parts.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + width}" y2="{axis_y}" stroke="#333"></line>')
    tick = 0.0
    while tick <= axis_max + 1e-9:
        x = left + width * tick / axis_max
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#333"></line>'
                     f'<text class="tick" x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{escape(_number(tick))}</text>')
        tick += step
    parts.append(f'<text class="axis-label" x="{left + width / 2}" y="{axis_y + 32}" text-anchor="middle">{escape(unit)}</text></svg>')
    return Markup("".join(parts))


def scatter_chart(points: list[tuple[int, float, str]], title: str, chart_id: str = "chart") -> Markup:
    """Target values by the year they are due, one point per plan and year, as inline SVG with a year axis
    and a value axis in %; each point's title names the plan."""
    points = [(y, v, label) for y, v, label in points if y and v is not None]
    if not points:
        return Markup('<p class="meta">Chưa có chỉ tiêu nào ghi năm đạt.</p>')
    years = [y for y, _, _ in points]
    first, last = min(years) - 1, max(years) + 1
    top = max(100.0, max(v for _, v, _ in points))
    left, width, height, bottom = 50, 620, 260, 40
    x_of = lambda year: left + width * (year - first) / (last - first)  # noqa: E731
    y_of = lambda value: 10 + height * (1 - value / top)  # noqa: E731
    parts = [f'<svg id="{chart_id}" role="img" aria-label="{escape(title)}" viewBox="0 0 {left + width + 20} {height + bottom + 20}" '
             f'width="{left + width + 20}" xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{escape(title)}</title>',
             f'<line class="axis" x1="{left}" y1="{10 + height}" x2="{left + width}" y2="{10 + height}" stroke="#333"></line>',
             f'<line class="axis" x1="{left}" y1="10" x2="{left}" y2="{10 + height}" stroke="#333"></line>']
    for year in range(first + 1, last):
        x = x_of(year)
        parts.append(f'<text class="tick" x="{x:.1f}" y="{height + 26}" text-anchor="middle">{year}</text>')
    for value in range(0, int(top) + 1, 20 if top <= 100 else int(_tick_step(top))):
        y = y_of(value)
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" stroke="#eee"></line>'
                     f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    parts.append(f'<text class="axis-label" x="{left + width / 2}" y="{height + bottom + 12}" text-anchor="middle">năm đạt chỉ tiêu</text>'
                 f'<text class="axis-label" x="12" y="{10 + height / 2}" transform="rotate(-90 12 {10 + height / 2})" text-anchor="middle">giá trị (%)</text>')
    for year, value, label in points:
        parts.append(f'<circle class="point" cx="{x_of(year):.1f}" cy="{y_of(value):.1f}" r="5" fill="#4c8bf5" fill-opacity=".7">'
                     f'<title>{escape(label)}: {escape(_number(value))}% năm {year}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _tick_step(top: float) -> float:
    """A round step giving 4 to 10 ticks up to ``top``: 1, 2, 5, 10, 20, 50 ..."""
    magnitude = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    for factor in (0.1, 0.2, 0.5, 1, 2, 5, 10):
        step = factor * magnitude
        if top / step <= 10:
            return max(step, 1.0) if top >= 4 else step
    return magnitude * 10


def _number(value) -> str:
    value = float(value or 0)
    return (f"{value:g}" if value != int(value) else str(int(value))).replace(".", ",")


def _to_number(value: str | None, kind, label: str, errors: list[str]):
    if value in (None, ""):
        return None
    try:
        number = kind(value.replace(",", "."))
    except ValueError:
        errors.append(f"“{value}” không phải là số ({label}).")
        return None
    if isinstance(number, float) and not math.isfinite(number):
        errors.append(f"“{value}” không phải là số hữu hạn ({label}).")
        return None
    return number


def filters_from(args, errors: list[str]) -> Filters:
    """The filters of a request's arguments; problems go to ``errors`` in Vietnamese."""
    filters = Filters(
        issuer=(args.get("issuer") or "").strip()[:200] or None, kind=args.get("kind") or None,
        agency=(args.get("agency") or "").strip()[:200] or None, cites=(args.get("cites") or "").strip()[:100] or None,
        year_from=_to_number(args.get("year_from"), int, "từ năm", errors),
        year_to=_to_number(args.get("year_to"), int, "đến năm", errors),
        value_min=_to_number(args.get("value_min"), float, "chỉ tiêu từ", errors),
        value_max=_to_number(args.get("value_max"), float, "chỉ tiêu đến", errors),
        include_non_plans=args.get("all_documents") in ("1", "true"))
    if filters.kind and filters.kind not in KINDS:
        errors.append("Phần của kế hoạch không hợp lệ: hãy chọn trong danh sách.")
        filters.kind = None
    return filters


def _csv(rows: list[dict], fields: list[str], name: str):
    from flask import Response

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    # a byte-order mark, so spreadsheet programs read the Vietnamese letters as UTF-8
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def create_app(db_path: str):
    from flask import Flask, abort, jsonify, render_template_string, request, send_file

    app = Flask("kehoach_parser")
    app.json.ensure_ascii = False
    corpus = Corpus(db_path)
    db_folder = Path(db_path).resolve().parent
    kinds = [(k, KIND_LABELS.get(k, k)) for k in KINDS]

    def page(title: str, body) -> str:
        # body is HTML our templates rendered (with every document text escaped there)
        return render_template_string(BASE, title=title, body=Markup(body), style=Markup(STYLE))

    def query_args(**changes) -> str:
        """The request's arguments with some changed (None removes one), as a query string."""
        args = {k: v for k, v in request.args.items() if v not in ("", None)}
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value
        return urlencode(args)

    def form(action: str, q: str, notes=(), error: str = "") -> Markup:
        return Markup(render_template_string(FORM, action=action, q=q, args=request.args, kinds=kinds,
                                             notes=notes, error=error))

    def run_search(limit: int, offset: int, with_facets: bool):
        errors: list[str] = []
        filters = filters_from(request.args, errors)
        q = request.args.get("q", "")
        sort = request.args.get("sort", "relevance")
        if sort not in ("relevance", "date"):
            sort = "relevance"
        if errors:
            return None, errors, q
        try:
            return corpus.search(q, filters, limit=limit, offset=offset, sort=sort, facets=with_facets), errors, q
        except QueryError as exc:
            return None, [vietnamese(str(exc))], q

    def page_number() -> int:
        try:
            return max(1, min(int(request.args.get("page", "1")), MAX_OFFSET // PER_PAGE))
        except ValueError:
            return 1

    @app.get("/")
    def search_page():
        searching = any(v for k, v in request.args.items() if k not in ("page", "sort"))
        number = page_number()
        if not searching:
            provinces = corpus.plans_by_province()
            chart = bar_chart(provinces, "Số kế hoạch theo tỉnh, thành", "số kế hoạch")
            summary = (f"Kho có {corpus.plan_count()} kế hoạch của {len(provinces)} tỉnh, thành và các cơ quan trung ương. "
                       "Nhập từ khóa (có hoặc không dấu) và chọn bộ lọc để tìm.")
            body = render_template_string(SEARCH, form=form("/", ""), result=None, summary=summary, chart=chart)
            return page("Tìm trong các kế hoạch", body)
        result, errors, q = run_search(PER_PAGE, (number - 1) * PER_PAGE, True)
        if result is None:
            return page("Tìm trong các kế hoạch", form("/", q, error=" ".join(errors)))
        total = result.total
        pages = max(1, math.ceil((total or len(result.hits)) / PER_PAGE)) if total is not None else number + (len(result.hits) == PER_PAGE)
        pages = min(pages, MAX_OFFSET // PER_PAGE)
        total_text = (f"{total} đoạn trong {result.plans} kế hoạch" if total is not None
                      else f"{len(result.hits)} đoạn ở trang này")
        facets = []
        for name in ("province_now", "province", "year", "kind", "agency"):
            values = []
            for value, n in result.facets.get(name, []):
                label = KIND_LABELS.get(value, value) if name == "kind" else value
                changes = ({"year_from": value, "year_to": value} if name == "year" else {FACET_FILTERS[name]: value})
                values.append((value, label, n, query_args(**changes, page=None)))
            if values:
                facets.append((name, values[:12]))
        years = sorted((v, n) for v, n in result.facets.get("year", []))
        chart = bar_chart(years, "Số kế hoạch theo năm ban hành", "số kế hoạch")
        body = render_template_string(
            SEARCH, form=form("/", q, [vietnamese(n) for n in result.notes]), result=result, total_text=total_text,
            page=number, pages=pages, facets=facets, facet_labels=FACET_LABELS, mark=mark, plan_name=plan_name,
            section_name=section_name, date_vi=date_vi, format_labels=FORMAT_LABELS, chart=chart,
            pager=_pager(number, pages, query_args), download=query_args(page=None, limit=str(MAX_DOWNLOAD)),
            same=query_args(page=None, sort=None))
        return page("Tìm trong các kế hoạch", body)

    @app.get("/plan/<int:plan_id>")
    def plan_page(plan_id: int):
        plan, info = _plan_or_none(plan_id)
        if plan is None:
            return page("Không tìm thấy", Markup('<p class="error">Không có kế hoạch này.</p>')), 404
        files = corpus.renditions(plan_id)
        for f in files:
            f["available"] = _original(f) is not None
        target_sections = {t.section for t in plan.targets if t.section}
        agency_sections = {a.section for a in plan.assignments if a.section}
        chart = bar_chart([(f"{t.indicator or ''}" + (f" ({t.year})" if t.year else ""), t.value) for t in plan.targets
                           if t.value is not None and (t.unit or "%") == "%"], "Chỉ tiêu của văn bản", "giá trị (%)")
        body = render_template_string(
            PLAN, p=plan, info=info, files=files, outline=_outline(plan.sections, target_sections, agency_sections),
            chart=chart, warnings=warning_labels(plan.warnings), date_vi=date_vi,
            paged=any(item.span and item.span.page for item in [*plan.targets, *plan.assignments]), value_vi=value_vi,
            deadline_vi=deadline_vi, role_labels=ROLE_LABELS, format_labels=FORMAT_LABELS)
        return page(plan_name({"number": plan.header.number, "title": plan.header.title, "file": info["file"]}), body)

    def _plan_or_none(plan_id: int):
        try:
            if plan_id > MAX_PLAN_ID:
                raise KeyError(plan_id)  # no SQLite row id is that large
            return corpus.plan(plan_id), corpus.plan_info(plan_id)
        except (KeyError, ValueError):  # no such plan, or a stored plan that no longer fits the schema
            return None, None

    def _original(rendition: dict) -> Path | None:
        """The original file of a rendition when it is still where it was parsed from (as written, or
        beside the database)."""
        name = rendition.get("source_file")
        if not name or name == "-":
            return None
        for candidate in (Path(name), db_folder / name):
            try:
                if candidate.is_file():
                    return candidate.resolve()
            except OSError:
                continue
        return None

    @app.get("/plan/<int:plan_id>/original")
    def original_file(plan_id: int):
        info = corpus.plan_info(plan_id) if plan_id <= MAX_PLAN_ID else None
        path = _original(info) if info else None
        if path is None:
            return page("Không tìm thấy", Markup('<p class="error">Không còn tệp gốc của văn bản này.</p>')), 404
        return send_file(path, as_attachment=True, download_name=path.name)

    def plans_for_query(errors: list[str]) -> tuple[list[int] | None, str, str | None]:
        """(the plans matching the request's words and filters, or None when nothing was asked or something
        is wrong; the words; the engine's message, in English: the page translates it, the API keeps it).
        A filter's problems go to ``errors``, in Vietnamese."""
        filters = filters_from(request.args, errors)
        q = request.args.get("q", "")
        if errors or (not q.strip() and not filters.chosen()):
            return None, q, None
        try:
            return corpus.matching_plans(q, filters, limit=300), q, None
        except QueryError as exc:
            return None, q, str(exc)

    @app.get("/assignments")
    def assignments_page():
        errors: list[str] = []
        ids, q, problem = plans_for_query(errors)
        errors += [vietnamese(problem)] if problem else []
        rows = None
        agencies: list[tuple[str, int]] = []
        if ids is not None:
            rows = corpus.assignments_of(ids, request.args.get("agency"), limit=1001)
            counts: dict[str, int] = {}
            for r in rows:
                counts[r["agency"]] = counts.get(r["agency"], 0) + 1
            agencies = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        truncated = rows is not None and len(rows) > 1000
        body = render_template_string(
            ASSIGNMENTS, form=form("/assignments", q, error=" ".join(errors)), rows=rows[:1000] if rows else rows,
            agencies=agencies, plans=len(ids or []), truncated=truncated, role_labels=ROLE_LABELS, date_vi=date_vi,
            deadline_vi=deadline_vi, same=query_args(), with_agency=lambda name: query_args(agency=name))
        hint = "" if rows is not None else '<p class="meta">Nhập từ khóa hoặc bộ lọc để xem cơ quan nào chủ trì, phối hợp việc gì.</p>'
        return page("Ai làm gì", Markup(body + hint))

    @app.get("/timeline")
    def timeline_page():
        errors: list[str] = []
        ids, q, problem = plans_for_query(errors)
        errors += [vietnamese(problem)] if problem else []
        rows = corpus.deadlines_of(ids) if ids is not None else None
        years: list[tuple[str, list[dict]]] = []
        for r in rows or []:
            year = (r["due"] or "")[:4]
            if not years or years[-1][0] != year:
                years.append((year, []))
            years[-1][1].append(r)
        chart = bar_chart([(y, len(items)) for y, items in years], "Số mốc thời hạn theo năm", "số mốc (nhiệm vụ và chỉ tiêu)",
                          chart_id="timeline-chart")
        body = render_template_string(TIMELINE, form=form("/timeline", q, error=" ".join(errors)), rows=rows, years=years,
                                      plans=len(ids or []), chart=chart, date_vi=date_vi, same=query_args())
        hint = "" if rows is not None else '<p class="meta">Nhập từ khóa hoặc bộ lọc để xem các mốc thời hạn theo năm.</p>'
        return page("Mốc thời hạn", Markup(body + hint))

    @app.get("/targets")
    def targets_page():
        common = corpus.common_indicators(15)
        indicator = request.args.get("indicator", "")[:200].strip()
        if not indicator and common and "indicator" not in request.args:
            indicator = common[0][0]  # the page opens with the indicator most plans set
        rows = corpus.targets_side_by_side(indicator, limit=500) if indicator else []
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for r in rows:  # one point per plan and year: the plan's highest target that year
            if r["target_year"] and r["value"] is not None:
                key = (r["id"], r["target_year"])
                label = f"{r['province'] or 'trung ương'} · {r['number'] or 'không số'}"
                if key not in best or r["value"] > best[key][0]:
                    best[key] = (r["value"], label)
        chart = scatter_chart([(year, value, label) for (_, year), (value, label) in best.items()],
                              f"Chỉ tiêu “{indicator}” theo năm đạt")
        body = render_template_string(TARGETS, rows=rows, indicator=indicator, common=common, chart=chart, value_vi=value_vi)
        return page("Chỉ tiêu giữa các tỉnh", body)

    @app.get("/legal-bases")
    def legal_bases_page():
        rows = corpus.plans_by_legal_basis(100)
        named = corpus.plan_rows(sorted({pid for r in rows for pid in r["plan_ids"][:20]}))
        names = {pid: plan_name(dict(row)) for pid, row in named.items()}
        for r in rows:
            r["plans_named"] = [{"id": pid, "name": names.get(pid, "")} for pid in r["plan_ids"][:20]]
        return page("Kế hoạch theo văn bản căn cứ", render_template_string(LEGAL, rows=rows))

    @app.get("/api")
    def api_page():
        return page("API chỉ đọc", Markup(API))

    # the JSON API: the same queries, for other tools (English messages, like the CLI)
    def api_error(message: str, status: int = 400):
        return jsonify({"error": message}), status

    @app.get("/api/search")
    def api_search():
        try:
            per_page = max(1, min(int(request.args.get("per_page", request.args.get("limit", PER_PAGE))), MAX_DOWNLOAD))
            number = max(1, int(request.args.get("page", "1")))
        except ValueError:
            return api_error("page and per_page must be whole numbers")
        if (number - 1) * per_page > MAX_OFFSET:
            return api_error(f"pages reach at most {MAX_OFFSET} hits deep: narrow the query")
        errors: list[str] = []
        filters = filters_from(request.args, errors)
        if errors:
            return api_error("a filter is not a number or not a known section kind")
        try:
            result = corpus.search(request.args.get("q", ""), filters, limit=per_page, offset=(number - 1) * per_page,
                                   sort=request.args.get("sort", "relevance"), facets=True)
        except QueryError as exc:
            return api_error(str(exc))
        if request.args.get("format") == "csv":
            return _csv([h.to_dict() for h in result.hits], ["number", "issuer", "province", "province_now", "date", "title",
                        "section_path", "section_title", "snippet", "score", "format", "ocr", "plan_id", "file"], "ket-qua-tim-kiem")
        return jsonify({**result_dict(result), "page": number, "per_page": per_page})

    @app.get("/api/plan/<int:plan_id>")
    def api_plan(plan_id: int):
        plan, info = _plan_or_none(plan_id)
        if plan is None:
            return api_error("no such plan", 404)
        out = json.loads(plan.to_json(spans=False))
        out["database"] = {**info, "files": corpus.renditions(plan_id)}
        return jsonify(out)

    @app.get("/api/plan/<int:plan_id>/<string:table>.csv")
    def api_plan_table(plan_id: int, table: str):
        plan, info = _plan_or_none(plan_id)
        if plan is None or table not in ("targets", "assignments"):
            abort(404)
        if table == "targets":
            rows = [t.model_dump(exclude={"span"}) for t in plan.targets]
            fields = ["value", "value_max", "unit", "comparator", "indicator", "year", "section", "text"]
        else:
            rows = [a.model_dump(exclude={"span", "task_spans"}) for a in plan.assignments]
            fields = ["agency", "role", "cooperating", "tasks", "section", "deadline", "deadline_date", "deadline_recurrence"]
        return _csv(rows, fields, f"{table}-{plan_id}")

    @app.get("/api/targets")
    def api_targets():
        indicator = request.args.get("indicator", "")[:200]
        rows = corpus.targets_side_by_side(indicator, limit=2000) if indicator.strip() else []
        if request.args.get("format") == "csv":
            return _csv(rows, ["province", "issuer", "number", "plan_year", "target_year", "comparator", "value", "indicator", "id"], "chi-tieu")
        return jsonify({"indicator": indicator, "targets": rows})

    @app.get("/api/indicators")
    def api_indicators():
        return jsonify({"indicators": [{"words": head, "plans": n} for head, n in corpus.common_indicators(50)]})

    def api_plans_for_query():
        errors: list[str] = []
        ids, _, problem = plans_for_query(errors)
        if ids is None:
            return None, api_error("; ".join(errors) if errors else problem or "type some words or choose a filter")
        return ids, None

    @app.get("/api/assignments")
    def api_assignments():
        ids, error = api_plans_for_query()
        if error:
            return error
        rows = corpus.assignments_of(ids, request.args.get("agency"), limit=5000)
        if request.args.get("format") == "csv":
            return _csv(rows, ["agency", "role", "cooperating", "tasks", "deadline", "deadline_date", "number", "province",
                               "province_now", "date", "title", "plan_id", "section"], "phan-cong")
        return jsonify({"plans": len(ids), "assignments": rows})

    @app.get("/api/deadlines")
    def api_deadlines():
        ids, error = api_plans_for_query()
        if error:
            return error
        rows = corpus.deadlines_of(ids, limit=5000)
        if request.args.get("format") == "csv":
            return _csv(rows, ["due", "written", "what", "who", "detail", "number", "province", "title", "plan_id"], "moc-thoi-han")
        return jsonify({"plans": len(ids), "deadlines": rows})

    @app.get("/api/legal-bases")
    def api_legal_bases():
        return jsonify({"legal_bases": corpus.plans_by_legal_basis(200)})

    @app.errorhandler(404)
    def not_found(_):
        if request.path.startswith("/api/"):
            return api_error("not found", 404)
        return page("Không tìm thấy", Markup('<p class="error">Không có trang này.</p>')), 404

    @app.errorhandler(405)
    def not_allowed(_):
        return page("Không được phép", Markup('<p class="error">Trang này chỉ để đọc.</p>')), 405

    return app


def _pager(number: int, pages: int, query_args) -> Markup:
    """Links to the previous and next pages and to the pages around this one."""
    if pages <= 1:
        return Markup("")
    parts = ['<nav id="pages" aria-label="Trang kết quả">']
    if number > 1:
        parts.append(f'<a rel="prev" href="?{escape(query_args(page=str(number - 1)))}">« Trang trước</a>')
    for n in sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)}):
        if n == number:
            parts.append(f'<span class="current">{n}</span>')
        else:
            parts.append(f'<a href="?{escape(query_args(page=str(n)))}">{n}</a>')
    if number < pages:
        parts.append(f'<a rel="next" id="next-page" href="?{escape(query_args(page=str(number + 1)))}">Trang sau »</a>')
    parts.append("</nav>")
    return Markup("".join(parts))


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

    return Markup(render(sections)) if sections else Markup("<p>Không có bố cục đánh số.</p>")


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    create_app(db_path).run(host=host, port=port, debug=False)
