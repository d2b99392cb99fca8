"""The assignment rule chain on small plans written the way real plans are: one structure per test."""
from __future__ import annotations

from kehoach_parser import parse_text
from kehoach_parser.extract.assignment_rules import CHAIN

HEAD = """ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN

Số: 12/KH-UBND

Bình Thuận, ngày 05 tháng 3 năm 2025

KẾ HOẠCH
Triển khai thi hành Luật Phòng, chống mua bán người

Căn cứ Luật Phòng, chống mua bán người số 53/2024/QH15 ngày 28 tháng 11 năm 2024;

Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau:

"""

LABELLED = HEAD + """I. MỤC ĐÍCH, YÊU CẦU

- Triển khai kịp thời, đồng bộ.

II. NHIỆM VỤ CỤ THỂ

1. Tổ chức quán triệt, phổ biến Luật

- Cơ quan chủ trì: Công an tỉnh.

- Cơ quan phối hợp: Sở Tư pháp, Sở Văn hóa, Thể thao và Du lịch, Ủy ban nhân dân các huyện.

- Thời gian thực hiện: Quý II/2025.

- Sản phẩm: Hội nghị quán triệt.

2. Rà soát văn bản quy phạm pháp luật

- Nội dung: Rà soát các văn bản do tỉnh ban hành liên quan đến phòng, chống mua bán người.

- Cơ quan thực hiện: Sở Tư pháp chủ trì; Công an tỉnh, Sở Lao động - Thương binh và Xã hội phối hợp.

- Thời hạn hoàn thành: Tháng 12/2025.
"""


def test_a_decision_of_the_prime_minister_names_its_issuer_as_spelt():
    """'THỦ TƯỚNG CHÍNH PHỦ' is the issuer, spelt 'Thủ tướng Chính phủ'; a rule of en dashes under the title
    ('––––––') is decoration, not the line the issuer is looked for after."""
    plan = parse_text("""THỦ TƯỚNG CHÍNH PHỦ
_______________

Số: 844/QĐ-TTg

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 13 tháng 5 năm 2026
QUYẾT ĐỊNH
Ban hành Kế hoạch hành động thực hiện bảo hiểm y tế toàn dân
––––––

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.
""")
    assert (plan.header.issuer, plan.header.number, plan.header.doc_type) == ("Thủ tướng Chính phủ", "844/QĐ-TTg", "Quyết định")


def test_chain_is_named_and_ordered():
    names = [rule.name for rule in CHAIN]
    assert names[0] == "labelled_fields" and names[-1] == "prose"
    assert CHAIN[-1].fallback and not any(rule.fallback for rule in CHAIN[:-1])


def test_labelled_fields_give_one_assignment_per_item():
    plan = parse_text(LABELLED)
    by_section = {a.section: a for a in plan.assignments}
    first = by_section["II.1"]
    assert (first.agency, first.role) == ("Công an tỉnh", "lead")
    assert first.cooperating == ["Sở Tư pháp", "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các huyện"]
    assert first.tasks == ["Tổ chức quán triệt, phổ biến Luật"]
    assert (first.deadline, first.output) == ("Quý II/2025", "Hội nghị quán triệt")
    second = by_section["II.2"]
    assert (second.agency, second.role) == ("Sở Tư pháp", "lead")
    assert second.cooperating == ["Công an tỉnh", "Sở Lao động - Thương binh và Xã hội"]
    assert second.tasks[0].startswith("Rà soát các văn bản do tỉnh ban hành")
    assert second.deadline == "Tháng 12/2025"
    # a field label is never an agency, and no other rule reads the same items again
    assert not [a for a in plan.assignments if a.agency.lower().startswith(("cơ quan chủ trì", "cơ quan", "thời gian"))]
    assert len(plan.assignments) == 2


def test_fields_under_a_part_that_names_the_organisation_give_roles_not_tasks():
    """'II. CƠ QUAN CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN' over its fields names who directs and who organises: the
    heading is no task. An item below the parts that opens with the same words is a task."""
    plan = parse_text(HEAD + """I. MỤC ĐÍCH, YÊU CẦU

- Tổ chức Festival trang trọng, an toàn.

II. CƠ QUAN CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN

- Cơ quan chỉ đạo: Ủy ban nhân dân tỉnh.

- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch.

- Cơ quan phối hợp: Công an tỉnh, Sở Y tế.

III. CÁC HOẠT ĐỘNG

1. Tổ chức thực hiện công tác tuyên truyền về Festival

- Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch.

- Thời gian: Tháng 9/2025.
""")
    by_section = {}
    for a in plan.assignments:
        by_section.setdefault(a.section, []).append(a)
    organisers = by_section["II"]
    assert ("Sở Văn hóa, Thể thao và Du lịch", "lead") in [(a.agency, a.role) for a in organisers]
    assert all(a.tasks == [] for a in organisers)
    publicity = by_section["III.1"][0]
    assert publicity.tasks == ["Tổ chức thực hiện công tác tuyên truyền về Festival"]


def test_a_note_in_brackets_after_a_name_is_no_task():
    plan = parse_text(HEAD + """I. TỔ CHỨC THỰC HIỆN

1. Sở Nội vụ (Ban Thi đua Khen thưởng tỉnh)

- Phối hợp Sở Văn hóa, Thể thao và Du lịch xây dựng Hướng dẫn khen thưởng.

- Rà soát thành tích của các tập thể, cá nhân, trình Ủy ban nhân dân tỉnh khen thưởng.
""")
    (home,) = [a for a in plan.assignments if a.agency.startswith("Sở Nội vụ")]
    assert [t[:9] for t in home.tasks] == ["Phối hợp ", "Rà soát t"]


def test_units_listed_under_a_recipient_are_one_recipient_with_it():
    plan = parse_text(HEAD + """I. TỔ CHỨC THỰC HIỆN

Sở Tư pháp chủ trì triển khai Kế hoạch này.

Nơi nhận:
- Bộ Công an;
- Giám đốc Sở (đê báo cáo);
- VP UBND tỉnh:
+ LĐVP, KGVX;
+ Phòng Nội chính;
+ Lưu: VT, NC.
08 KH

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn A
""")
    # the archive copy stands alone, with the codes its line went on with ("08 KH": copies and drafter)
    # a purpose note says "để", whatever mark OCR gave it ("(đê báo cáo)")
    assert plan.recipients == ["Bộ Công an", "Giám đốc Sở (để báo cáo)", "VP UBND tỉnh: LĐVP, KGVX, Phòng Nội chính",
                               "Lưu: VT, NC. 08 KH"]


def test_a_class_of_bodies_among_topics_is_a_topic():
    """'4. Doanh nghiệp số' after 'Thể chế', 'Hạ tầng số', 'Dữ liệu số' is a topic of the plan's tasks, not a
    body; bodies in the plural among the same topics are addressed all the same."""
    plan = parse_text(HEAD + """I. NHIỆM VỤ, GIẢI PHÁP

1. Thể chế

- Rà soát, hoàn thiện các quy định về chuyển đổi số.

2. Hạ tầng số

- Phát triển hạ tầng mạng di động 5G.

3. Dữ liệu số

- Xây dựng cơ sở dữ liệu dùng chung của tỉnh.

4. Doanh nghiệp số

- Triển khai chương trình hỗ trợ chuyển đổi số doanh nghiệp nhỏ và vừa.

5. Các sở, ban, ngành, địa phương

Căn cứ chức năng, nhiệm vụ được giao lồng ghép các nội dung chuyển đổi số.
""")
    agencies = [a.agency for a in plan.assignments]
    assert "Doanh nghiệp số" not in agencies
    assert "Các sở, ban, ngành, địa phương" in agencies


def test_a_heading_that_introduces_its_items_gives_them_as_the_task():
    plan = parse_text(HEAD + """I. NHIỆM VỤ CỤ THỂ

1. Tham gia thực hiện các nhiệm vụ:

- Tham gia các phiên họp của Ban Chỉ đạo và góp ý các văn bản về công tác phòng, chống mua bán người.

- Thời gian thực hiện: Quý III/2025.

- Đơn vị chủ trì: Công an tỉnh.
""")
    (police,) = plan.assignments
    assert (police.agency, police.role, police.deadline) == ("Công an tỉnh", "lead", "Quý III/2025")
    assert police.tasks == ["Tham gia các phiên họp của Ban Chỉ đạo và góp ý các văn bản về công tác phòng, chống mua bán người"]


def test_clauses_of_two_bodies_give_each_its_own_task():
    plan = parse_text(HEAD + """I. TỔ CHỨC THỰC HIỆN

1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh

- Đồng chí Chủ tịch Ủy ban MTTQ Việt Nam tỉnh lãnh đạo, chỉ đạo chung việc thực hiện Kế hoạch này.

- Các đồng chí Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh chỉ đạo thực hiện; các Chuyên viên cơ quan MTTQ tỉnh được phân công phụ trách thực hiện các nhiệm vụ theo Kế hoạch.
""")
    tasks = {a.agency: a.tasks for a in plan.assignments}
    assert tasks["Các đồng chí Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"] == ["Chỉ đạo thực hiện"]
    assert tasks["các Chuyên viên cơ quan MTTQ tỉnh"] == ["Được phân công phụ trách thực hiện các nhiệm vụ theo Kế hoạch"]


def test_a_sentence_with_a_colon_is_not_a_field():
    text = HEAD + """I. MỤC ĐÍCH, YÊU CẦU

- Bảo đảm thiết thực, hiệu quả.

II. TỔ CHỨC THỰC HIỆN

1. Sở Lao động - Thương binh và Xã hội

- Chủ trì, phối hợp với các huyện: Đắk Song, Đắk Mil chuẩn bị quà, kinh phí thực hiện.

- Tổ chức treo băng rôn, khẩu hiệu tuyên truyền.
"""
    plan = parse_text(text)
    assert [a.agency for a in plan.assignments] == ["Sở Lao động - Thương binh và Xã hội"]
    assert len(plan.assignments[0].tasks) == 2


def _loose_table_row(number: int, page_break: bool) -> str:
    task = f"Xây dựng báo cáo chuyên đề số {number} về\nbảo hiểm y tế toàn dân cho\nngười lao động"
    furniture = "\nCÔNG BÁO/Số 286/Ngày 27-05-2026\n95\nSTT\nTên nhiệm vụ\nCơ quan\nchủ trì\nCơ quan\nphối hợp\nThời gian hoàn\nthành" \
        if page_break else ""
    return (f"{number}.\n{task}{furniture}\nBộ Y tế\nBộ Tài chính, các bộ,\nngành, địa phương\n"
            f"Quý {'IV' if number % 2 else 'II'}/2026\n")


# A task table's header as a PDF's text layer gives it, one cell line a line
LOOSE_TABLE_HEADER = """PHỤ LỤC
DANH MỤC NHIỆM VỤ
STT
Tên nhiệm vụ
Cơ quan
chủ trì
Cơ quan
phối hợp
Thời gian hoàn
thành
"""


def test_table_written_one_cell_line_at_a_time():
    """A PDF text extract: cells broken over lines, no pipes, page furniture and the header repeated."""
    rows = "".join(_loose_table_row(n, page_break=(n == 3)) for n in range(1, 6))
    text = HEAD + """I. MỤC TIÊU

- Bảo đảm thực hiện.

II. TỔ CHỨC THỰC HIỆN

1. Bộ Y tế chủ trì, phối hợp với các bộ, ngành tổ chức triển khai Kế hoạch.

""" + LOOSE_TABLE_HEADER + """I. Hoàn thiện thể chế
""" + rows
    plan = parse_text(text)
    table = [a for a in plan.assignments if a.section is None or a.section == "I"]
    assert len(table) == 5
    for number, assignment in enumerate(table, start=1):
        assert (assignment.agency, assignment.role) == ("Bộ Y tế", "lead")
        assert assignment.tasks[0].startswith(f"Xây dựng báo cáo chuyên đề số {number} về bảo hiểm y tế")
        assert "CÔNG BÁO" not in assignment.tasks[0] and "STT" not in assignment.tasks[0]
        assert assignment.cooperating == ["Bộ Tài chính", "các bộ, ngành, địa phương"]
        assert assignment.deadline == f"Quý {'IV' if number % 2 else 'II'}/2026"


def test_signature_flattened_after_a_decision_without_recipients():
    """A Quyết định whose signature stands before the plan it issues, the block on one line, a stamp mark."""
    text = HEAD.replace("KẾ HOẠCH", "QUYẾT ĐỊNH") + """Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

KT. CHỦ TỊCH PHÓ CHỦ TỊCH]
[ Nguyễn Văn An

KẾ HOẠCH
Triển khai thi hành Luật

I. MỤC ĐÍCH

- Bảo đảm thống nhất.
"""
    signature = parse_text(text).signature
    assert (signature.authority, signature.position, signature.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An")


def test_targets_ranges_period_lead_ins_and_quorums():
    text = HEAD + """I. MỤC TIÊU

1. Mục tiêu cụ thể

a) Giai đoạn 1 (2026 - 2028)

- Phấn đấu 30% - 40% cán bộ, công chức làm công tác đối ngoại được bồi dưỡng năng lực.

b) Giai đoạn 2 (2029 - 2031)

- Phấn đấu 70% - 80% cán bộ, công chức làm công tác đối ngoại được bồi dưỡng năng lực.

II. NỘI DUNG

1. Tổ chức hội nghị cử tri

- Người được giới thiệu ứng cử là người được trên 50% tổng số cử tri có mặt tại hội nghị tán thành.
"""
    targets = parse_text(text).targets
    assert [(t.value, t.value_max, t.comparator, t.year) for t in targets] == [(30, 40, ">=", 2028), (70, 80, ">=", 2031)]


def test_a_value_closes_its_own_clause_before_a_comma():
    """'tăng độ che phủ rừng lên 45%, góp phần ... giảm 8% tổng lượng phát thải ...': the first value's
    indicator is what is raised, before it; the second one's follows it."""
    targets = parse_text(HEAD + """I. MỤC TIÊU

- Phấn đấu tỷ trọng đào tạo các ngành STEM trong các cơ sở giáo dục đại học đạt tối thiểu 30%, gắn với nhu cầu phát triển nguồn nhân lực số.

- Ổn định diện tích rừng tự nhiên và tăng độ che phủ rừng toàn tỉnh lên 45%, góp phần thực hiện mục tiêu quốc gia đến năm 2030 giảm 8% tổng lượng phát thải khí nhà kính so với kịch bản phát triển thông thường.
""").targets
    assert [(t.value, t.indicator) for t in targets] == [
        (30, "tỷ trọng đào tạo các ngành STEM trong các cơ sở giáo dục đại học"),
        (45, "độ che phủ rừng toàn tỉnh"),
        (8, "tổng lượng phát thải khí nhà kính so với kịch bản phát triển thông thường")]


OFFICIALS = HEAD.replace("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "ỦY BAN MTTQ VIỆT NAM XÃ AN PHÚ") + """I. MỤC ĐÍCH, YÊU CẦU

- Tổ chức hiệp thương đúng luật.

II. TỔ CHỨC THỰC HIỆN

1. Ban Thường trực Ủy ban MTTQ Việt Nam xã

- Đồng chí Ủy viên Ban Thường vụ Đảng ủy, Chủ tịch Ủy ban MTTQ Việt Nam xã lãnh đạo, chỉ đạo chung công tác bầu cử.

- Đồng chí Phó Chủ tịch Ủy ban MTTQ Việt Nam xã chủ trì các hội nghị hiệp thương; các Chuyên viên cơ quan MTTQ xã được phân công thực hiện các nhiệm vụ theo Kế hoạch.

2. Các tổ chức thành viên của MTTQ xã

- Cử đại diện lãnh đạo tham dự đầy đủ các hội nghị hiệp thương.

3. Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội

- Chủ trì xây dựng các báo cáo tổng hợp.

- Tiếp nhận đơn thư liên quan đến công tác bầu cử.

4. Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung công tác tuyên truyền.

5. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương rà soát các chương trình hành động.

6. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ tập trung chỉ đạo thực hiện nhiệm vụ được giao.

7. Trên cơ sở nội dung Chỉ thị số 52-CT/TW, Kế hoạch hành động, các Sở, ngành xây dựng kế hoạch thực hiện.
"""


def test_officials_members_and_kinds_of_bodies_are_assignees_as_written():
    """People by their posts, offices by their field, kinds of state bodies one by one, a lead-in skipped."""
    got = [(a.agency, a.role, a.tasks[0]) for a in parse_text(OFFICIALS).assignments]
    assert got == [
        ("Đồng chí Ủy viên Ban Thường vụ Đảng ủy, Chủ tịch Ủy ban MTTQ Việt Nam xã", "responsible",
         "Lãnh đạo, chỉ đạo chung công tác bầu cử"),
        ("Đồng chí Phó Chủ tịch Ủy ban MTTQ Việt Nam xã", "lead", "Chủ trì các hội nghị hiệp thương"),
        ("các Chuyên viên cơ quan MTTQ xã", "responsible", "Được phân công thực hiện các nhiệm vụ theo Kế hoạch"),
        ("Các tổ chức thành viên của MTTQ xã", "responsible", "Cử đại diện lãnh đạo tham dự đầy đủ các hội nghị hiệp thương"),
        ("Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội", "lead", "Xây dựng các báo cáo tổng hợp"),
        ("Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban", "responsible", "Phụ trách chung công tác tuyên truyền"),
        ("Các bộ", "responsible", "Rà soát các chương trình hành động"),
        ("cơ quan ngang bộ", "responsible", "Rà soát các chương trình hành động"),
        ("cơ quan thuộc Chính phủ", "responsible", "Rà soát các chương trình hành động"),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "responsible", "Rà soát các chương trình hành động"),
        ("Bộ trưởng", "responsible", "Tập trung chỉ đạo thực hiện nhiệm vụ được giao"),
        ("Thủ trưởng cơ quan ngang bộ", "responsible", "Tập trung chỉ đạo thực hiện nhiệm vụ được giao"),
        ("Thủ trưởng cơ quan thuộc Chính phủ", "responsible", "Tập trung chỉ đạo thực hiện nhiệm vụ được giao"),
        ("các Sở, ngành", "responsible", "Xây dựng kế hoạch thực hiện"),
    ]


UNITS_BELOW = HEAD + """I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm thoát nước trong mùa mưa.
II. TỔ CHỨC THỰC HIỆN
1. Sở Xây dựng là cơ quan chủ trì, đầu mối đôn đốc các cơ quan, đơn vị tổ chức thực hiện.
1.1. Phòng Quản lý hạ tầng thuộc Sở:
- Xây dựng kế hoạch kiểm tra hệ thống thoát nước.
- Kiểm tra, xử lý vi phạm hành lang thoát nước.
1.2. Trung tâm Quản lý hạ tầng kỹ thuật tỉnh:
- Lập kế hoạch duy tu hệ thống thoát nước.
- Phối hợp với các Chủ đầu tư đẩy nhanh công tác bàn giao công trình.
2. Sở Tài chính bố trí kinh phí thực hiện.
"""


def test_a_lead_with_a_task_of_its_own_over_units_with_their_lists():
    """'1. Sở Xây dựng là cơ quan chủ trì ...' over '1.1. Phòng ...:' and '1.2. Trung tâm ...:' with their items
    (Hà Nội 2280/QĐ-UBND, 2026): each unit does its own list; the Sở keeps its own sentence."""
    got = {a.agency: (a.tasks, a.cooperating) for a in parse_text(UNITS_BELOW).assignments}
    assert got["Sở Xây dựng"][0] == ["Là cơ quan chủ trì, đầu mối đôn đốc các cơ quan, đơn vị tổ chức thực hiện"]
    assert got["Phòng Quản lý hạ tầng thuộc Sở"][0] == ["Xây dựng kế hoạch kiểm tra hệ thống thoát nước",
                                                     "Kiểm tra, xử lý vi phạm hành lang thoát nước"]
    assert len(got["Trung tâm Quản lý hạ tầng kỹ thuật tỉnh"][0]) == 2
    assert got["Trung tâm Quản lý hạ tầng kỹ thuật tỉnh"][1] == ["các Chủ đầu tư"]  # 'đẩy nhanh' starts the task
    assert "Sở Tài chính" in got


MEASURES = HEAD + """I. MỤC TIÊU
- Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính các cấp đạt tối thiểu 90%.
- Phấn đấu hằng năm tỷ lệ giải ngân kế hoạch vốn đầu tư công đạt trên 90% kế hoạch được cấp có thẩm quyền giao.
- Tỷ lệ doanh nghiệp ứng dụng thương mại điện tử phấn đấu đạt trên 70%.
- Bảo đảm 100% thủ tục hành chính được công khai đúng quy định.
"""


def test_a_ratio_named_before_its_value_is_the_indicator_commas_and_all():
    """'Tỷ lệ X, Y đạt tối thiểu 90%': the commas list what the ratio counts (Lâm Đồng, cải cách hành chính
    2026-2030); '... đạt trên 90% kế hoạch được giao': what follows the value is its base, not the indicator."""
    got = [(t.value, t.indicator) for t in parse_text(MEASURES).targets]
    assert got == [
        (90.0, "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính các cấp"),
        (90.0, "tỷ lệ giải ngân kế hoạch vốn đầu tư công"),
        (70.0, "Tỷ lệ doanh nghiệp ứng dụng thương mại điện tử"),
        (100.0, "thủ tục hành chính được công khai đúng quy định"),
    ]


OWN_NAMES = HEAD + """I. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ, Sở Nội vụ
Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ và các đơn vị có liên quan tổ chức đào tạo, tập huấn cho cán bộ, công chức.
2. Các tổ chức chính trị - xã hội, các doanh nghiệp
Các tổ chức chính trị - xã hội, các doanh nghiệp tùy theo chức năng, nhiệm vụ của mình tham gia tuyên truyền Luật.
"""


def test_a_task_that_opens_with_its_own_bodies_names_is_the_rest():
    """Under '1. Sở Khoa học và Công nghệ, Sở Nội vụ', 'Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ ...
    tổ chức đào tạo ...' is the task 'Tổ chức đào tạo ...' (HCM 2820/QĐ-UBND); 'tùy theo' opens the task after
    a list of bodies (TTg 419/QĐ-TTg)."""
    got = {a.agency: (a.role, a.tasks) for a in parse_text(OWN_NAMES).assignments}
    assert got["Sở Khoa học và Công nghệ"] == ("lead", ["Tổ chức đào tạo, tập huấn cho cán bộ, công chức"])
    assert got["Sở Nội vụ"][1] == ["Tổ chức đào tạo, tập huấn cho cán bộ, công chức"]
    assert got["các doanh nghiệp"][1] == ["Tùy theo chức năng, nhiệm vụ của mình tham gia tuyên truyền Luật"]


def test_a_table_task_line_ending_on_a_comma_gives_way_to_the_lead_below_it():
    """Công báo text of the Prime Minister's health insurance plan (844/QĐ-TTg), row 11: the task's line ends on a
    comma ('... để giảm điều trị các bệnh lý nhẹ,'), its words go on over the page, and 'Bộ Y tế, Sở Y tế' /
    'đối với' / 'địa phương' below it is the lead cell; 'phối hợp với' / 'Bộ Y tế' in a task stays the task's."""
    text = HEAD + """I. MỤC TIÊU

- Bảo đảm thực hiện.

""" + LOOSE_TABLE_HEADER + """I. Nâng cao năng lực
1.
Từng bước triển khai phân luồng người bệnh
giữa các cấp để giảm điều trị các bệnh lý nhẹ,
Bộ Y tế, Sở Y tế
đối
với
địa
phương
Cơ sở khám bệnh,
chữa bệnh
Từ quý II/2027
2.
Xây dựng cơ chế thanh toán phối hợp với
Bộ Tài chính thực hiện
Bộ Y tế
Bảo hiểm xã hội Việt Nam
Quý IV/2026
"""
    rows = [(a.agency, a.role, a.tasks[0]) for a in parse_text(text).assignments if a.role == "lead"]
    assert rows == [
        ("Bộ Y tế", "lead", "Từng bước triển khai phân luồng người bệnh giữa các cấp để giảm điều trị các bệnh lý nhẹ"),
        ("Sở Y tế", "lead", "Từng bước triển khai phân luồng người bệnh giữa các cấp để giảm điều trị các bệnh lý nhẹ"),
        ("Bộ Y tế", "lead", "Xây dựng cơ chế thanh toán phối hợp với Bộ Tài chính thực hiện"),
    ]


def test_a_name_cut_short_by_a_verb_takes_its_full_form_from_the_plan():
    """'2. Vụ Vật liệu xây dựng là cơ quan tham mưu ...' ('xây dựng' is a task verb) where the plan's task table
    names 'Vụ Vật liệu xây dựng' (Bộ Xây dựng 836/QĐ-BXD): the body is the table's, its task 'Là cơ quan ...'."""
    text = HEAD + """I. TỔ CHỨC THỰC HIỆN
1. Vụ Vật liệu xây dựng là cơ quan tham mưu về các nội dung chuyên ngành vật liệu xây dựng.

PHỤ LỤC
| STT | Nội dung công việc | Cơ quan chủ trì | Thời gian |
|---|---|---|---|
| 1 | Lấy ý kiến các Bộ, ngành về nhiệm vụ lập quy hoạch | Vụ Vật liệu xây dựng | Quý I/2019 |
"""
    got = [(a.agency, a.tasks[0]) for a in parse_text(text).assignments]
    assert ("Vụ Vật liệu xây dựng", "Là cơ quan tham mưu về các nội dung chuyên ngành vật liệu xây dựng") in got
    assert not any(agency == "Vụ Vật liệu" for agency, _ in got)


def test_what_could_be_reached_is_a_ceiling_and_a_condition_is_no_indicator():
    """'... giảm 8% tổng lượng phát thải khí nhà kính ..., mức đóng góp có thể tăng lên 25% khi nhận được hỗ trợ quốc
    tế' (TTg 419/QĐ-TTg): 25 % is at most, and what it measures is 'mức đóng góp', under its condition."""
    text = HEAD + ("I. MỤC TIÊU\n- Đến năm 2030 giảm 8% tổng lượng phát thải khí nhà kính so với kịch bản phát triển "
                   "thông thường, mức đóng góp có thể tăng lên 25% khi nhận được hỗ trợ quốc tế.\n")
    got = [(t.value, t.comparator, t.indicator) for t in parse_text(text).targets]
    assert got[-1] == (25.0, "<=", "mức đóng góp khi nhận được hỗ trợ quốc tế")
    assert got[0][:2] == (8.0, "=")


CELL_PER_LINE = HEAD + """I. MỤC TIÊU
- Bảo đảm thực hiện.

PHỤ LỤC
|
**TT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian dự kiến hoàn thành**
|
|
1
|
Bố trí nhân lực đảm bảo đủ năng lực để thực hiện nhiệm vụ xây dựng, thu thập dữ liệu.
Bố trí nhân lực đảm bảo đủ năng lực để quản lý, vận hành hệ thống.
|
Các sở, ngành, UBND xã, phường, đặc khu
Sở Tài chính
|
Sở Tài chính
|
Năm 2026
|
|
"""


def test_a_performer_cell_with_one_body_a_line_names_each():
    """A Word table exported one cell a line (HCM 2820/QĐ-UBND): 'Các sở, ngành, UBND xã, phường, đặc khu' /
    'Sở Tài chính' in the lead cell are bodies of their own ('UBND xã, phường, đặc khu Sở Tài chính' before)."""
    leads = {a.agency for a in parse_text(CELL_PER_LINE).assignments if a.role == "lead"}
    assert {"Sở Tài chính", "UBND xã, phường, đặc khu"} <= leads
    assert not any("đặc khu Sở" in agency for agency in leads)
