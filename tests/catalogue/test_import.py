"""Bulk import: template, dry-run preview with every row's errors, all-or-nothing import, re-import."""

import csv
import io
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ImportBatch, ImportRow, Patent
from marketplace.extensions import db
from tests.helpers import application_number, page_text, post_form, post_large

HEADER = ["申请号", "专利名称", "摘要", "IPC分类号", "发明人", "专利权人", "申请日", "授权公告日",
          "法律状态", "行业领域", "技术成熟度", "关键词"]


def row(n: int, **changes) -> list[str]:
    values = {
        "申请号": application_number(n), "专利名称": f"一种乳酸菌发酵工艺{n}", "摘要": "涉及乳业。",
        "IPC分类号": "C12N 1/20", "发明人": "高娜", "专利权人": "内蒙古农业大学", "申请日": "2020-05-01",
        "授权公告日": "2022-01-10", "法律状态": "有效", "行业领域": "乳业及食品", "技术成熟度": "6",
        "关键词": "乳酸菌；发酵",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def patents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Patent))


@pytest.fixture
def staff(client, login_as, make_university):
    university_id = make_university("内蒙古农业大学")
    login_as(Role.UNIVERSITY_STAFF, university_id=university_id)
    return university_id


def upload(client, name: str, data: bytes):
    return post_form(client, "/ip/imports/new", {"file": (io.BytesIO(data), name)})


def latest_batch(app) -> ImportBatch:
    with app.app_context():
        batch = db.session.scalar(select(ImportBatch).order_by(ImportBatch.id.desc()))
        db.session.expunge(batch)
        return batch


def test_templates_download_and_round_trip(client, staff):
    response = client.get("/ip/imports/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert "申请号*" in [c.value for c in next(book.worksheets[0].iter_rows())]
    book.close()
    response = client.get("/ip/imports/template.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert upload(client, "template.xlsx", client.get("/ip/imports/template.xlsx").data).status_code == 302


def test_clean_file_previews_then_imports_all_at_once(app, client, staff):
    response = upload(client, "patents.xlsx", xlsx([row(1), row(2), row(3)]))
    assert response.status_code == 302
    batch = latest_batch(app)
    assert (batch.row_count, batch.error_row_count, batch.status) == (3, 0, "previewed")
    assert patents(app) == 0  # the preview writes no patent
    preview = page_text(client.get(f"/ip/imports/{batch.id}"))
    assert "一种乳酸菌发酵工艺2" in preview
    response = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page=f"/ip/imports/{batch.id}")
    assert response.status_code == 302
    assert patents(app) == 3
    assert "<mark>乳酸菌</mark>发酵工艺3" in page_text(client.get("/patents?q=乳酸菌"))
    again = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page=f"/ip/imports/{batch.id}")
    assert again.status_code == 303
    assert patents(app) == 3


def test_reimport_updates_instead_of_duplicating(app, client, staff):
    upload(client, "a.csv", csv_bytes([row(1), row(2)]))
    first = latest_batch(app)
    post_form(client, f"/ip/imports/{first.id}/confirm", {}, page=f"/ip/imports/{first.id}")
    upload(client, "a.csv", csv_bytes([row(1, 专利名称="改进的乳酸菌发酵工艺"), row(2), row(3)]))
    second = latest_batch(app)
    post_form(client, f"/ip/imports/{second.id}/confirm", {}, page=f"/ip/imports/{second.id}")
    assert patents(app) == 3
    batch = latest_batch(app)
    assert (batch.created_count, batch.updated_count) == (1, 2)
    with app.app_context():
        titles = set(db.session.scalars(select(Patent.title)))
    assert "改进的乳酸菌发酵工艺" in titles


def test_every_error_is_reported_with_its_row_and_nothing_is_written(app, client, staff):
    bad_check = application_number(5)[:-1] + ("0" if application_number(5)[-1] != "0" else "1")
    rows = [
        row(1),
        row(2, 申请号=bad_check),
        row(3, 申请号="202140000003.1"),
        row(4, 专利名称=""),
        row(5, 授权公告日="2019-01-01"),
        row(6, IPC分类号="C12N-1"),
        row(7, 法律状态="不知道"),
        row(8, 技术成熟度="12"),
        row(1),  # duplicate of the first row
        row(9, 摘要="=HYPERLINK(\"http://evil\")"),
    ]
    upload(client, "errors.csv", csv_bytes(rows))
    batch = latest_batch(app)
    assert (batch.row_count, batch.error_row_count) == (10, 9)
    with app.app_context():
        stored = {r.row_number: {p["code"] for p in json.loads(r.problems_json)}
                  for r in db.session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id))}
    assert stored == {
        2: set(), 3: {"application_number_check"}, 4: {"application_number_type"}, 5: {"required"},
        6: {"grant_before_filing"}, 7: {"ipc_format"}, 8: {"legal_status_unknown"}, 9: {"trl_range"},
        10: {"duplicate_in_file"}, 11: {"formula"},
    }
    page = page_text(client.get(f"/ip/imports/{batch.id}?errors=1"))
    assert "校验位" in page
    assert f"/ip/imports/{batch.id}/confirm" not in page
    response = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page=f"/ip/imports/{batch.id}")
    assert response.status_code == 303
    assert patents(app) == 0


def test_number_of_another_university_is_refused(app, client, staff, make_patent, make_university):
    make_patent(make_university("内蒙古大学"), application_number=application_number(1))
    upload(client, "a.csv", csv_bytes([row(1)]))
    batch = latest_batch(app)
    assert batch.error_row_count == 1
    assert "另一所高校" in page_text(client.get(f"/ip/imports/{batch.id}")) or "其他高校" in page_text(
        client.get(f"/ip/imports/{batch.id}"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("virus.xlsx", b"MZ\x90\x00" + bytes(range(256)) * 4),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100),
        ("binary.csv", b"\x00\x01\x02"),
        ("header-only.csv", ",".join(HEADER).encode()),
        ("missing.csv", "申请号,专利名称\n202110123456.7,x\n".encode()),
    ],
)
def test_bad_files_are_refused_per_file(app, client, staff, name, data):
    response = upload(client, name, data)
    assert response.status_code == 422
    assert 'class="invalid-feedback' in page_text(response) or "alert-danger" in page_text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_gbk_csv_is_detected(app, client, staff):
    assert upload(client, "gbk.csv", csv_bytes([row(1)], encoding="gbk")).status_code == 302
    batch = latest_batch(app)
    assert (batch.encoding, batch.error_row_count) == ("gb18030", 0)
    assert "GBK" in page_text(client.get(f"/ip/imports/{batch.id}"))


def test_fifty_megabyte_upload_is_refused(app, client, staff):
    response = post_large(client, "/ip/imports/new",
                          {"file": (io.BytesIO(b"a" * (50 * 1024 * 1024)), "big.csv")}, "/ip/imports/new")
    assert response.status_code == 413
    assert "过大" in page_text(response)


def test_other_university_cannot_see_or_confirm_a_batch(app, client, staff, make_user, make_university):
    from tests.helpers import login

    upload(client, "a.csv", csv_bytes([row(1)]))
    batch = latest_batch(app)
    post_form(client, "/logout", {}, page="/dashboard")
    login(client, make_user(Role.UNIVERSITY_STAFF, university_id=make_university("赤峰学院")))
    assert client.get(f"/ip/imports/{batch.id}").status_code == 404
    response = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page="/ip/imports/")
    assert response.status_code == 404
    assert patents(app) == 0


def test_five_thousand_rows_with_errors_then_clean(app, client, staff):
    rows = [row(n) for n in range(1, 5001)]
    for n in range(0, 5000, 500):  # ten deliberate errors
        rows[n] = row(n + 1, 申请日="2020-13-45")
    upload(client, "big.xlsx", xlsx(rows))
    batch = latest_batch(app)
    assert (batch.row_count, batch.error_row_count) == (5000, 10)
    with app.app_context():
        bad_rows = sorted(db.session.scalars(select(ImportRow.row_number).where(
            ImportRow.batch_id == batch.id, ImportRow.has_problems.is_(True))))
    assert bad_rows == [n + 2 for n in range(0, 5000, 500)]
    assert patents(app) == 0
    clean = [row(n) for n in range(1, 5001)]
    upload(client, "big.xlsx", xlsx(clean))
    batch = latest_batch(app)
    assert batch.error_row_count == 0
    response = post_form(client, f"/ip/imports/{batch.id}/confirm", {}, page=f"/ip/imports/{batch.id}")
    assert response.status_code == 302
    assert patents(app) == 5000
