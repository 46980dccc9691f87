"""How far each member has been told of the work that arrived in their to-do inbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class InboxNotice(Base):
    """Items that started waiting for the member up to ``told_until`` have been told."""

    __tablename__ = "inbox_notices"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    told_until: Mapped[datetime]
