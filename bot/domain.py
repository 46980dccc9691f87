"""The domain's vocabulary: the states, kinds and tracks the workflows move through.

A kernel module (it imports nothing of ours), so handlers name a state without reaching into
``models``; the tables store these values as strings.
"""

from __future__ import annotations

from enum import StrEnum


class InitiativeState(StrEnum):
    """Where an initiative is in its review (DESIGN §3.3)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    UNDER_REVIEW = "under_review"
    #: The initiative council concluded "đạt": it waits for the head's decision.
    EVALUATED = "evaluated"
    RECOGNIZED = "recognized"
    NOT_RECOGNIZED = "not_recognized"
    APPLIED = "applied"
    WITHDRAWN = "withdrawn"


class InitiativeKind(StrEnum):
    """The four kinds of solution the initiative rules name."""

    TECHNICAL = "ky_thuat"
    MANAGEMENT = "quan_ly"
    OPERATIONAL = "tac_nghiep"
    APPLIED_TECHNOLOGY = "ung_dung"


class NominationState(StrEnum):
    """Where a nomination is in the decision cycle (DESIGN §3.4, §3.10).

    The council only recommends (``RECOMMENDED``); the award exists once the competent
    authority's decision is recorded (``AWARDED``), here or after the dossier was sent up.
    """

    SUBMITTED = "submitted"
    RECEIVED = "received"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"
    UNDER_REVIEW = "under_review"
    RECOMMENDED = "recommended"
    REJECTED = "rejected"
    SENT_UP = "sent_up"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    REVOKED = "revoked"
    WITHDRAWN = "withdrawn"


class Track(StrEnum):
    """Annual merit (công trạng), thematic (chuyên đề) or ad-hoc (đột xuất)."""

    ANNUAL = "annual"
    THEMATIC = "thematic"
    ADHOC = "adhoc"


class NomineeKind(StrEnum):
    """A registered member, a person not registered, or the unit itself."""

    MEMBER = "member"
    PERSON = "person"
    COLLECTIVE = "collective"


class ReportState(StrEnum):
    """Where a unit's report is."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class LeaveReason(StrEnum):
    """Why a member left the organisation (DESIGN §3.11)."""

    RETIRED = "retired"  # nghỉ hưu
    TRANSFERRED = "transferred"  # chuyển công tác
    RESIGNED = "resigned"  # thôi việc
    DECEASED = "deceased"  # từ trần
    OTHER = "other"


class StaffCategory(StrEnum):
    """Who a person is for the yearly statistics (TT 02/2023/TT-BNV, Biểu 0603.N rows 06–10):
    a leader at one of three levels, a business person, or someone working directly."""

    PROVINCE_LEADER = "province_leader"  # lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên
    DEPARTMENT_LEADER = "department_leader"  # lãnh đạo cấp vụ, sở, ngành và tương đương
    ENTREPRENEUR = "entrepreneur"  # doanh nhân
    OTHER_LEADER = "other_leader"  # các cấp lãnh đạo khác từ phó phòng trở lên
    FRONTLINE = "frontline"  # người trực tiếp công tác, lao động, học tập …
