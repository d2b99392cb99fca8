"""Behaviour of single steps on small Vietnamese examples, plus the modules' doctests."""
from __future__ import annotations

import doctest
import json
import os
import pickle
from pathlib import Path

import pytest

import kehoach_parser
from kehoach_parser import parse_text, spans
from kehoach_parser.extract import agencies, closing, common, deadlines, legal_bases, table_rows, targets
from kehoach_parser import errors, vocab
from kehoach_parser import normalize as normalize_module
from kehoach_parser.normalize import broken_diacritics, normalize
from kehoach_parser.readers import legacy
from kehoach_parser.search import query as search_query
from kehoach_parser.segment import labels, section_kinds


@pytest.mark.parametrize("module", [agencies, closing, common, deadlines, legal_bases, table_rows, targets, spans, labels,
                                    section_kinds, kehoach_parser, normalize_module, vocab, search_query, errors, legacy])
def test_doctests(module):
    failures, tried = doctest.testmod(module)
    assert tried > 0 and failures == 0


def test_broken_diacritics_repaired_and_offsets_kept():
    src = "về linh v \u0303 ưc \u0323 bình đẳng"
    mt = normalize(src)
    assert mt.text == "về lĩnh vực bình đẳng"
    i = mt.text.index("bình")
    assert src[mt.source_offset(i):].startswith("bình")


def test_old_tone_placement_to_new():
    assert normalize("Uỷ ban hoà giải").text == "Ủy ban hòa giải"


@pytest.mark.parametrize("text,expected", [
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh đoàn, Hội Nông dân tỉnh",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tỉnh đoàn", "Hội Nông dân tỉnh"]),
    ("Các sở, ban, ngành có liên quan", ["Các sở, ban, ngành có liên quan"]),
    ("Ủy ban nhân dân các huyện: Đăk Song, Đăk Mil", ["Ủy ban nhân dân huyện Đăk Song", "Ủy ban nhân dân huyện Đăk Mil"]),
    ("Ủy ban nhân dân xã Gia Thuận, Tân Điền", ["Ủy ban nhân dân xã Gia Thuận", "Ủy ban nhân dân xã Tân Điền"]),
])
def test_agency_lists(text, expected):
    text = agencies.REQUEST_PREFIX.sub("", text)
    assert agencies.split_agencies(agencies.agency_phrase(text)[0]) == expected


def test_two_targets_in_one_sentence():
    plan = kehoach_parser.parse_text(
        "KẾ HOẠCH\nVề việc thử\nI. MỤC TIÊU\nĐến năm 2023, đạt 85% và đến năm 2025 đạt 100% cơ sở giáo dục "
        "trên địa bàn tỉnh tổ chức lồng ghép các hoạt động tuyên truyền.")
    got = [(t.value, t.year) for t in plan.targets]
    assert got == [(85.0, 2023), (100.0, 2025)]
    assert all("cơ sở giáo dục" in t.indicator for t in plan.targets)


def test_lead_in_year_and_comparators():
    plan = kehoach_parser.parse_text(
        "KẾ HOẠCH\nThử nghiệm\nI. MỤC TIÊU\nPhấn đấu đến năm 2020 đạt các mục tiêu chủ yếu sau:\n"
        "- Trên 90% cán bộ được tập huấn kỹ năng;\n- Tối thiểu 50% người bị bạo lực tìm kiếm trợ giúp;\n"
        "- Tỷ lệ cử tri đi bầu đạt từ 98% trở lên.")
    assert [(t.value, t.comparator, t.year) for t in plan.targets] == [
        (90.0, ">", 2020), (50.0, ">=", 2020), (98.0, ">=", 2020)]


def test_repeated_roman_label_gets_positional_path():
    plan = kehoach_parser.parse_text(
        "KẾ HOẠCH\nThử\nI. MỤC TIÊU\nA.\nII. NỘI DUNG\nB.\nIII. KINH PHÍ\nC.\nIV. PHÂN CÔNG NHIỆM VỤ\nD.\nIV. TỔ CHỨC THỰC HIỆN\nE.")
    assert [s.path for s in plan.sections] == ["I", "II", "III", "IV", "V"]
    assert plan.sections[-1].label == "IV"
    assert any(w.startswith("W009") for w in plan.warnings)


def test_a_repeated_item_number_and_those_after_it_follow_their_position():
    """'3.1.', '3.2.', '3.2.', '3.3.' (Lương Minh 16/KH-MTTQ-BTT writes 3.2 twice): 3.1, 3.2, 3.3, 3.4, as the
    gold and a reader count them; the label stays as written."""
    plan = kehoach_parser.parse_text("KẾ HOẠCH\nThử\nI. NỘI DUNG\n3. Kiểm tra\n3.1. Tham gia đoàn.\n3.2. Tổng hợp.\n"
                                     "3.2. Tiếp nhận thông tin.\n3.3. Theo dõi, đôn đốc.\n")
    items = plan.sections[0].children[0].children
    assert [(c.label, c.path) for c in items] == [("3.1", "I.3.1"), ("3.2", "I.3.2"), ("3.2", "I.3.3"), ("3.3", "I.3.4")]


@pytest.mark.parametrize("text, name", [
    ("Viện Nghiên cứu phát triển Thành phố chủ trì", "Viện Nghiên cứu phát triển Thành phố"),
    ("Các cơ quan thông tin, truyền thông của tỉnh: Xây dựng kế hoạch", "Các cơ quan thông tin, truyền thông của tỉnh"),
    ("Các cơ quan chủ trì thực hiện", "Các cơ quan"),
    ("Sở Y tế phát triển mạng lưới", "Sở Y tế"),
    ("Báo và Phát thanh, Truyền hình tỉnh tuyên truyền", "Báo và Phát thanh, Truyền hình tỉnh"),
])
def test_agency_name_ends(text, name):
    assert agencies.agency_phrase(text)[0] == name


def _roles(row):
    return [(a.agency, a.role, a.cooperating) for a in table_rows.row_assignments(row)]


def test_table_row_clause_roles():
    row = table_rows.TableRow(task="Công bố dữ liệu mở", agencies=[
        ("Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện công bố", "lead")])
    assert _roles(row) == [("Sở KH&CN", "lead", []), ("Các sở, ngành", "responsible", []),
                           ("UBND cấp xã", "responsible", [])]


def test_table_row_same_body_in_two_columns_is_one_assignment():
    row = table_rows.TableRow(task="Nghị quyết sửa đổi", agencies=[
        ("Ban Công tác đại biểu", "responsible"),
        ("Ban Công tác đại biểu (Viện Nghiên cứu lập pháp phối hợp chuẩn bị dự thảo)", "lead"),
        ("- Ủy ban Pháp luật chủ trì thẩm tra; - Hội đồng Dân tộc, các Ủy ban của Quốc hội tham gia.", "lead")])
    assert _roles(row) == [
        ("Ban Công tác đại biểu", "lead", ["Viện Nghiên cứu lập pháp"]),
        ("Ủy ban Pháp luật", "lead", ["Hội đồng Dân tộc", "các Ủy ban của Quốc hội"]),
    ]


@pytest.mark.parametrize("cell, name", [
    # a team is named for its work: the verbs of its name are no task
    ("Tổ xây dựng kế hoạch lựa chọn nhà thầu", "Tổ xây dựng kế hoạch lựa chọn nhà thầu"),
    ("Phòng kế hoạch tài chính SYT", "Phòng kế hoạch tài chính SYT"),
    # OCR lost the hook of "Tổ"
    ("Tô đóng và mở thầu", "Tổ đóng và mở thầu"),
    # a body that says what it does is cut as before
    ("Sở Y tế chủ trì, hướng dẫn", "Sở Y tế"),
])
def test_performer_cell_naming_a_team_is_the_name(cell, name):
    row = table_rows.TableRow(task="Lập hồ sơ mời thầu", agencies=[(cell, "lead")])
    assert [a.agency for a in table_rows.row_assignments(row)] == [name]


def test_broken_pipe_table_rows_are_rebuilt():
    text = """KẾ HOẠCH
I. NHIỆM VỤ
1. Xây dựng văn bản.

| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
|
| 1 | Xây dựng quy chế phối hợp | Sở Tư pháp
| Sở Nội vụ, Công an tỉnh | Quý II/2026 |
| 2 | Tập huấn cán bộ | Sở Nội vụ | Sở Tư pháp | Năm 2026 |
"""
    plan = kehoach_parser.parse_text(text)
    got = [(a.agency, a.cooperating, a.tasks, a.deadline) for a in plan.assignments]
    assert ("Sở Tư pháp", ["Sở Nội vụ", "Công an tỉnh"], ["Xây dựng quy chế phối hợp"], "Quý II/2026") in got
    assert ("Sở Nội vụ", ["Sở Tư pháp"], ["Tập huấn cán bộ"], "Năm 2026") in got


@pytest.mark.parametrize("sentence,numbers,subjects", [
    ("Căn cứ Nghị quyết 59-NQ/TW ngày 24 tháng 01 năm 2025 của Bộ Chính trị về Hội nhập quốc tế;",
     ["59-NQ/TW"], None),
    ("Căn cứ Quyết định số 01/COP16; Quyết định số 9, 10, 11/COP19 của Hội nghị các bên;",
     ["01/COP16", "9/COP19", "10/COP19", "11/COP19"], None),
    ("Căn cứ Công văn số 12/UBND-KT ngày 02/01/2025 và văn bản số 2958/BKHCN-ATBXHN ngày 08 tháng 5 năm 2026;",
     ["12/UBND-KT", "2958/BKHCN-ATBXHN"], None),
    ("Căn cứ Luật Bầu cử số 85/2015/QH13 ngày 25/6/2015 và được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15;",
     ["85/2015/QH13", "83/2025/QH15"], None),
    ("Căn cứ Luật bảo hiểm y tế ngày 14 tháng 11 năm 2008, Luật sửa đổi, bổ sung một số điều của Luật bảo hiểm y tế "
     "ngày 13 tháng 6 năm 2014;", [None, None],
     ["Luật bảo hiểm y tế", "Luật sửa đổi, bổ sung một số điều của Luật bảo hiểm y tế"]),
    ("Thực hiện Chỉ thị số 52-CT/TW ngày 03/10/2025 của Ban Bí thư (Kèm theo Quyết định số 844/QĐ-TTg ngày 13/5/2026)",
     ["52-CT/TW"], None),
])
def test_citation_forms(sentence, numbers, subjects):
    bases = legal_bases.parse_citations(sentence)
    assert [b.number for b in bases] == numbers
    if subjects:
        assert [b.subject for b in bases] == subjects


def test_broken_diacritics_are_reported_with_their_count():
    plan = parse_text("KẾ HOẠCH\nThực hiện linh v \u0303 ưc \u0323 bình đẳng giới\nI. MỤC TIÊU\nNâng cao nhận thức.")
    assert "W011: text had 2 broken diacritics repaired" in plan.warnings
    assert not any(w.startswith("W011") for w in parse_text("KẾ HOẠCH\nThực hiện bình đẳng giới").warnings)


@pytest.mark.parametrize("heading, doc_type", [("CÔNG VĂN", "Công văn"), ("KẾ HOẠCH HÀNH ĐỘNG", "Kế hoạch"),
                                               ("PHƯƠNG ÁN", "Phương án")])
def test_every_own_document_type_heads_a_document(heading, doc_type):
    """Each spelling of vocab/doc_types.yaml 'own' is a heading the zones find (one source, no copy to drift)."""
    plan = parse_text(f"SỞ Y TẾ\nSố: 12/SYT-KHTC\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                      f"{heading}\nVề việc tổ chức tiêm chủng mở rộng năm 2026\nI. MỤC ĐÍCH\nBảo vệ trẻ em.")
    assert plan.header.doc_type == doc_type
    assert plan.header.issuer == "Sở Y tế"


def test_every_warning_code_is_emitted_somewhere():
    """A code in errors.Warn that no module emits is dead text for the user."""
    from kehoach_parser.errors import Warn

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(kehoach_parser.__file__).parent.rglob("*.py")
                       if p.name != "errors.py")
    unused = [code for code in vars(Warn) if code.startswith("W") and f"Warn.{code}" not in source]
    assert not unused


def test_motto_first_words_open_every_half():
    """The cheap test before the motto search is exact only if every half of the motto opens with one of them."""
    from kehoach_parser import patterns as P

    halves = [half for line in P._MOTTO_HALVES for half in line]
    assert all(any(half.lower().startswith(word) for word in P.MOTTO_FIRST_WORDS) for half in halves)
    from kehoach_parser.segment.blocks import _has_motto

    assert _has_motto("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") and _has_motto("Độc lập - Tự do - Hạnh phúc")
    assert not _has_motto("Sở Giáo dục và Đào tạo")


def test_issuer_is_the_issuing_body_under_its_governing_one():
    from kehoach_parser.extract.header import _issuing_body

    assert _issuing_body(["UBND TĨNH KIÊN GIANG", "SƠ Y TE"]) == "Sở Y tế tỉnh Kiên Giang"  # OCR'd marks put right
    assert _issuing_body(["SỞ Y TẾ KIÊN GIANG", "THANH TRA"]) == "Thanh tra Sở Y tế Kiên Giang"
    assert _issuing_body(["UBND TỈNH HÀ TĨNH", "SỞ Y TẾ"]) == "Sở Y tế tỉnh Hà Tĩnh"  # a province is no misread
    # lines of one name are joined, whichever body they name first
    assert _issuing_body(["ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN"]) == "Ủy ban nhân dân tỉnh Bình Thuận"
    assert _issuing_body(["BAN THƯỜNG TRỰC", "ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH"]) == \
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh"


def test_signature_of_a_deputy_whose_marker_a_seal_took():
    from kehoach_parser import parse_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\n\nKẾ HOẠCH\nPhòng chống thiên tai\n\nI. MỤC TIÊU\n"
            "Bảo đảm an toàn.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n")
    signature = parse_text(text).signature
    assert (signature.authority, signature.position, signature.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")


def test_ocr_repair_keeps_the_commonest_surname_and_reads_lookalike_roman_headings():
    from kehoach_parser.readers.ocr_fix import fix_ocr_text

    text = fix_ocr_text("I. Mục đích, yêu cầu:\n- Tổ chức tốt.\nIH. Đối tượng kiểm tra:\n- Các cơ sở.\n"
                        "IV. Nội dung\nNguyễn Văn An")
    assert "II. Đối tượng kiểm tra:" in text and "IV. Nội dung" in text
    assert "Nguyễn Văn An" in text  # not "Nguyên Văn" (verbatim), a word of the dictionary
    # before any Roman heading, a look-alike is left as read
    assert fix_ocr_text("H. Nguyễn Văn An").startswith("H.")


def test_recipients_heading_with_a_lost_letter_and_a_lower_case_body_given_work():
    from kehoach_parser import parse_text
    from kehoach_parser.readers.ocr_fix import fix_ocr_text

    assert fix_ocr_text("ơi nhận:\n- Như trên;").startswith("Nơi nhận:")
    assert fix_ocr_text("Ni nhận\n- Như trên;").startswith("Nơi nhận:")
    assert fix_ocr_text("Nội dung").startswith("Nội dung")  # a heading one letter away is no recipients' heading
    text = ("UBND TỈNH KIÊN GIANG\nSỞ Y TẾ\n\nKẾ HOẠCH\nKhảo sát giường bệnh\n\nI. TỔ CHỨC THỰC HIỆN\n"
            "Giao phòng Kế hoạch - Tài chính Sở Y tế là đầu mối tổng hợp, phân tích số liệu và báo cáo.\n")
    agencies = [a.agency for a in parse_text(text).assignments]
    assert "Phòng Kế hoạch - Tài chính Sở Y tế" in agencies, agencies


def test_citations_typed_in_lower_case_or_with_a_broken_law_number():
    from kehoach_parser.extract.legal_bases import parse_citations

    found = parse_citations("Căn cứ công văn 251/TTrB-P2 ngày 21/4/2017 của Thanh tra Bộ Y tế về việc tăng cường. "
                            "Căn cứ công văn 1935/BYT-BM-TE ngày 14/4/2017 Bộ Y tế về việc kiểm tra")
    assert [(b.number, b.doc_type) for b in found] == [("251/TTrB-P2", "Công văn"), ("1935/BYT-BM-TE", "Công văn")]
    assert [b.number for b in parse_citations("Căn cứ Luật đấu thầu số 43/2013/QH 13 ngày 26/11/2013;")] == ["43/2013/QH13"]
    assert parse_citations("Căn cứ quyết định này, các sở triển khai") == []  # a word, not a cited document


def test_disk_cache_builds_once_rebuilds_when_a_source_changes_and_survives_damage(tmp_path, monkeypatch):
    from kehoach_parser import cache

    monkeypatch.setenv("KEHOACH_PARSER_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "words.txt"
    source.write_text("một\nhai\n", encoding="utf-8")
    builds = []

    def build():
        builds.append(1)
        return source.read_text(encoding="utf-8").split()

    assert cache.cached("words", [source], build) == ["một", "hai"]
    assert cache.cached("words", [source], build) == ["một", "hai"] and len(builds) == 1  # loaded, not built
    source.write_text("ba\n", encoding="utf-8")
    assert cache.cached("words", [source], build) == ["ba"] and len(builds) == 2  # a new source, a new entry
    assert len(list((tmp_path / "cache").glob("words-*.pickle"))) == 1  # the old entry is gone
    next((tmp_path / "cache").glob("words-*.pickle")).write_bytes(b"not a pickle")
    assert cache.cached("words", [source], build) == ["ba"] and len(builds) == 3  # damaged: built again
    monkeypatch.setenv("KEHOACH_PARSER_CACHE", "off")
    assert cache.cache_dir() is None and cache.cached("words", [source], build) == ["ba"] and len(builds) == 4


_PARSE_SEEDS_WITH_PATTERN_STATS = """
import json, sys
from pathlib import Path
import kehoach_parser
from kehoach_parser import regexes
plans = {p.name: kehoach_parser.parse(p).to_json() for p in sorted(Path(sys.argv[1]).glob("*.txt"))}
print(json.dumps({"stats": regexes.stats(), "plans": plans}))
"""


def test_compiled_patterns_are_stored_and_served_to_the_next_process_with_the_same_results(tmp_path):
    """The first process compiles its patterns and stores them; the next compiles none and parses the seeds
    to the same bytes; an entry naming anything but a regex program is refused, never run."""
    import subprocess
    import sys

    from .conftest import CORPUS

    def run(cache_folder: str) -> dict:
        done = subprocess.run([sys.executable, "-c", _PARSE_SEEDS_WITH_PATTERN_STATS, str(CORPUS)],
                              env={**os.environ, "KEHOACH_PARSER_CACHE": cache_folder},
                              capture_output=True, text=True, check=True, timeout=300)
        return json.loads(done.stdout)

    uncached = run("off")
    cold, warm = run(str(tmp_path / "cache")), run(str(tmp_path / "cache"))
    assert cold["stats"]["served"] == 0 and cold["stats"]["compiled"] > 100
    assert warm["stats"]["compiled"] == 0 and warm["stats"]["served"] > 100
    assert cold["plans"] == warm["plans"] == uncached["plans"] and len(warm["plans"]) >= 5
    marker = tmp_path / "ran"

    class RunsACommand:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    next((tmp_path / "cache").glob("patterns-*.pickle")).write_bytes(pickle.dumps(RunsACommand()))
    assert run(str(tmp_path / "cache"))["plans"] == uncached["plans"] and not marker.exists()


def test_police_unit_codes_head_items_and_end_at_their_verb():
    """Public security plans name their units by code ("1. C04:", "phối hợp với V01 chuẩn bị ..."); a code is a
    whole name, as an acronym is, and a verb after it starts the task."""
    text = ("BỘ CÔNG AN\nSố: 5/KH-BCA-C04\nKẾ HOẠCH\nTổ chức Hội nghị\nI. PHÂN CÔNG NHIỆM VỤ\n"
            "1. C04:\n- Chủ trì, phối hợp với V01 chuẩn bị nội dung Hội nghị.\n"
            "2. PC06 Công an tỉnh:\n- Bố trí lực lượng bảo đảm an ninh.\n")
    plan = parse_text(text)
    found = {(a.agency, a.role, tuple(a.cooperating)) for a in plan.assignments}
    assert ("C04", "lead", ("V01",)) in found
    assert any(agency.startswith("PC06") for agency, _, _ in found)
    assert agencies.agency_phrase("SYT chuẩn bị hồ sơ") == ("SYT", "chuẩn bị hồ sơ")
    assert not agencies.starts_with_agency("C043 là mã số") and not agencies.starts_with_agency("A4 khổ giấy")


@pytest.mark.parametrize("text, name", [
    ("Các cơ quan, đơn vị được kiểm tra", "Các cơ quan, đơn vị được kiểm tra"),  # who is inspected: the name
    ("Các cơ quan, đơn vị được giao chủ trì", "Các cơ quan, đơn vị"),  # 'được giao' gives the task
    # a kind of body that is a head of the vocabulary (scan-real 303, "6.3 Cơ sở khám bệnh, chữa bệnh được thẩm định:")
    ("Cơ sở khám bệnh, chữa bệnh được thẩm định", "Cơ sở khám bệnh, chữa bệnh được thẩm định"),
    # named by what was given to them, before the verb of their duty (HCM 2820/QĐ-UBND)
    ("Các cơ quan, đơn vị được phân công nhiệm vụ có trách nhiệm thực hiện", "Các cơ quan, đơn vị được phân công nhiệm vụ"),
])
def test_a_class_of_bodies_described_by_a_passive_keeps_it(text, name):
    assert agencies.agency_phrase(text)[0] == name



@pytest.mark.parametrize("text, cooperating", [
    # a team named for two kinds of work, in the plural, ending where a clause starts (corpus-real luongminh)
    ("phối hợp với các Đoàn kiểm tra, giám sát của Tỉnh khi về làm việc tại xã",
     ["các Đoàn kiểm tra, giám sát của Tỉnh"]),
    ("phối hợp với Đoàn thanh tra, kiểm tra liên ngành", ["Đoàn thanh tra, kiểm tra liên ngành"]),
    ("phối hợp với các Tổ công tác của huyện tổ chức kiểm tra", ["các Tổ công tác của huyện"]),
    ("phối hợp với Đoàn kiểm tra, giám sát việc thực hiện", ["Đoàn kiểm tra"]),  # 'giám sát việc ...': the task
    ("phối hợp với Công an tỉnh khi tổ chức", ["Công an tỉnh"]),
    ("phối hợp với các thành viên khác trong tiểu ban thực hiện", ["các thành viên khác trong tiểu ban"]),
    ("phối hợp với Sở Tư pháp trong ban hành văn bản", ["Sở Tư pháp"]),  # 'trong ban hành': no team
])
def test_team_names_hold_their_fields_of_work_and_end_before_a_clause(text, cooperating):
    assert agencies.cooperating_agencies(text) == cooperating


def test_ocr_reads_i_for_l_after_a_consonant():
    """No Vietnamese syllable opens with a consonant and 'l': 'Glang' is 'Giang' (real scan 305's signer)."""
    from kehoach_parser.readers.ocr_words import restore_diacritics

    assert restore_diacritics("Nguyễn Trúc Glang, Klên Giang") == "Nguyễn Trúc Giang, Kiên Giang"
    assert restore_diacritics("Blog clip") == "Blog clip"  # not a syllable either way: left alone


def test_a_signer_whose_position_a_seal_covered_is_found_by_name():
    text = ("SỞ Y TẾ TỈNH KIÊN GIANG\nSố: 9/KH-SYT\nKẾ HOẠCH\nThanh tra chuyên môn\nI. MỤC ĐÍCH\n1. Kiểm tra.\n"
            "Nơi nhận:\n- BGĐ Sở;\n- Lưu TTra.\nLê Thiện Phú\n")
    plan = parse_text(text)
    assert plan.signature.name == "Lê Thiện Phú" and plan.signature.position is None
    assert not any(w.startswith("W007") for w in plan.warnings)
    # a recipient that names a person is no signer: the family name list decides
    assert parse_text(text.replace("Lê Thiện Phú\n", "Kính Gửi Ông\n")).signature.name is None


def test_a_dash_before_a_letter_item_is_the_letter_item():
    """'- a) Xây dựng ...' is what a conversion left of Word's list mark before a lettered item."""
    assert labels.match_label("- a) Xây dựng, hướng dẫn").style == "letter"
    assert labels.match_label("- b) Triển khai").ordinal == 2
    assert labels.match_label("- Xây dựng").style == "bullet"


def test_an_item_may_open_with_its_percentage():
    """'4. 100% cơ sở y tế cấp xã ...' is item 4 (a target list without 'Phấn đấu'); '1.000 người' is a number."""
    assert labels.match_label("4. 100% cơ sở y tế cấp xã").ordinal == 4
    assert labels.match_label("2. 95,5% hộ gia đình").ordinal == 2
    assert labels.match_label("1.000 người") is None and labels.match_label("1. 2025") is None



def _page(rows):
    """A text-layer page from (x0, x1, text) rows, one line height (15 pt) apart."""
    from kehoach_parser.readers.layout import Line, Segment

    return [Line([Segment(x0, 100 + 16 * i, x1, 115 + 16 * i, text)]) for i, (x0, x1, text) in enumerate(rows)]


def test_a_line_broken_at_the_dash_of_a_name_goes_on_where_items_are_indented():
    """'... chương trình “Festival Thăng Long' / '– Hà Nội, lần thứ II”.' at the margin under a full line is one
    paragraph when the document indents its bullets; where bullets stand at the margin it is a bullet."""
    from kehoach_parser.readers.layout import pages_to_text

    indented = _page([(114, 538, "- Chủ trì, phối hợp với các lực lượng xây dựng kế hoạch bảo đảm an ninh cho"),
                      (85, 538, "đại biểu tham gia các hoạt động trong chương trình “Festival Thăng Long"),
                      (85, 260, "– Hà Nội, lần thứ II năm 2026”."),
                      (114, 538, "- Phối hợp với Sở Xây dựng thực hiện phân luồng giao thông trên các tuyến"),
                      (85, 300, "đường, phố.")])
    text = pages_to_text([(indented, 595)])[0]
    assert "Thăng Long – Hà Nội, lần thứ II" in text and text.count("\n\n") == 1
    at_margin = _page([(85, 538, "- Chủ trì, phối hợp với các lực lượng xây dựng kế hoạch bảo đảm an ninh cho"),
                       (85, 538, "đại biểu tham gia các hoạt động trong chương trình của Thành phố năm nay và"),
                       (85, 260, "- Phối hợp với Sở Xây dựng.")])
    assert pages_to_text([(at_margin, 595)])[0].count("\n\n") == 1  # the second bullet stays a bullet
    spaced = _page([(114, 210, "1 1 . Sở Tài chính")])
    assert pages_to_text([(spaced, 595)])[0] == "11. Sở Tài chính"


def test_a_paragraph_broken_by_a_page_goes_on_after_the_break():
    """A page that ends on '... đại diện các' (a word that needs the next) and the next page's line are one
    paragraph; a page that ends on a full stop, or before an item, breaks it."""
    head = "KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ\n"
    plan = parse_text(head + "- Chủ trì lập danh sách, mời các Đại sứ nước ngoài, đại diện các\n\f\n"
                      "Tổ chức quốc tế tham dự Chương trình.\n- Gửi giấy mời.\n")
    assert plan.assignments[0].tasks == ["Chủ trì lập danh sách, mời các Đại sứ nước ngoài, đại diện các Tổ chức "
                                         "quốc tế tham dự Chương trình", "Gửi giấy mời"]
    from kehoach_parser.segment.blocks import build_blocks

    def blocks(text: str) -> list[str]:
        return [b.text for b in build_blocks(normalize(text))]

    assert blocks("Mời đại diện các\n\f\nTổ chức quốc tế.") == ["Mời đại diện các Tổ chức quốc tế."]
    assert blocks("Mời đại biểu.\n\f\nTổ chức đón tiếp.") == ["Mời đại biểu.", "Tổ chức đón tiếp."]
    assert blocks("Mời đại diện các\n\f\n- Gửi giấy mời.") == ["Mời đại diện các", "- Gửi giấy mời."]
    # a blank line (an OCR or PDF layout's paragraph gap) inside a sentence left open
    assert blocks("Theo Nghị định số 109/2016/NĐ-CP, ngày\n\n01/7/2016, của Chính phủ.") == [
        "Theo Nghị định số 109/2016/NĐ-CP, ngày 01/7/2016, của Chính phủ."]
    assert blocks("Tuyên truyền,\n\ntọa đàm, nói chuyện chuyên đề.") == ["Tuyên truyền, tọa đàm, nói chuyện chuyên đề."]
    assert blocks("Tuyên truyền,\n\nTổ chức tọa đàm.") == ["Tuyên truyền,", "Tổ chức tọa đàm."]  # a capital: a new one
    assert blocks("Họp vào ngày\n\nThứ hai.") == ["Họp vào ngày", "Thứ hai."]  # no date after 'ngày'


def test_foreign_missions_are_bodies_and_a_list_of_them_by_country_is_split():
    """'20. Mời Đại sứ quán các nước: Trung Quốc, Ấn Độ, Cộng hòa Liên bang Nga' (Hà Nội 173/KH-UBND, 2026): one
    embassy each, invited; the bullet repeating them ('- Đề nghị các Đại sứ quán các nước: ... lựa chọn ...')
    gives them its task."""
    text = ("KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n"
            "1. Mời Đại sứ quán các nước: Trung Quốc, Ấn Độ, Cộng hòa Liên bang Nga\n"
            "- Đề nghị các Đại sứ quán các nước: Trung Quốc, Ấn Độ, Cộng hòa Liên bang Nga lựa chọn tiết mục "
            "nghệ thuật tham gia Chương trình.\n- Cử đầu mối phối hợp với Sở Văn hóa và Thể thao.\n")
    found = {(a.agency, a.role, a.tasks[0].split()[0]) for a in parse_text(text).assignments}
    embassies = ["Đại sứ quán Trung Quốc", "Đại sứ quán Ấn Độ", "Đại sứ quán Cộng hòa Liên bang Nga"]
    assert {(e, "requested", "Lựa") for e in embassies} | {(e, "requested", "Cử") for e in embassies} == found


def test_a_body_is_not_its_own_cooperating_body_whatever_the_case():
    """'5. Các thành viên khác trong tiểu ban ... phối hợp với các thành viên khác trong tiểu ban' (Phố Bảng,
    01/KH-TBTTKT): the members cooperate with each other, not with a second body of the same name."""
    plan = parse_text("KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n1. Các thành viên khác trong tiểu ban căn cứ chức "
                      "năng, nhiệm vụ, chủ động phối hợp với các thành viên khác trong tiểu ban thực hiện tốt kế hoạch.\n")
    assert [(a.agency, a.cooperating) for a in plan.assignments] == [("Các thành viên khác trong tiểu ban", [])]


def test_institutions_named_by_kind_are_bodies_and_a_submitting_cell_names_the_submitter():
    """'Cơ sở khám bệnh, chữa bệnh' leads rows of the Prime Minister's health insurance plan (844/QĐ-TTg) while
    'Cơ sở dữ liệu quốc gia' is no body; a performer cell 'Ủy ban nhân dân cấp tỉnh trình' (its addressee in the
    next column) names the province's committee."""
    from kehoach_parser.extract.table_rows import TableRow, row_assignments

    assert agencies.starts_with_agency("Cơ sở khám bệnh, chữa bệnh") and not agencies.starts_with_agency("Cơ sở dữ liệu quốc gia")
    row = TableRow(task="Bố trí ngân sách địa phương hỗ trợ mức đóng", agencies=[("Ủy ban nhân dân cấp tỉnh trình", "lead")])
    assert [(a.agency, a.role) for a in row_assignments(row)] == [("Ủy ban nhân dân cấp tỉnh", "lead")]


def test_a_stray_word_or_two_in_lower_case_is_no_task():
    """'6.1 Văn phòng Sở Y tế:' / 'kèm theo.' (the end of a table's note on scan-real 303) / 'Chuẩn bị ...'."""
    plan = parse_text("KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Sở Y tế:\n\nkèm theo.\n\n"
                      "Chuẩn bị phương tiện đi lại cho đoàn thẩm định.\n")
    assert plan.assignments[0].tasks == ["Chuẩn bị phương tiện đi lại cho đoàn thẩm định"]


def test_a_numbered_division_with_its_department_and_a_role_apposition_are_one_body():
    """'1. Giao Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an - đơn vị thường trực Tổ Công tác
    liên ngành trung ương chủ trì, phối hợp với các đơn vị, địa phương tổ chức thực hiện Kế hoạch này.' (Bộ Công
    an 996/KH-TCTLNTW-C04): one body, the lead, its task after its roles; 'điều tra' is part of the name."""
    plan = parse_text("KẾ HOẠCH\nThử\nI. TỔ CHỨC THỰC HIỆN\n1. Giao Phòng 5, Cục Cảnh sát điều tra tội phạm về ma "
                      "túy, Bộ Công an - đơn vị thường trực Tổ Công tác liên ngành trung ương chủ trì, phối hợp với "
                      "các đơn vị, địa phương tổ chức thực hiện Kế hoạch này.\n")
    got = [(a.agency, a.role, a.cooperating, a.tasks) for a in plan.assignments]
    assert got == [("Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an", "lead", ["các đơn vị, địa phương"],
                    ["Tổ chức thực hiện Kế hoạch này"])]
    assert agencies.split_agencies("Sở Y tế, Sở Tư pháp") == ["Sở Y tế", "Sở Tư pháp"]  # a list stays a list


def test_a_position_with_the_recipients_column_on_its_line_is_the_position():
    """OCR of a signed scan (Bộ Công an 589/KH-BCA-C04) reads 'THỨ TRƯỞNG - Đ/c Bộ trưởng (để báo cáo);' as one
    line: the signature column's position and the recipients' first line."""
    plan = parse_text("KẾ HOẠCH\nThử\nI. MỤC ĐÍCH\nBảo đảm an ninh.\n\nKT. BỘ TRƯỞNG\n\n"
                      "THỨ TRƯỞNG - Đ/c Bộ trưởng (để báo cáo);\n\n- Các đồng chí Thứ trưởng;\n")
    assert (plan.signature.authority, plan.signature.position) == ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")


def test_a_cited_type_written_with_a_capital_inside_is_the_same_type():
    """'Căn cứ Nghị Quyết số 48/NQ-CP ngày 03/4/2023 ...' (Đồng Tháp 556/KH-UBND): a resolution of that day."""
    [basis] = legal_bases.parse_citations("Căn cứ Nghị Quyết số 48/NQ-CP ngày 03/4/2023 của Chính phủ về việc phê "
                                          "duyệt Chiến lược khai thác, sử dụng bền vững tài nguyên")
    assert (basis.number, basis.doc_type, basis.date) == ("48/NQ-CP", "Nghị quyết", "2023-04-03")


def test_the_laws_an_amending_law_amends_are_not_cited_on_their_own():
    """'Căn cứ Luật Đất đai số 31/2024/QH15 ..., được sửa đổi, bổ sung một số điều tại Luật sửa đổi, bổ sung một
    số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, ... và Luật Các tổ chức tín dụng số
    32/2024/QH15' (HCM 2820/QĐ-UBND) cites the land law; the others are what the amending law changed."""
    found = legal_bases.parse_citations(
        "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024, được sửa đổi, bổ sung một số điều tại Luật "
        "sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, Luật Kinh doanh "
        "bất động sản số 29/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15")
    assert [b.number for b in found] == ["31/2024/QH15"]


def test_a_bracketed_numbered_list_nests_in_its_item_and_the_items_bullets_go_on_after_it():
    """'2.1. Chuẩn bị ...' / '- Nguyên tắc ...' / '(1) Tổ chức hiệp thương lần thứ nhất ...' / '(2) ...' / '- Thời gian
    hoàn thành: ...' (Lương Minh 16/KH-MTTQ-BTT): (1) and (2) are items 2.1.1 and 2.1.2; the last bullet is 2.1's."""
    plan = parse_text("KẾ HOẠCH\nThử\nI. NỘI DUNG\n1. Tổ chức hội nghị\n1.1. Chuẩn bị các văn bản về nhân sự.\n"
                      "- Nguyên tắc: bảo đảm dân chủ.\n(1) Tổ chức hiệp thương lần thứ nhất: chậm nhất ngày 10/12/2025.\n"
                      "(2) Tổ chức hiệp thương lần thứ hai: chậm nhất ngày 03/02/2026.\n- Thời gian hoàn thành: Quý IV/2025.\n")
    item = plan.sections[0].children[0].children[0]
    assert [(c.path, c.style) for c in item.children] == [
        ("I.1.1.-1", "bullet"), ("I.1.1.1", "arabic"), ("I.1.1.2", "arabic"), ("I.1.1.-2", "bullet")]
