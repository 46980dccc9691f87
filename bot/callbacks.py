"""Typed, compact callback payloads for buttons (ASCII, at most 64 bytes).

Each payload is a frozen dataclass subclassing :class:`CallbackData` with a short unique
prefix; fields are ``int``, short ASCII ``str`` or a :class:`~enum.StrEnum` of the choices a
button can carry. ``pack`` gives ``"prefix:field:field"``;
:func:`unpack` returns ``None`` for anything malformed, unknown or forged, so a stale or
tampered button can never reach a handler with wrong types.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from enum import StrEnum
from typing import Any, ClassVar

from bot.ports import Channel

MAX_BYTES = 64
SEPARATOR = ":"
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]*$")
_REGISTRY: dict[str, type[CallbackData]] = {}


class CallbackData:
    """Base of every callback payload; subclasses are frozen dataclasses."""

    prefix: ClassVar[str]
    #: The fields' types, resolved once (annotations are strings in these modules).
    field_types: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not re.fullmatch(r"[a-z]{1,3}", prefix):
            msg = f"callback prefix must be 1-3 lowercase letters: {prefix!r}"
            raise ValueError(msg)
        if prefix in _REGISTRY:
            msg = f"duplicate callback prefix {prefix!r}"
            raise ValueError(msg)
        cls.prefix = prefix
        # Everything a payload names is defined above it, so the hints resolve already.
        cls.field_types = typing.get_type_hints(cls)
        _REGISTRY[prefix] = cls

    def pack(self) -> str:
        """Encode the payload; raises ``ValueError`` if it would not fit a Telegram button."""
        parts = [self.prefix]
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            text = str(value)
            if isinstance(value, bool) or not isinstance(value, int | str):
                msg = f"{type(self).__name__}.{field.name}: only int and str fields"
                raise TypeError(msg)
            if not _TOKEN.fullmatch(text):
                msg = f"{type(self).__name__}.{field.name}: not a plain ASCII token: {text!r}"
                raise ValueError(msg)
            parts.append(text)
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            msg = f"callback data over {MAX_BYTES} bytes: {data!r}"
            raise ValueError(msg)
        return data


def unpack(data: str) -> CallbackData | None:
    """Decode a payload, or return ``None`` when it is not one we could have made."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    prefix, *values = data.split(SEPARATOR)
    cls = _REGISTRY.get(prefix)
    if cls is None:
        return None
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(values) != len(fields):
        return None
    kwargs: dict[str, object] = {}
    for field, text in zip(fields, values, strict=True):
        value = _decode(cls.field_types[field.name], text)
        if value is None:
            return None
        kwargs[field.name] = value
    return cls(**kwargs)


def _decode(kind: object, text: str) -> object | None:
    """One field's value, or ``None`` if ``text`` is not one a button of ours could carry."""
    if not _TOKEN.fullmatch(text):
        return None
    if kind is int:
        return int(text) if re.fullmatch(r"-?\d{1,18}", text) else None
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        # A choice no button offers: forged, or from an older release.
        return kind._value2member_map_.get(text)
    return text


@dataclasses.dataclass(frozen=True)
class MenuAction(CallbackData, prefix="m"):
    """A press on a main-menu button; ``command`` is the command it stands for."""

    command: str


@dataclasses.dataclass(frozen=True)
class DialogChoice(CallbackData, prefix="d"):
    """A press on a choice of a dialog step.

    ``nonce`` ties the button to one dialog run so a button from an older run is stale;
    ``option`` is the chosen option's stable key (:func:`bot.dialog_inputs.option_key`), not
    its place in the list, so a list that changed since it was shown never picks another one.
    """

    nonce: str
    step: int
    option: str


@dataclasses.dataclass(frozen=True)
class PlanPage(CallbackData, prefix="kp"):
    """Open page ``page`` of plan ``version`` as paginated for the chat (``-1``: contents)."""

    version: int
    page: int


class PlanChoice(StrEnum):
    """What a plan button does."""

    CONFIRM = "confirm"
    MOVEMENTS = "movements"
    COVERAGE = "coverage"
    PUBLISH = "publish"
    NUDGE = "nudge"


@dataclasses.dataclass(frozen=True)
class PlanAction(CallbackData, prefix="ka"):
    """A plan action on plan ``version``."""

    version: int
    action: PlanChoice


@dataclasses.dataclass(frozen=True)
class PlanUnit(CallbackData, prefix="ku"):
    """Open the coverage of one unit."""

    unit_id: int


@dataclasses.dataclass(frozen=True)
class InitiativeOpen(CallbackData, prefix="io"):
    """Open an initiative's details."""

    item: int


@dataclasses.dataclass(frozen=True)
class InitiativeAct(CallbackData, prefix="ia"):
    """Act on an initiative; ``version`` is the one the button was made for (stale → refused).

    ``sure`` is 1 on the "yes" of a decisive step's "Bạn chắc chắn …?" question.
    """

    item: int
    action: str
    version: int
    sure: int = 0


class InitiativeScope(StrEnum):
    """Which list of initiatives: the person's, their unit's, the queue, or a queue filter."""

    MINE = "mine"
    UNIT = "unit"
    QUEUE = "queue"
    STATE_FILTER = "fstate"
    UNIT_FILTER = "funit"
    FIELD_FILTER = "ffield"


@dataclasses.dataclass(frozen=True)
class InitiativeList(CallbackData, prefix="il"):
    """A page of a list of initiatives; filters are 0 / "" for any.

    ``field`` is the position of the field in the configured list, plus one.
    """

    scope: InitiativeScope
    page: int
    state: str
    unit: int
    field: int


@dataclasses.dataclass(frozen=True)
class InitiativeFile(CallbackData, prefix="if"):
    """Send one attachment of an initiative (the item is re-read to check who may see it)."""

    item: int
    attachment: int


class DraftChoice(StrEnum):
    """The answer to "you have a draft"."""

    RESUME = "resume"
    NEW = "new"


@dataclasses.dataclass(frozen=True)
class ProposalDraft(CallbackData, prefix="sd"):
    """The answer to "you have a draft": resume it or start again."""

    choice: DraftChoice


class PeriodChoice(StrEnum):
    """What a reporting-period button does (``NEW`` and ``LIST`` go with period 0).

    ``CLOSE`` and ``DELETE`` ask "Bạn chắc chắn …?"; ``CLOSE_NOW`` and ``DELETE_NOW`` are
    their "yes".
    """

    STATUS = "status"
    REMIND = "remind"
    NEW = "new"
    SUBMIT = "submit"
    LIST = "list"
    EDIT = "edit"
    CLOSE = "close"
    CLOSE_NOW = "closeok"
    DELETE = "delete"
    DELETE_NOW = "deleteok"


@dataclasses.dataclass(frozen=True)
class ReportMenu(CallbackData, prefix="bm"):
    """A reporting-period button."""

    period: int
    action: PeriodChoice


class ReportChoice(StrEnum):
    """What a report button does: open it, or accept / return the version seen."""

    OPEN = "open"
    ACCEPT = "accept"
    RETURN = "return"


@dataclasses.dataclass(frozen=True)
class ReportAct(CallbackData, prefix="ba"):
    """A report button for the ``version`` seen."""

    report: int
    version: int
    action: ReportChoice


@dataclasses.dataclass(frozen=True)
class ReportFile(CallbackData, prefix="bf"):
    """Send one attachment of a report (the report is re-read to check who may see it)."""

    report: int
    attachment: int


class NominationScope(StrEnum):
    """Which list of nominations: the queue of ``/duyet``, its state filter, or the person's
    own."""

    QUEUE = "queue"
    STATE_FILTER = "fstate"
    MINE = "mine"


@dataclasses.dataclass(frozen=True)
class NominationList(CallbackData, prefix="nl"):
    """A list of nominations; ``state`` "" for any."""

    scope: NominationScope
    page: int
    state: str


@dataclasses.dataclass(frozen=True)
class NominationOpen(CallbackData, prefix="no"):
    """Open a nomination's details."""

    item: int


@dataclasses.dataclass(frozen=True)
class NominationAct(CallbackData, prefix="na"):
    """Act on a nomination; ``version`` is the one the button was made for (stale → refused)."""

    item: int
    action: str
    version: int
    sure: int = 0


@dataclasses.dataclass(frozen=True)
class NominationFile(CallbackData, prefix="nf"):
    """Send one evidence file of a nomination (the item is re-read to check who may see it)."""

    item: int
    attachment: int


class DecisionChoice(StrEnum):
    """What a ``/quyetdinh`` button does."""

    LIST = "list"  # what waits for a decision
    GROUP = "group"  # one award and year (or one Tờ trình): its items
    RECORD = "rec"  # record its decision, Tờ trình or result (a dialog)


@dataclasses.dataclass(frozen=True)
class DecisionMenu(CallbackData, prefix="dm"):
    """A ``/quyetdinh`` screen: a group is an award and a year, or a Tờ trình (``submission``)."""

    choice: DecisionChoice
    award: str = ""
    year: int = 0
    submission: int = 0


class CouncilChoice(StrEnum):
    """What a ``/hoidong`` button does."""

    LIST = "list"  # the councils
    ROLL = "roll"  # one council's members
    SEAT = "seat"  # seat a member or change a position (a dialog)
    UNSEAT = "unseat"  # asks "Đồng chí chắc chắn …?"
    UNSEAT_NOW = "unseatok"


@dataclasses.dataclass(frozen=True)
class CouncilMenu(CallbackData, prefix="cm"):
    """A ``/hoidong`` screen or action on one council (and one member of it)."""

    choice: CouncilChoice
    council: str = ""
    member: int = 0


class SessionChoice(StrEnum):
    """What a ``/phienhop`` button does."""

    LIST = "list"  # open and recent sessions
    NEW = "new"  # open a session (a dialog)
    SHOW = "show"  # one session: the votes so far, or the results once closed
    CLOSE = "close"  # asks "Đồng chí chắc chắn …?"
    CLOSE_NOW = "closeok"


@dataclasses.dataclass(frozen=True)
class SessionMenu(CallbackData, prefix="ss"):
    """A ``/phienhop`` screen or action on one council session."""

    choice: SessionChoice
    session: int = 0


class BallotChoice(StrEnum):
    """What a ``/bophieu`` button does."""

    LIST = "list"  # the member's open sessions
    AGENDA = "agenda"  # a page of one session's items
    AGREE = "yes"
    DISAGREE = "no"
    ALL = "all"  # asks "Đồng chí chắc chắn …?" before agreeing on every remaining item
    ALL_NOW = "allok"


@dataclasses.dataclass(frozen=True)
class BallotAct(CallbackData, prefix="sv"):
    """A ``/bophieu`` screen or vote: ``item`` is a session item (votes), ``page`` the agenda's
    page to show after it."""

    choice: BallotChoice
    session: int = 0
    item: int = 0
    page: int = 0


class RegistrationChoice(StrEnum):
    """What a ``/dangkythidua`` button does."""

    HOME = "home"  # what was registered for the person and their unit
    REGISTER = "reg"  # the unit head registers the unit's targets (a dialog)
    OPEN = "open"  # the Office opens the year or moves its deadline (a dialog)
    STATUS = "status"  # the Office's overview of the units, a page at a time


@dataclasses.dataclass(frozen=True)
class RegistrationMenu(CallbackData, prefix="rg"):
    """A ``/dangkythidua`` screen or action for ``year`` (``page`` of the overview)."""

    choice: RegistrationChoice
    year: int = 0
    page: int = 0


class BroadcastChoice(StrEnum):
    """What a broadcast button does."""

    NEW = "new"
    OPEN = "open"
    CANCEL = "cancel"  # asks "Bạn chắc chắn …?"
    CANCEL_NOW = "cancelok"
    LIST = "list"  # who did not receive it
    XLSX = "xlsx"  # the same as a file
    TARGETS_MISSING = "tgmiss"  # compose a reminder to units that have not registered targets


@dataclasses.dataclass(frozen=True)
class BroadcastAct(CallbackData, prefix="ta"):
    """Act on broadcast ``item`` (0 with ``NEW``)."""

    item: int
    action: BroadcastChoice


class ReminderChoice(StrEnum):
    """What a reminder button does (``DELETE`` asks, ``DELETE_NOW`` deletes)."""

    LIST = "list"
    NEW = "new"
    OPEN = "open"
    PAUSE = "pause"
    RESUME = "resume"
    DELETE = "delete"
    DELETE_NOW = "deleteok"


@dataclasses.dataclass(frozen=True)
class ReminderAct(CallbackData, prefix="ra"):
    """Act on reminder ``item`` (0 with ``LIST`` and ``NEW``)."""

    item: int
    action: ReminderChoice


@dataclasses.dataclass(frozen=True)
class BoardAct(CallbackData, prefix="bx"):
    """A leaderboard button: ``view`` to show (``u`` units per member, ``t`` units in total,
    ``m`` individuals, ``p`` choose the period, ``pc`` a custom one, ``k`` choose the unit kind,
    ``w`` "Vì sao?", ``c`` coverage, ``r`` trend, ``x`` Excel); ``period`` is ``month``,
    ``quarter``, ``year``, ``plan`` or ``YYYYMMDD-YYYYMMDD``; ``kind`` a unit kind or "" for all;
    ``back`` the board view the choice returns to."""

    view: str
    period: str
    kind: str
    back: str


class WhyList(StrEnum):
    """What a "Vì sao?" pick list lists."""

    UNITS = "u"
    MEMBERS = "m"


@dataclasses.dataclass(frozen=True)
class BoardWhyList(CallbackData, prefix="bwl"):
    """A page of a "Vì sao?" pick list: the board's units, or the members of ``unit``;
    ``period``, ``kind`` and ``back`` are the board's (:class:`BoardAct`)."""

    of: WhyList
    unit: int
    page: int
    period: str
    kind: str
    back: str


class WhySubject(StrEnum):
    """Whose score a "Vì sao?" explains."""

    UNIT = "u"
    MEMBER = "m"


@dataclasses.dataclass(frozen=True)
class BoardWhy(CallbackData, prefix="bwe"):
    """ "Vì sao?" of unit or member ``item``, picked from a list of ``unit`` at page ``at``
    (where its "back to the list" returns)."""

    subject: WhySubject
    item: int
    unit: int
    at: int
    period: str
    kind: str
    back: str


@dataclasses.dataclass(frozen=True)
class LinkAct(CallbackData, prefix="lk"):
    """``/lienket``: send member ``member``'s notices to their account on ``channel``."""

    member: int
    channel: Channel


class VoteListChoice(StrEnum):
    """What a ``/binhxet`` button does."""

    HOME = "home"  # the unit's list (a head), every unit's (the Office)
    BUILD = "build"  # build the unit's list, or fix a returned one (a dialog)
    SHOW = "show"  # one list with its rows and what the rules find
    RECEIVE = "rcv"  # the Office takes the list in
    RETURN = "ret"  # the Office returns it whole (a dialog for the reason)
    MINUTES = "min"  # the meeting's minutes


@dataclasses.dataclass(frozen=True)
class VoteListMenu(CallbackData, prefix="vl"):
    """A ``/binhxet`` screen or action; ``version`` guards the Office's acts on a list."""

    choice: VoteListChoice
    list_id: int = 0
    version: int = 0
    year: int = 0
    page: int = 0
    item: int = 0  # an attachment of the minutes


class ListingChoice(StrEnum):
    """What a ``/congkhai`` button does (everyone)."""

    LIST = "list"  # the listings open for objections
    OPEN = "open"  # one listing's rows (a page of them)
    ROW = "row"  # one row: the achievements, the reader's objections and their answers
    OBJECT = "obj"  # "Góp ý" on a row (a dialog)


@dataclasses.dataclass(frozen=True)
class ListingMenu(CallbackData, prefix="lc"):
    """A ``/congkhai`` screen: listing ``listing``, its row ``item`` (a nomination id)."""

    choice: ListingChoice
    listing: int = 0
    item: int = 0
    page: int = 0


class ListingOfficeChoice(StrEnum):
    """What an Office button of ``/congkhai`` does."""

    GROUPS = "groups"  # what waits to be listed, by award and year
    PUBLISH = "pub"  # publish one group (a dialog: title, "chắc chắn?")
    OBJECTIONS = "objs"  # a listing's objections
    OBJECTION = "obj"  # one objection
    ANSWER = "ans"  # answer it (a dialog)
    OVERRIDE = "ovr"  # let the rows go to the council early (a dialog: reason, "chắc chắn?")


@dataclasses.dataclass(frozen=True)
class ListingOffice(CallbackData, prefix="lo"):
    """An Office action of ``/congkhai``: a group (``award``, ``year``), or listing
    ``listing`` and its objection ``item``."""

    choice: ListingOfficeChoice
    award: str = ""
    year: int = 0
    listing: int = 0
    item: int = 0


class MilestoneChoice(StrEnum):
    """What a ``/lichthidua`` button does."""

    YEAR = "year"  # a year's milestones
    PENDING = "pending"  # the units that have not acted for a milestone (the Office)
    EXPORT = "xlsx"  # the year as a workbook (the Office)


@dataclasses.dataclass(frozen=True)
class MilestoneMenu(CallbackData, prefix="ms"):
    """A ``/lichthidua`` screen: a year, or one milestone (``key``) of it."""

    choice: MilestoneChoice
    year: int
    key: str = ""
