"""Plans typed in the legacy font encodings (TCVN3 of the ABC fonts, VNI-Windows), as files are found: bytes of a
.txt, runs of a .docx. A seed converted to each must give the JSON of its Unicode text.

TCVN3 has no capitals with marks (the ABC fonts set them with a second, capitals-only font, and a text file
keeps only the bytes): a capital that starts neither a sentence nor a word in capitals comes back in lower case
("của Ủy ban" is restored, "Trường Ứng dụng" is not). The TCVN3 comparison is therefore made case-insensitively;
VNI has every capital and is compared exactly.
"""
from __future__ import annotations

import json

import pytest

from kehoach_parser import parse_file, parse_text
from kehoach_parser.readers.legacy import to_tcvn3, to_unicode, to_vni

from .conftest import CORPUS

SEEDS = sorted(CORPUS.glob("00[0-4]_*.txt"))


def _content(plan) -> dict:
    data = plan.to_dict(spans=False)
    data.pop("source")
    return data


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_seed_in_a_legacy_encoding_gives_the_json_of_its_unicode_text(seed, encoding, tmp_path):
    text = seed.read_text(encoding="utf-8")
    legacy = to_tcvn3(text) if encoding == "tcvn3" else to_vni(text)
    try:
        data = legacy.encode("cp1252")  # what an old editor saved: one byte per character
    except UnicodeEncodeError as exc:
        pytest.skip(f"{seed.name} holds {legacy[exc.start]!r}, which no legacy font encodes (a stray combining mark)")
    path = tmp_path / seed.name
    path.write_bytes(data)
    plan = parse_file(path)
    assert plan.source.encoding == encoding
    expected = _content(parse_text(text))
    got = _content(plan)
    if encoding == "tcvn3":
        expected, got = (json.loads(json.dumps(d, ensure_ascii=False).casefold()) for d in (expected, got))
    assert got == expected


def test_a_docx_typed_in_vni_fonts_is_read_as_unicode(tmp_path):
    docx = pytest.importorskip("docx")
    seed = SEEDS[2].read_text(encoding="utf-8")
    document = docx.Document()
    for line in seed.split("\n"):
        run = document.add_paragraph().add_run(to_vni(line))
        run.font.name = "VNI-Times"
    document.save(tmp_path / "vni.docx")
    plan = parse_file(tmp_path / "vni.docx")
    assert plan.source.encoding == "vni"
    assert plan.header.number == "687/KH-UBND" and plan.header.issuer == "Ủy ban nhân dân tỉnh Bình Thuận"
    assert len(plan.assignments) == len(parse_text(seed).assignments)


def test_unicode_and_foreign_text_are_left_alone():
    assert to_unicode("Kế hoạch phòng, chống bạo lực gia đình") == ("Kế hoạch phòng, chống bạo lực gia đình", None)
    french = "Le conseil a décidé à l'unanimité : l'été prochain, la fête aura lieu à Hué." * 3
    assert to_unicode(french) == (french, None)
