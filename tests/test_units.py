"""Behaviour of single steps on small Vietnamese examples, plus the modules' doctests."""
from __future__ import annotations

import doctest

import pytest

import kehoach_parser
from kehoach_parser.extract import agencies, common, legal_bases, targets
from kehoach_parser.normalize import broken_diacritics, normalize
from kehoach_parser.segment import labels, section_kinds


@pytest.mark.parametrize("module", [agencies, common, legal_bases, targets, labels, section_kinds, kehoach_parser])
def test_doctests(module):
    failures, _ = doctest.testmod(module)
    assert failures == 0


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
