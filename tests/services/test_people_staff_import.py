"""The staff list import: every row's problems before anything is written, the valid rows
added with one personal invite each, and a personal invite linking the person's account."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.people import MemberQuery, NotAWorkbook, read_staff, template
from bot.services.people.registration import Applicant
from models import Invite, Member
from tests.factories import make_member

ROLES = {Role.STAFF: "Cán bộ", Role.UNIT_HEAD: "Thủ trưởng đơn vị"}


def workbook(*rows: tuple[str, ...]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Họ và tên", "Chức vụ", "Vai trò", "Phân loại"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_check_names_each_rows_problem_and_writes_nothing(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    await make_member(app, "2", Role.STAFF, "CNTT", name="Trần Thị Bình")
    rows = read_staff(
        workbook(
            ("CNTT", "Lê Văn An", "Chuyên viên", "Cán bộ", ""),
            ("XYZ", "Phạm Văn Cường", "", "", ""),
            ("CNTT", "le van an", "", "", ""),
            ("CNTT", "Tran Thi Binh", "", "", ""),
            ("CNTT", "", "Kế toán", "", ""),
            ("CNTT", "Hồ Văn Dũng", "", "bảo vệ", ""),
        ),
        ROLES,
        {},
    )
    preview = await app.services.staff_import.check(office, rows)
    problems = [row.problems for row in preview.rows]
    assert problems == [
        (),
        ("unknown_unit",),
        ("duplicate",),
        ("already_member",),
        ("missing_name",),
        ("bad_role",),
    ]
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Member.id))) == 2


async def test_the_import_adds_valid_rows_with_one_personal_invite_each(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    rows = read_staff(
        workbook(("cntt", "Lê Văn An", "Chuyên viên", "", ""), ("XYZ", "Phạm Cường", "", "", "")),
        ROLES,
        {},
    )
    result = await app.services.staff_import.apply(office, rows)
    assert [(i.full_name, i.unit.code) for i in result.invites] == [("Lê Văn An", "CNTT")]
    assert result.skipped == 1
    token = result.invites[0].token
    invite = await app.services.invites.check(token)
    applicant = Applicant(Channel.TELEGRAM, "77", "77", "An Lê", "Kỹ sư")
    joined = await app.services.registration.register(applicant, invite_id=invite.id)
    assert joined.member.id == result.invites[0].member_id
    assert joined.member.full_name == "Lê Văn An"
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Member.id))) == 2
    again = await app.services.staff_import.check(office, rows)
    assert again.rows[0].problems == ("already_member",)


async def test_a_unit_head_may_not_import(app: App) -> None:
    head = await make_member(app, "1", Role.UNIT_HEAD, "CNTT", name="Trưởng")
    with pytest.raises(errors.NotAllowed):
        await app.services.staff_import.check(head, [])


async def test_new_invites_for_members_without_an_account_replace_the_old(app: App) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    rows = read_staff(workbook(("CNTT", "Lê Văn An", "", "", "")), ROLES, {})
    first = (await app.services.staff_import.apply(office, rows)).invites[0]
    second = await app.services.staff_import.invite(office, [first.member_id])
    with pytest.raises(errors.InviteExpired):
        await app.services.invites.check(first.token)
    assert (await app.services.invites.check(second[0].token)).unit.code == "CNTT"
    with pytest.raises(errors.MemberGone):
        await app.services.staff_import.invite(office, [office.id])
    async with app.sessions() as session:
        assert (
            await session.scalar(
                select(func.count(Invite.id)).where(Invite.member_id.is_not(None))
            )
            == 2
        )


async def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(NotAWorkbook):
        read_staff(b"Ma don vi,Ho va ten\nCNTT,An\n", ROLES, {})
    assert read_staff(template("Danh sách"), ROLES, {})[0].full_name == "Nguyễn Văn An"


async def test_the_directory_finds_names_without_diacritics_and_keeps_heads_home(
    app: App,
) -> None:
    office = await make_member(app, "1", Role.OFFICE, "VP", name="Văn Phòng")
    head = await make_member(app, "2", Role.UNIT_HEAD, "CNTT", name="Đặng Thị Ánh")
    await make_member(app, "3", Role.STAFF, "VHTT-VY", name="Đặng Văn Bảo")
    found = await app.services.directory.members(office, MemberQuery(text="dang"))
    assert [r.full_name for r in found.rows] == ["Đặng Thị Ánh", "Đặng Văn Bảo"]
    own = await app.services.directory.members(head, MemberQuery(text="dang"))
    assert [r.full_name for r in own.rows] == ["Đặng Thị Ánh"]
    with pytest.raises(errors.NotAllowed):
        await app.services.directory.members(head, MemberQuery(unit="VHTT-VY"))
    units = {u.code: u.members for u in await app.services.directory.units(office)}
    assert units["CNTT"] == 1 and units["VP"] == 1


def test_the_directory_sort_texts_order_names_as_the_collation_does() -> None:
    from bot.collation import collation_key
    from bot.services.people.directory import vietnamese_keys

    names = {"Bán", "Ban", "Bàn", "Bắc", "Cà", "Đa", "Dz", "dạ", "Da", "B a", " Lê  Ơn ", "Ưng"}
    names |= {f"Trần Thị {chr(c)}" for c in range(0x41, 0x500)}
    keys = vietnamese_keys(names)
    assert sorted(names, key=keys.__getitem__) == sorted(names, key=collation_key)
