"""SQLAlchemy tables; importing this package registers every table on ``Base.metadata``."""

from models.audit import AuditEntry
from models.base import Base
from models.broadcast import Broadcast, BroadcastState, Reminder
from models.channel_quota import ChannelQuota
from models.chat_choice import ChatChoices
from models.chat_state import ChatState
from models.council import CouncilSeat
from models.council_session import Ballot, CouncilSession, SessionItem
from models.decision import Decision, DecisionItem
from models.delivery import Delivery, DeliveryOutcome, DeliveryStatus
from models.dialog_state import DialogState
from models.inbox import InboxNotice
from models.inbox_timed import InboxDigest, PeriodClosingNotice
from models.initiative import Initiative, InitiativeApplier, InitiativeAuthor, Review
from models.initiative_evaluation import ConditionMark
from models.invite import Invite
from models.ledger import ScoreEvent
from models.link_code import LinkCode
from models.listing import Listing, ListingItem, Objection
from models.member import ChannelAccount, Discipline, Member
from models.movement import Movement
from models.nomination import Nomination, NominationInitiative
from models.organisation import MemberChange, MemberChangeKind, UnitChange, UnitChangeKind
from models.period import EmulationPeriod
from models.plan import Acknowledgement, Plan, PlanSection
from models.processed_update import ProcessedUpdate
from models.registration import RegisteredTarget, RegistrationRound, UnitRegistration
from models.reply_window import ReplyWindow
from models.report import Report, ReportingPeriod
from models.stored_file import StoredFile
from models.unit import Unit
from models.vote_list import VoteList
from models.web_access import WebSession, WebSignInLink
from models.workflow import Attachment, CodeCounter, StateChange
from models.zalo_oa_token import ZaloOaToken

__all__ = [
    "Acknowledgement",
    "Attachment",
    "AuditEntry",
    "Ballot",
    "Base",
    "Broadcast",
    "BroadcastState",
    "ChannelAccount",
    "ChannelQuota",
    "ChatChoices",
    "ChatState",
    "CodeCounter",
    "ConditionMark",
    "CouncilSeat",
    "CouncilSession",
    "Decision",
    "DecisionItem",
    "Delivery",
    "DeliveryOutcome",
    "DeliveryStatus",
    "DialogState",
    "Discipline",
    "EmulationPeriod",
    "InboxDigest",
    "InboxNotice",
    "Initiative",
    "InitiativeApplier",
    "InitiativeAuthor",
    "Invite",
    "LinkCode",
    "Listing",
    "ListingItem",
    "Member",
    "MemberChange",
    "MemberChangeKind",
    "Movement",
    "Nomination",
    "NominationInitiative",
    "Objection",
    "PeriodClosingNotice",
    "Plan",
    "PlanSection",
    "ProcessedUpdate",
    "RegisteredTarget",
    "RegistrationRound",
    "Reminder",
    "ReplyWindow",
    "Report",
    "ReportingPeriod",
    "Review",
    "ScoreEvent",
    "SessionItem",
    "StateChange",
    "StoredFile",
    "Unit",
    "UnitChange",
    "UnitChangeKind",
    "UnitRegistration",
    "VoteList",
    "WebSession",
    "WebSignInLink",
    "ZaloOaToken",
]
