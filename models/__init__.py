"""SQLAlchemy tables; importing this package registers every table on ``Base.metadata``."""

from models.audit import AuditEntry
from models.base import Base
from models.delivery import Delivery, DeliveryStatus
from models.dialog_state import DialogState
from models.invite import Invite
from models.member import ChannelAccount, Member
from models.movement import Movement
from models.plan import Acknowledgement, Plan, PlanSection
from models.processed_update import ProcessedUpdate
from models.unit import Unit

__all__ = [
    "Acknowledgement",
    "AuditEntry",
    "Base",
    "ChannelAccount",
    "Delivery",
    "DeliveryStatus",
    "DialogState",
    "Invite",
    "Member",
    "Movement",
    "Plan",
    "PlanSection",
    "ProcessedUpdate",
    "Unit",
]
