"""Unit kinds are configuration: the defaults carry the seed's kinds and those since 2025, a
list of one's own replaces them, and a unit of an unknown kind is refused by key."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import ConfigError, build_settings

BASE: dict[str, Any] = {
    "organisation": {"name": "Sở Khoa học và Công nghệ tỉnh Phú Thọ", "office_unit": "VP"},
    "units": [{"code": "VP", "name": "Văn phòng Sở", "kind": "office"}],
}


def settings(**changes: Any) -> Any:
    return build_settings({**BASE, **changes}, source="test")


def test_the_default_kinds_include_those_since_the_2025_reorganisation() -> None:
    kinds = {kind.code: kind.name for kind in settings().unit_kinds}
    assert {"office", "department", "district_office", "district_centre", "enterprise"} <= set(
        kinds
    )
    assert kinds["commune"] == "UBND xã, phường, đặc khu"
    assert kinds["public_service"] == "Đơn vị sự nghiệp công lập"
    assert settings().people.moved_items == "stay"


def test_an_own_list_replaces_the_defaults_and_names_the_kinds() -> None:
    own = settings(
        unit_kinds=[{"code": "office", "name": "Văn phòng"}, {"code": "xa", "name": "Cấp xã"}],
        units=[
            {"code": "VP", "name": "Văn phòng Sở", "kind": "office"},
            {"code": "XA-1", "name": "UBND xã Một", "kind": "xa"},
        ],
    )
    assert own.unit_kind_name("xa") == "Cấp xã"
    assert own.unit_kind_name("bo_di") == "bo_di"  # a kind since removed is shown as is


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        (
            {"units": [{"code": "VP", "name": "Văn phòng Sở", "kind": "district_hall"}]},
            "units[0].kind",
        ),
        (
            {"unit_kinds": [{"code": "office", "name": "A"}, {"code": "office", "name": "B"}]},
            "unit_kinds",
        ),
        ({"people": {"moved_items": "split"}}, "people.moved_items"),
    ],
)
def test_a_wrong_kind_names_its_key(changes: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(**changes)
    assert key in str(caught.value)
