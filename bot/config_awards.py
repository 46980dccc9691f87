"""Settings of the award catalogue (DESIGN §3.10): the awards, who grants them, the councils
that advise on them, and the rules a proposal is checked against.

Every legal rule here is data with its source in ``docs/awards.md``; an unset rule is off.
The cross-checks between sections (an award naming an unknown council …) are
:func:`catalogue_fault`, called by :class:`bot.config.Settings`.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config_organisation import UNIT_CODE_PATTERN

#: Disciplinary measures for civil servants, from the lightest (Luật Cán bộ, công chức).
DISCIPLINE_LEVELS: tuple[str, ...] = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
)
Discipline = Literal[
    "khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"
]
#: Alternatives to a recognised initiative that a rule may accept (CSTĐCS, Luật TĐKT Art. 23).
Achievement = Literal["initiative", "excellent", "research"]
Share = float
#: The column of the TT 02/2023/TT-BNV statistics tables an award is counted in: Biểu 0602.N
#: (state level) or 0603.N (ministry/province level); ``outside`` for an award no table
#: counts (the grassroots titles and Giấy khen). Sources and the mapping: docs/statistics.md.
StatisticsForm = Literal[
    "huan_chuong",
    "huy_chuong",
    "giai_thuong_ho_chi_minh",
    "giai_thuong_nha_nuoc",
    "danh_hieu_vinh_du",
    "co_thi_dua_chinh_phu",
    "bang_khen_thu_tuong",
    "chien_si_thi_dua_toan_quoc",
    "khac_nha_nuoc",
    "bang_khen",
    "chien_si_thi_dua",
    "co_thi_dua",
    "huy_hieu",
    "outside",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Rewards(_Frozen):
    """The money side: amounts are multiples of the base salary (mức lương cơ sở)."""

    #: In đồng; unset, documents show the multiple and leave the amount blank.
    base_salary: int | None = Field(default=None, ge=1, le=1_000_000_000)
    #: Each amount is rounded up to a multiple of this many đồng (e.g. 10,000); unset: the
    #: exact product. The rule's source is in docs/awards.md.
    round_up_to: int | None = Field(default=None, ge=1, le=1_000_000)

    def amount(self, multiple: float | None) -> int | None:
        """The reward in đồng for ``multiple`` × the base salary, rounded up as configured;
        ``None`` when either is unset (a document then shows a blank)."""
        if multiple is None or self.base_salary is None:
            return None
        exact = Decimal(str(multiple)) * self.base_salary
        step = self.round_up_to or 1
        return int((exact / step).to_integral_value(rounding=ROUND_CEILING)) * step


class Authority(_Frozen):
    """Who grants awards (cấp có thẩm quyền): the Sở's Director, the province's chairman …"""

    code: str = Field(pattern=UNIT_CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    #: The Office records this authority's decisions itself; others get the dossier sent up.
    decides_here: bool = False


class Council(_Frozen):
    """A council that advises on awards or evaluates initiatives; its members are kept in the
    database (``/hoidong``), so it can change without a restart."""

    code: str = Field(pattern=UNIT_CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["emulation", "initiative"]
    #: Share of all members who must vote for a session's result to stand; unset: no check.
    quorum: Share | None = Field(default=None, gt=0, le=1)


class MemberShare(_Frozen):
    """A collective rule: at least ``share`` of the unit's members hold ``award``."""

    award: str = Field(pattern=UNIT_CODE_PATTERN)
    share: Share = Field(gt=0, le=1)


class RatioCap(_Frozen):
    """At most ``share`` × the unit's proposals of ``of`` may be proposed for this award."""

    of: str = Field(pattern=UNIT_CODE_PATTERN)
    share: Share = Field(gt=0, le=1)


class Eligibility(_Frozen):
    """The checks a vote-list row is put through; every rule is off unless set."""

    #: Individuals in service fewer months than this at the year's end are excluded.
    min_months_in_service: int | None = Field(default=None, ge=1, le=120)
    #: Individuals disciplined this year at this level or above are excluded.
    discipline_from: Discipline | None = None
    #: Titles the person must be proposed for, or hold, in the same year.
    requires: tuple[str, ...] = ()
    #: At least one of these achievements is also needed (empty: none).
    requires_one_of: tuple[Achievement, ...] = ()
    #: Collectives: a share of the unit's members must hold a title.
    member_share: MemberShare | None = None
    #: Collectives: no member may be disciplined this year at this level or above.
    member_discipline_from: Discipline | None = None
    #: The province's ratio cap against another title in the same unit.
    ratio_cap: RatioCap | None = None
    #: The least share of the unit meeting's votes a row must have.
    min_vote_share: Share | None = Field(default=None, gt=0, le=1)


class Award(_Frozen):
    """An award of the catalogue: a danh hiệu thi đua or a hình thức khen thưởng."""

    code: str = Field(pattern=UNIT_CODE_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    applies_to: Literal["individual", "collective", "both"]
    tracks: tuple[Literal["annual", "thematic", "adhoc"], ...] = Field(min_length=1)
    note: str = Field(default="", max_length=600)
    kind: Literal["title", "commendation"] = "commendation"
    level: Literal["grassroots", "province", "ministry", "state"] = "grassroots"
    #: The code of the ``[[authorities]]`` entry that grants it; unset: the first one that
    #: decides here.
    granted_by: str = Field(default="", pattern=r"^([A-Za-z0-9_-]{1,32})?$")
    #: The code of the emulation council that advises on it; unset: no council vote.
    council: str = Field(default="", pattern=r"^([A-Za-z0-9_-]{1,32})?$")
    #: Share of *all* the council's members whose agreement carries an item; unset: the
    #: tally is shown and the Office concludes.
    vote_threshold: Share | None = Field(default=None, gt=0, le=1)
    secret_vote: bool = False
    #: Working days of public listing (công khai lấy ý kiến) before the council; 0: none.
    public_days: int = Field(default=0, ge=0, le=60)
    #: The reward as a multiple of the base salary; unset: blank in documents.
    reward_multiple: float | None = Field(default=None, gt=0, le=1000)
    eligibility: Eligibility = Eligibility()
    #: Where the yearly statistics count it; unset: in no column, and the check lists it.
    statistics_form: StatisticsForm | None = None


def catalogue_fault(
    awards: tuple[Award, ...],
    authorities: tuple[Authority, ...],
    councils: tuple[Council, ...],
) -> tuple[str, str] | None:
    """The first inconsistent key of the catalogue and what is wrong with it, or ``None``."""
    for kind, codes in (
        ("award", [a.code for a in awards]),
        ("authority", [a.code for a in authorities]),
        ("council", [c.code for c in councils]),
    ):
        if len(set(codes)) != len(codes):
            section = {"award": "awards", "authority": "authorities", "council": "councils"}
            return section[kind], f"{kind} codes must be unique"
    known = {a.code: a for a in awards}
    granting = {a.code for a in authorities}
    emulation = {c.code for c in councils if c.kind == "emulation"}
    for index, award in enumerate(awards):
        fault = _award_fault(award, known, granting, emulation, any_authority=bool(authorities))
        if fault is not None:
            key, message = fault
            return f"awards[{index}].{key}", message
    return None


def _award_fault(
    award: Award,
    known: dict[str, Award],
    granting: set[str],
    emulation: set[str],
    *,
    any_authority: bool,
) -> tuple[str, str] | None:
    rules = award.eligibility
    individual = award.applies_to != "collective"
    collective = award.applies_to != "individual"
    checks: list[tuple[bool, str, str]] = [
        (
            bool(award.granted_by) and award.granted_by not in granting,
            "granted_by",
            f"no [[authorities]] entry has the code {award.granted_by!r}",
        ),
        (
            not award.granted_by and any_authority,
            "granted_by",
            "say which of the [[authorities]] grants this award",
        ),
        (
            bool(award.council) and award.council not in emulation,
            "council",
            f"no [[councils]] entry of kind 'emulation' has the code {award.council!r}",
        ),
        (
            award.vote_threshold is not None and not award.council,
            "vote_threshold",
            "a vote threshold needs the council that votes (council = …)",
        ),
        (
            award.secret_vote and not award.council,
            "secret_vote",
            "a secret vote needs the council that votes (council = …)",
        ),
        (
            award.public_days > 0 and not award.council,
            "public_days",
            "public listing comes before a council: name the council (council = …)",
        ),
        (
            award.kind == "title" and award.tracks != ("annual",),
            "tracks",
            "an emulation title (kind = 'title') is given in the annual track only",
        ),
        (
            not individual
            and (rules.min_months_in_service, rules.discipline_from, rules.requires_one_of)
            != (None, None, ()),
            "eligibility",
            "min_months_in_service, discipline_from and requires_one_of are for individuals",
        ),
        (
            not collective
            and (rules.member_share is not None or rules.member_discipline_from is not None),
            "eligibility",
            "member_share and member_discipline_from are for collective awards",
        ),
    ]
    for failed, key, message in checks:
        if failed:
            return key, message
    share, cap = rules.member_share, rules.ratio_cap
    for key, codes in (
        ("eligibility.requires", rules.requires),
        ("eligibility.member_share.award", (share.award,) if share else ()),
        ("eligibility.ratio_cap.of", (cap.of,) if cap else ()),
    ):
        for code in codes:
            if code not in known or code == award.code:
                return key, f"{code!r} is not another award of the catalogue"
    return None
