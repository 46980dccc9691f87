"""The statutory conditions an initiative council evaluates, and the certificate's number.

The defaults follow Nghị định 13/2012/NĐ-CP (Điều lệ Sáng kiến) Art. 3 as
``docs/initiatives.md`` cites it; a province adds or rewords conditions in ``config.toml``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CONDITION_CODE_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
CONDITION_LABEL_MAX = 300


class InitiativeCondition(BaseModel):
    """One condition the council marks "đạt" or "không đạt" for each initiative.

    ``requirement``: the initiative must meet it (Art. 3.1); ``exclusion``: it must not fall
    under it (Art. 3.2). The label says what "đạt" means, so "đạt" is always good.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CONDITION_CODE_PATTERN)
    label: str = Field(min_length=1, max_length=CONDITION_LABEL_MAX)
    kind: Literal["requirement", "exclusion"]


#: Nghị định 13/2012/NĐ-CP Art. 3: 3.1.a, 3.1.b (applied; benefit), 3.2.a, 3.2.b.
DEFAULT_CONDITIONS = (
    InitiativeCondition(code="new", label="Có tính mới trong phạm vi cơ sở", kind="requirement"),
    InitiativeCondition(
        code="applied",
        label="Đã được áp dụng hoặc áp dụng thử tại cơ sở",
        kind="requirement",
    ),
    InitiativeCondition(
        code="benefit", label="Có khả năng mang lại lợi ích thiết thực", kind="requirement"
    ),
    InitiativeCondition(
        code="public_order",
        label="Việc công bố, áp dụng không trái trật tự công cộng, đạo đức xã hội",
        kind="exclusion",
    ),
    InitiativeCondition(
        code="ip_protected",
        label="Không phải đối tượng đang được bảo hộ quyền sở hữu trí tuệ tại thời điểm xét",
        kind="exclusion",
    ),
)


def check_conditions(
    conditions: tuple[InitiativeCondition, ...],
) -> tuple[InitiativeCondition, ...]:
    """Refuse two conditions with one code (marks are kept by code)."""
    codes = [condition.code for condition in conditions]
    if len(set(codes)) != len(codes):
        msg = "condition codes must be unique"
        raise ValueError(msg)
    return conditions


def check_certificate_format(value: str) -> str:
    """Refuse a format that does not number certificates from ``{number}`` and ``{year}``."""
    try:
        first, second = value.format(number=1, year=2026), value.format(number=2, year=2026)
    except (KeyError, IndexError, ValueError) as exc:
        msg = f"certificate_format may use only {{number}} and {{year}}: {exc}"
        raise ValueError(msg) from exc
    if first == second or not 1 <= len(first) <= 64:
        msg = "certificate_format must contain {number} and give 1-64 characters"
        raise ValueError(msg)
    return value


#: The certificate number's default: the year's sequence, then the year (001/GCN-SK-2026).
DEFAULT_CERTIFICATE_FORMAT = "{number:03d}/GCN-SK-{year}"
