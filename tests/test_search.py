"""The searchable corpus: index building, accent-insensitive word queries, structure filters, cross-plan
views, malformed queries; and the web page in a real headless Chromium (screenshots in test-artifacts/)."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kehoach_parser import parse_file
from kehoach_parser.search import Corpus, Filters, QueryError, build_index
from kehoach_parser.vocab import fold

import regex as re

from .conftest import CORPUS, ROOT, SHARED_DEV

ARTIFACTS = ROOT / "test-artifacts"
PER_PAGE_SHOWN = 20  # hits on one page of the web search


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """Plans of the seed corpus and, when present, the shared dev corpus, parsed and indexed."""
    out = tmp_path_factory.mktemp("plans")
    sources = sorted(CORPUS.glob("*.txt"))
    if SHARED_DEV.is_dir():
        sources += [p for p in sorted(SHARED_DEV.glob("1*.md"))]
    for path in sources:
        (out / f"{path.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
    path = tmp_path_factory.mktemp("db") / "corpus.sqlite"
    report = build_index(out, path)
    assert report.added == len(sources) and report.failed == 0
    again = build_index(out, path)
    assert again.unchanged == len(sources) and again.added == 0
    return path


def test_accent_insensitive_words_and_d_folding(db):
    corpus = Corpus(db)
    with_accents = corpus.search("bạo lực học đường", limit=1000)
    without = corpus.search("bao luc hoc duong", limit=1000)
    # the same sections match (accents typed only change their order: see the ranking tests)
    assert with_accents.hits and with_accents.total == without.total
    assert {(h.plan_id, h.section_path) for h in with_accents.hits} == {(h.plan_id, h.section_path) for h in without.hits}
    with_accents = with_accents.hits
    assert "[[bạo lực học đường]]" in with_accents[0].snippet  # the original text, the words together marked
    dak = corpus.search("Dak Nong").hits  # "Đắk Nông": FTS5 alone would not fold đ
    assert dak and any("Đắk Nông" in (h.issuer or "") for h in dak)
    assert all("[[Đắk" in h.snippet or "Nông]]" in h.snippet for h in dak)


def test_filters_narrow_the_hits(db):
    corpus = Corpus(db)
    everyone = corpus.search("bạo lực", limit=100).hits
    binh_thuan = corpus.search("bạo lực", Filters(issuer="binh thuan"), limit=100).hits
    assert binh_thuan and len(binh_thuan) < len(everyone)
    assert all("Bình Thuận" in h.issuer for h in binh_thuan)
    cites = corpus.search("", Filters(cites="2232/QĐ-TTg")).hits
    assert cites and all(h.number == "80/KH-UBND" for h in cites)
    years = corpus.search("kế hoạch", Filters(year_from=2024, year_to=2025), limit=100).hits
    assert years and all(h.date[:4] in ("2024", "2025") for h in years)
    implementation = corpus.search("sở", Filters(kind="implementation"), limit=50).hits
    assert implementation
    for hit in implementation:
        kinds = {s.path: s.kind for s in corpus.plan(hit.plan_id).sections}
        assert kinds[hit.section_path] == "implementation"
    valued = corpus.search("", Filters(value_min=100, value_max=100, agency="giáo dục"), limit=100).hits
    assert valued
    for hit in valued:
        plan = corpus.plan(hit.plan_id)
        assert any(t.value == 100 for t in plan.targets)
        assert any("Giáo dục" in a.agency for a in plan.assignments)


def test_value_range_is_exact_over_all_matches(db):
    """A target-value range selects exactly the ranked plans with a target in it (fractional bounds, open
    ends), counted over every match: no window of the best hits checked one by one."""
    corpus = Corpus(db)
    ranked = {r[0] for r in corpus.conn.execute(
        "SELECT plans.id FROM plans JOIN ranked ON ranked.plan_id = plans.id WHERE plans.is_plan = 1")}
    for low, high in [(100, 100), (99.5, 100.5), (100.01, 100.99), (None, 5), (95.5, None), (50, 80)]:
        expected = {r[0] for r in corpus.conn.execute(
            "SELECT DISTINCT plan_id FROM targets WHERE value BETWEEN ? AND ?",
            (low if low is not None else float("-inf"), high if high is not None else float("inf")))} & ranked
        found = corpus.search("", Filters(value_min=low, value_max=high), limit=1000)
        assert {h.plan_id for h in found.hits} == expected, (low, high)
        assert found.total == len(expected)  # one header row per plan when no words are typed
    words = corpus.search("trẻ em", Filters(value_min=90, value_max=100), limit=1000)
    assert words.total == len(words.hits) > 0
    assert all(any(90 <= t.value <= 100 for t in corpus.plan(h.plan_id).targets if t.value is not None) for h in words.hits)


def test_cross_plan_views(db):
    corpus = Corpus(db)
    groups = corpus.plans_by_legal_basis()
    assert groups and groups[0]["plans"] >= 1 and groups[0]["number"]
    side = corpus.targets_side_by_side("trường học")
    assert side and all({"truong", "hoc"} <= set(fold(r["indicator"]).replace(",", " ").split()) for r in side)
    children = corpus.targets_side_by_side("trẻ em")
    assert len({r["id"] for r in children}) >= 2  # the same indicator across plans, side by side


@pytest.mark.parametrize("query", ['"unbalanced', "bạo lực OR NEAR(", "a" * 5000, "*", "^title:x", '"" AND AND'])
def test_malformed_queries_give_a_message_not_an_error(db, query):
    corpus = Corpus(db)
    try:
        result = corpus.search(query)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(result.hits, list)


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such database"):
        Corpus(tmp_path / "none.sqlite")
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="not a plan database"):
        Corpus(other)


@pytest.fixture(scope="module")
def server(db):
    from werkzeug.serving import make_server

    from kehoach_parser.search.web import create_app

    httpd = make_server("127.0.0.1", 0, create_app(str(db)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_web_page_answers_malformed_input_without_error(server):
    import urllib.request

    for query in ["?q=%22open", "?q=NEAR(&year_from=abc", "?kind=nonsense", "?q=" + "x" * 3000, "?value_min=1e999"]:
        with urllib.request.urlopen(server + "/" + query) as response:
            assert response.status == 200
    for plan in ("999999", "99999999999999999999"):  # no such plan; a number beyond any row id
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server + "/plan/" + plan)
        assert missing.value.code == 404


# English words of a user interface, and schema codes ("tasks_solutions"): none may show on the pages (the
# documents themselves are Vietnamese; these words are not in them)
ENGLISH_UI = re.compile(r"\b(?:the|and|of|results?|search|hits?|score|lead|responsible|requested|objectives|"
                        r"implementation|error|page|download|not found|plans?|targets?|[a-z]+_[a-z_]+)\b")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed (make install)")
@pytest.mark.parametrize("width", [1280, 390])
def test_browser_search_facets_plan_who_does_what_timeline_download(server, width):
    """A real Chromium, at desktop width and at a phone's 390 px: search, narrow by a facet, open a plan, see
    who does what and the deadlines for the query, download the results; every page in Vietnamese, nothing
    wider than the screen. Screenshots in test-artifacts/."""
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    texts = {}

    def shot(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        texts[name] = page.inner_text("body")
        # nothing wider than the window (the 390 px filters overflowed before)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
        page.goto(server + "/")
        shot(page, "home")
        page.fill("input[name=q]", "bao luc")
        assert page.locator("#go").is_visible() and page.locator("#go").bounding_box()["x"] + 10 < width
        page.click("#go")
        page.wait_for_selector(".hit")
        count = page.inner_text("#count")
        total = int(re.search(r"(\d+) đoạn", count).group(1))
        assert total > PER_PAGE_SHOWN and page.locator(".hit").count() == PER_PAGE_SHOWN  # the total, not the page size
        assert page.locator(".hit mark").count() > 0
        assert page.locator("#pages a").count() > 0
        shot(page, "search")
        # a facet: the plans of one province, with its count
        facet = page.locator("a.facet[data-facet=province_now]").first
        facet_name = facet.inner_text()
        facet_plans = int(re.search(r"\((\d+)\)", facet.locator("xpath=..").inner_text()).group(1))
        facet.click()
        page.wait_for_selector(".hit")
        assert f"trong {facet_plans} kế hoạch" in page.inner_text("#count")
        shot(page, "facet")
        page.click("#next-page") if page.locator("#next-page").count() else None
        page.wait_for_selector(".hit")
        # the download of the results is a CSV with a header and a row a hit
        with page.expect_download() as download:
            page.click("#download-csv")
        saved = ARTIFACTS / f"results-{width}.csv"
        download.value.save_as(saved)
        lines = saved.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("number,issuer,province") and len(lines) > 1
        page.click("#to-assignments")
        page.wait_for_selector("#who tr.assign")
        assert facet_name in page.inner_text("#who") or page.locator("#who tr.assign").count() > 0
        roles = {t.strip() for t in page.locator("#who tr.assign td:nth-child(2)").all_inner_texts()}
        assert roles and roles <= {"Chủ trì", "Thực hiện", "Đề nghị phối hợp"}
        shot(page, "who-does-what")
        page.click("#to-timeline") if page.locator("#to-timeline").count() else page.goto(
            page.url.replace("/assignments", "/timeline"))
        page.wait_for_selector("#timeline")
        shot(page, "timeline")
        page.go_back()
        page.locator("#who a[href^='/plan/']").first.click()
        page.wait_for_selector("#assignments")
        assert page.locator("#files li").count() >= 1
        assert page.locator("li.section").count() > 0
        with page.expect_download() as download:
            page.click("#plan-assignments-csv")
        download.value.save_as(ARTIFACTS / f"plan-assignments-{width}.csv")
        shot(page, "plan")
        page.goto(server + "/targets")  # opens with something to look at
        page.wait_for_selector("#chart circle.point")
        assert page.locator("#side tr").count() > 1
        assert page.locator("#chart .tick").count() >= 2 and page.locator("#chart .axis-label").count() == 2
        shot(page, "targets")
        browser.close()
    for name, text in texts.items():
        english = ENGLISH_UI.findall(text.replace(".csv", ""))
        assert not english, f"{name}: English on the page: {english[:10]}"
    print(f"screenshots: {ARTIFACTS}/*-{width}.png")


def test_index_updates_changed_and_removed_plans(tmp_path):
    out = tmp_path / "plans"
    out.mkdir()
    seeds = sorted(CORPUS.glob("*.txt"))[:3]
    for path in seeds:
        (out / f"{path.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert build_index(out, db).added == 3
    changed = out / f"{seeds[0].stem}.json"
    plan = parse_file(seeds[0])
    plan.header.title = "Kế hoạch thử nghiệm Quaggazebra"  # a word no plan has
    changed.write_text(plan.to_json(), encoding="utf-8")
    (out / f"{seeds[1].stem}.json").unlink()
    report = build_index(out, db)
    assert (report.updated, report.removed, report.unchanged) == (1, 1, 1)
    corpus = Corpus(db)
    assert [h.file for h in corpus.search("quaggazebra").hits] == [f"plans/{changed.name}"]
    # the removed plan and the old text of the changed one are gone from the full-text index
    old_title_word = seeds[1].stem
    assert not [h for h in corpus.search("", Filters(year_from=1900)).hits if Path(h.file).name.startswith(old_title_word)]


def test_ranking_without_the_ranked_index_falls_back_to_sqlite(db):
    corpus = Corpus(db)
    fast = [h.plan_id for h in corpus.search("bạo lực học đường", limit=5).hits]
    corpus.ranked = None  # as when the ranked index is missing: SQLite's FTS5
    assert [h.plan_id for h in corpus.search("bạo lực học đường", limit=5).hits]
    corpus._ranker = None  # and apsw is not installed: FTS5's own bm25()
    slow = [h.plan_id for h in corpus.search("bạo lực học đường", limit=5).hits]
    assert fast and slow and set(fast) & set(slow)


def test_one_malformed_plan_is_reported_and_the_others_are_indexed(tmp_path):
    import json

    out = tmp_path / "plans"
    out.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (out / f"{path.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
    broken = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    broken["targets"] = [{"value": "a lot", "year": "soon"}]  # valid JSON, not the schema
    (out / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    report = build_index(out, tmp_path / "db.sqlite")
    assert report.added == 3 and report.failed == 1
    assert report.failures and report.failures[0].startswith("plans/broken.json: ")
    assert len(Corpus(tmp_path / "db.sqlite").search("kế hoạch").hits) > 0


def test_search_limit_out_of_range_is_one_line(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "search", "x", "--db", str(tmp_path / "x"),
                           "--limit", "99999999999999999999"], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "must be between 1 and 10000" in done.stderr


def test_several_folders_in_one_database(tmp_path):
    """Indexing a second folder keeps the first; a file gone from a folder removes its plan when that folder is
    indexed again; plans of another folder whose files are gone go only with prune."""
    seeds = sorted(CORPUS.glob("*.txt"))[:4]
    first, second = tmp_path / "out", tmp_path / "real_out"
    for folder, plans in ((first, seeds[:2]), (second, seeds[2:])):
        folder.mkdir()
        for path in plans:
            # the same file name in both folders must not make them one plan
            (folder / "plan.json" if path in (seeds[0], seeds[2]) else folder / f"{path.stem}.json").write_text(
                parse_file(path).to_json(), encoding="utf-8")
    db = tmp_path / "corpus.sqlite"
    assert build_index(first, db).added == 2
    report = build_index(second, db)
    assert (report.added, report.removed) == (2, 0)
    corpus = Corpus(db)
    files = {r[0] for r in corpus.conn.execute("SELECT file FROM plans")}
    corpus.close()
    assert files == {"out/plan.json", f"out/{seeds[1].stem}.json", "real_out/plan.json", f"real_out/{seeds[3].stem}.json"}
    (first / "plan.json").unlink()
    (second / "plan.json").unlink()
    report = build_index(first, db)
    assert (report.removed, report.unchanged) == (1, 1)  # only the plan gone from the folder indexed
    assert build_index(first, db).removed == 0
    report = build_index(first, db, prune=True)
    assert report.removed == 1  # real_out/plan.json is gone too
    corpus = Corpus(db)
    assert corpus.conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 2
    corpus.close()


def test_database_of_an_older_layout_is_rebuilt(tmp_path, db):
    old = tmp_path / "old.sqlite"
    shutil.copy(db, old)
    import sqlite3
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA user_version = 1")
    out = tmp_path / "out"
    out.mkdir()
    seed = sorted(CORPUS.glob("*.txt"))[0]
    (out / "a.json").write_text(parse_file(seed).to_json(), encoding="utf-8")
    report = build_index(out, old)
    assert report.rebuilt and report.added == 1 and "older layout" in report.line()


def _row_text(corpus, hit) -> str:
    import zlib
    row = corpus.conn.execute("SELECT body FROM text_rows WHERE plan_id = ? AND path = ?",
                              (hit.plan_id, hit.section_path)).fetchone()
    return zlib.decompress(row[0]).decode("utf-8")


def test_ranking_puts_the_phrase_first(db):
    """Every section holding the words together ("bạo lực gia đình") ranks above every section holding them
    apart ("bạo lực" here, "quyết định" and "quốc gia" there), typed with or without accents."""
    import regex

    corpus = Corpus(db)
    together = regex.compile(r"bao\W+luc\W+gia\W+dinh")
    for query in ("bao luc gia dinh", "bạo lực gia đình"):
        result = corpus.search(query, limit=1000)
        assert result.total == len(result.hits) > 5
        has_phrase = [bool(together.search(fold(_row_text(corpus, h)))) for h in result.hits]
        assert any(has_phrase) and not all(has_phrase)
        assert has_phrase == sorted(has_phrase, reverse=True), query
        assert all(h.score > 0 for h in result.hits)  # no word is worth nothing, however common
        assert "[[bạo lực gia đình]]" in result.hits[0].snippet.lower()


def test_ranking_prefers_the_accents_typed(db):
    """A query typed with accents ranks the sections written with those accents above those matching only
    once folded ("bạo lực" above "bảo ... lực")."""
    corpus = Corpus(db)
    result = corpus.search("bạo lực", limit=1000)
    exact = ["bạo" in _row_text(corpus, h).lower() for h in result.hits]
    assert any(exact) and not all(exact)
    assert exact == sorted(exact, reverse=True)


def test_ranking_chooses_from_all_matches_and_pages(db):
    corpus = Corpus(db)
    everything = corpus.search("kế hoạch", limit=10_000)
    assert everything.total == len(everything.hits) > 45
    scores = [h.score for h in everything.hits]
    assert scores == sorted(scores, reverse=True)
    pages = [h for offset in range(0, 45, 15) for h in corpus.search("kế hoạch", limit=15, offset=offset).hits]
    assert [(h.plan_id, h.section_path) for h in pages] == [(h.plan_id, h.section_path) for h in everything.hits[:45]]
    newest = corpus.search("kế hoạch", limit=50, sort="date").hits
    dates = [h.date or "" for h in newest]
    assert dates == sorted(dates, reverse=True)


def test_place_names_rank_above_words_that_fold_alike(tmp_path):
    """'Đà Nẵng' and 'Da Nang' find the city before 'đã ... nâng' and 'Đà Lạt ... Tà Năng'."""
    seed = parse_file(sorted(CORPUS.glob("*.txt"))[0])
    out = tmp_path / "plans"
    out.mkdir()
    sentences = {"city": "Phối hợp với thành phố Đà Nẵng tổ chức hội nghị.",
                 "verb": "Chất lượng dịch vụ đã từng bước được nâng lên rõ rệt.",
                 "other": "Tổ chức tham quan Đà Lạt và Tà Năng trong năm."}
    for name, sentence in sentences.items():
        plan = seed.model_copy(deep=True)
        plan.header.number = f"{len(name)}{name}/KH-UBND"
        plan.sections[0].text = (plan.sections[0].text or "") + " " + sentence
        (out / f"{name}.json").write_text(plan.to_json(), encoding="utf-8")
    db = tmp_path / "c.sqlite"
    build_index(out, db)
    corpus = Corpus(db)
    for query in ("Đà Nẵng", "Da Nang", '"Da Nang"', "đà nẵng"):
        hits = corpus.search(query, limit=10).hits
        assert hits and hits[0].file == "plans/city.json", query
        assert "[[Đà Nẵng]]" in hits[0].snippet


def test_provinces_on_the_2025_map(db):
    """A plan keeps its province as written and gains the province it belongs to since 1 July 2025; a filter
    by either name finds it; national issuers have no province."""
    from kehoach_parser.search.index import current_province, province_of

    assert current_province("Bình Thuận") == current_province("Đắk Nông") == "Lâm Đồng"
    assert current_province("Bà Rịa - Vũng Tàu") == current_province("Thành phố Hồ Chí Minh".split(" ", 2)[2]) == "Hồ Chí Minh"
    assert current_province("Nghệ An") == "Nghệ An" and current_province("Lương Minh") is None
    assert province_of("Thủ tướng Chính phủ", "Hà Nội") is None
    assert province_of("Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh", "Lương Minh") is None
    corpus = Corpus(db)
    written = corpus.search("", Filters(issuer="Bình Thuận")).hits
    now = corpus.search("", Filters(issuer="Lâm Đồng")).hits
    assert written and {h.plan_id for h in written} <= {h.plan_id for h in now}
    assert all(h.province_now == "Lâm Đồng" for h in now)
    assert {h.province for h in now} >= {"Bình Thuận"}


@pytest.mark.skipif(not (SHARED_DEV / "pdf").is_dir(), reason="the shared dev renders (../shared/corpus-dev/pdf, docx) are absent")
def test_renditions_of_one_plan_are_one_plan(tmp_path):
    """The same plan as .txt, .pdf and .docx is one plan: searched once (from its most trusted text), listing
    its three files; a README in the folder is kept out of the plans."""
    seed = sorted(SHARED_DEV.glob("002_*.txt"))[0]
    for folder, path in (("txt", seed), ("pdf", SHARED_DEV / "pdf" / f"{seed.stem}.pdf"),
                         ("docx", SHARED_DEV / "docx" / f"{seed.stem}.docx")):
        (tmp_path / "out" / folder).mkdir(parents=True)
        (tmp_path / "out" / folder / f"{seed.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# Các tệp\n\nThư mục quaggazebra này chứa kế hoạch của tỉnh, xuất từ cổng thông tin.\n", encoding="utf-8")
    (tmp_path / "out" / "README.json").write_text(parse_file(readme).to_json(), encoding="utf-8")
    db = tmp_path / "c.sqlite"
    assert build_index(tmp_path / "out", db).added == 4
    corpus = Corpus(db)
    result = corpus.search("bạo lực", limit=100, facets=True)
    assert result.plans == 1 and len({h.plan_id for h in result.hits}) == 1
    assert {h.format for h in result.hits} == {"text"}
    files = corpus.renditions(result.hits[0].plan_id)
    assert sorted(f["format"] for f in files) == ["docx", "pdf", "text"] and files[0]["format"] == "text"
    flags = dict(corpus.conn.execute("SELECT file, is_plan FROM plans").fetchall())
    assert flags["out/README.json"] == 0 and sum(flags.values()) == 3  # the README is no plan
