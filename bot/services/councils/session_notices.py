"""What a council session tells, through the outbox: each seated member that it opened (with the
button that opens their ballot), the council's members and the Office its results, each
nominator (and a recommended nominee) their item's outcome; and the reason a concluded item
keeps in its history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import BallotAct, BallotChoice, NominationOpen, SessionChoice, SessionMenu
from bot.domain import NominationState
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import OFFICE
from bot.services import workflow
from bot.services.councils.session_rows import ClosingRow
from bot.services.councils.session_views import ItemResult, SessionView, has_stake
from bot.services.councils.tally import Result, Tally
from bot.services.delivery import enqueue_many, reachable
from bot.texts import Safe, Texts
from models import Member, Nomination

#: What each result is called (literal keys, so the catalogue test sees them used).
RESULT_NAMES: dict[Result, str] = {
    Result.OPEN: "council.session.result.open",
    Result.PASSED: "council.session.result.passed",
    Result.FAILED: "council.session.result.failed",
    Result.NO_QUORUM: "council.session.result.no_quorum",
    Result.UNRULED: "council.session.result.unruled",
}
#: Items listed in a results summary; the rest are counted.
SHOWN = 20


def percent(share: float) -> str:
    """A share as Vietnamese write a percentage: 0.6 → "60", 2/3 → "66,7"."""
    return f"{round(share * 100, 1):g}".replace(".", ",")


@dataclass(frozen=True, slots=True)
class SessionNotices:
    """The texts of council sessions."""

    texts: Texts

    def reason(self, tally: Tally, threshold: float | None) -> str:
        """The sentence a concluded item keeps as the reason of its new state."""
        if threshold is None:
            return self.texts.t(
                "council.session.reason_unruled", agree=tally.agree, members=tally.members
            )
        return self.texts.t(
            "council.session.reason",
            agree=tally.agree,
            members=tally.members,
            threshold=percent(threshold),
            needed=tally.needed(threshold),
        )

    async def opened(
        self,
        session: AsyncSession,
        view: SessionView,
        rows: Sequence[Nomination],
        seats: Mapping[int, int],
        now: datetime,
    ) -> int:
        """Tell each seated member how many items wait for their vote; return how many
        members were told."""
        ballot = BallotAct(BallotChoice.AGENDA, view.id).pack()
        button = Button(self.texts.t("council.session.notice.ballot_button"), ballot)
        replies = {}
        for member, unit in seats.items():
            mine = sum(not has_stake(member, unit, row) for row in rows)
            text = self.texts.t(
                "council.session.notice.opened",
                council=view.council_name,
                code=view.code,
                title=view.title,
                items=view.items,
                mine=mine,
            )
            replies[member] = [Reply(text, buttons=((button,),))]
        return await _send(session, replies, now)

    async def closed(
        self,
        session: AsyncSession,
        view: SessionView,
        results: Sequence[ItemResult],
        seats: Iterable[int],
        now: datetime,
    ) -> None:
        """Tell the council's members and the Office the results; the Office gets the button
        that opens them."""
        text = self.summary(view, results)
        office = set(
            await session.scalars(
                select(Member.id).where(Member.active.is_(True), Member.role.in_(list(OFFICE)))
            )
        )
        shown = SessionMenu(SessionChoice.SHOW, view.id).pack()
        opens = Reply(
            text, buttons=((Button(self.texts.t("council.session.button.results"), shown),),)
        )
        replies = {member: [Reply(text)] for member in seats if member not in office}
        replies.update({member: [opens] for member in office})
        await _send(session, replies, now)

    def summary(self, view: SessionView, results: Sequence[ItemResult]) -> str:
        """The results of a closed session: the count of each result, then the items."""
        counts = dict.fromkeys(Result, 0)
        for item in results:
            counts[item.result] += 1
        members = results[0].tally.members if results else 0
        lines = [
            self.texts.t(
                "council.session.notice.closed",
                council=view.council_name,
                code=view.code,
                title=view.title,
                items=len(results),
                members=members,
                passed=counts[Result.PASSED],
                failed=counts[Result.FAILED],
                no_quorum=counts[Result.NO_QUORUM],
                unruled=counts[Result.UNRULED],
            )
        ]
        lines += [self.result_line(n, item) for n, item in enumerate(results[:SHOWN], start=1)]
        if len(results) > SHOWN:
            lines.append(self.texts.t("council.session.more", count=len(results) - SHOWN))
        lines.append(self.texts.t("council.session.not_a_decision"))
        return "\n".join(lines)

    def result_line(self, number: int, item: ItemResult) -> str:
        """One item's tally and result."""
        return self.texts.t(
            "council.session.result_line",
            number=number,
            code=item.code,
            name=item.nominee_name,
            award=item.award_name,
            agree=item.tally.agree,
            members=item.tally.members,
            result=self.texts.t(RESULT_NAMES[item.result]),
        )

    async def concluded(
        self, session: AsyncSession, outcomes: Sequence[tuple[ClosingRow, str]], now: datetime
    ) -> None:
        """Tell each concluded item's nominator its new state, with the council's tally as the
        reason (one message listing them when they filed several: a unit's list), and each
        recommended nominee member of a single nomination theirs. The rows of a unit's vote
        list hear from the decision: their unit voted them, their head hears the council, and
        a department's thousands of members are not sent an interim message each."""
        replies: dict[int, list[Reply]] = {}
        filed: dict[int, list[tuple[ClosingRow, str]]] = {}
        for row, reason in outcomes:
            if row.nominator_id is not None:
                filed.setdefault(row.nominator_id, []).append((row, reason))
            nominee = row.nominee_member_id
            recommended = row.state == NominationState.RECOMMENDED
            single = row.list_id is None
            if recommended and single and nominee is not None and nominee != row.nominator_id:
                told = workflow.notice(self.texts, self._outcome(row), reason)
                replies.setdefault(nominee, []).append(told)
        for nominator, rows in filed.items():
            replies.setdefault(nominator, []).append(self._to_nominator(rows))
        await _send(session, replies, now)

    def _outcome(self, row: ClosingRow) -> str:
        recommended = row.state == NominationState.RECOMMENDED
        key = "nomination.notice.recommended" if recommended else "nomination.notice.rejected"
        return self.texts.t(key, code=row.code, name=row.nominee_name, award=row.award_name)

    def _to_nominator(self, rows: Sequence[tuple[ClosingRow, str]]) -> Reply:
        if len(rows) == 1:
            row, reason = rows[0]
            label = self.texts.t("nomination.review.button.open")
            button = Button(label, NominationOpen(row.id).pack())
            return workflow.notice(self.texts, self._outcome(row), reason, button)
        lines = [self._outcome(row) for row, _ in rows[:SHOWN]]
        if len(rows) > SHOWN:
            lines.append(self.texts.t("council.session.more", count=len(rows) - SHOWN))
        passed = sum(1 for row, _ in rows if row.state == NominationState.RECOMMENDED)
        return Reply(
            self.texts.t(
                "council.session.notice.concluded_many",
                count=len(rows),
                passed=passed,
                lines=Safe("\n".join(lines)),
            )
        )


async def _send(session: AsyncSession, replies: Mapping[int, list[Reply]], now: datetime) -> int:
    """Queue each member's replies to the one account they are reached on; return how many
    members were reached."""
    accounts = await reachable(session, sorted(replies))
    messages = [
        (Outgoing(Channel(channel), chat, reply), member)
        for channel, chat, member in accounts
        for reply in replies[member]
    ]
    await enqueue_many(session, messages, now=now)
    return len(accounts)
