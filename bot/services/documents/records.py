"""What the documents feature speaks of: the subjects a document is about, the kinds of
document, and what every document maker is given."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config_awards import Authority, Award, Council, Rewards
from bot.documents import Draft, Letterhead


class SubjectKind(StrEnum):
    """What a code names: ``SK-`` an initiative, ``DC-`` a nomination, ``BX-`` a unit's vote
    list, ``PH-`` a council session, ``CK-`` a public listing; anything else is looked up as
    the number of a recorded decision or Tờ trình."""

    INITIATIVE = "initiative"
    NOMINATION = "nomination"
    VOTE_LIST = "vote_list"
    SESSION = "session"
    LISTING = "listing"
    DECISION = "decision"


class DocumentKind(StrEnum):
    """The documents of a dossier; the values are what ``--kind`` takes."""

    APPLICATION = "application"  # Đơn yêu cầu công nhận sáng kiến (TT 18/2013, Phụ lục I)
    ACHIEVEMENT = "achievement"  # Báo cáo thành tích, cá nhân or tập thể (NĐ 98/2023)
    VOTE_MINUTES = "vote_minutes"  # Biên bản họp bình xét of a unit
    COUNCIL_MINUTES = "council_minutes"  # Biên bản họp Hội đồng, with the tally
    SUBMISSION = "submission"  # Tờ trình
    DECISION = "decision"  # Dự thảo Quyết định (or the recorded one) with its list and amounts
    PUBLIC_NOTICE = "public_notice"  # Thông báo công khai, before the decision
    RESULT_NOTICE = "result_notice"  # Thông báo kết quả, after it
    REWARD_LIST = "reward_list"  # the decision's list with amounts, .xlsx for the accountant


@dataclass(frozen=True, slots=True)
class Subject:
    """The item or list a document is about."""

    kind: SubjectKind
    id: int
    code: str
    #: The unit it belongs to (a unit head may ask for its documents), if one.
    unit_id: int | None = None


@dataclass(frozen=True, slots=True)
class Setting:
    """What every maker needs beside the database: the letterhead, the catalogue and money."""

    letterhead: Letterhead
    rewards: Rewards
    awards: Mapping[str, Award]
    authorities: Mapping[str, Authority]
    councils: Mapping[str, Council]
    zone: ZoneInfo
    today: date


#: Makes the documents of one kind for a subject, reading inside the caller's transaction.
Maker = Callable[[AsyncSession, Subject, Setting], Awaitable[tuple[Draft, ...]]]
