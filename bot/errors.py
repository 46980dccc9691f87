"""Domain errors raised by services; each maps to one Vietnamese text in one place.

Each error carries the text key that explains it to the person, and optional values for the
text's placeholders.
"""

from __future__ import annotations


class DomainError(Exception):
    """A use case refused to act; ``text_key`` tells the person why."""

    text_key = "errors.generic"

    def __init__(self, **params: object) -> None:
        super().__init__(self.text_key)
        self.params = params


class NotAllowed(DomainError):
    """The person's role does not allow this action."""

    text_key = "errors.not_allowed"


class OwnInitiative(NotAllowed):
    """A reviewer tried to judge an initiative they proposed or co-authored."""

    text_key = "conflict.initiative"


class OwnNomination(NotAllowed):
    """A reviewer tried to judge a nomination they have a stake in (the nominee, a member of
    the nominated collective, or the nominator from the nominee's own unit)."""

    text_key = "conflict.nomination"


class AlreadyRegistered(DomainError):
    """The account already belongs to a member."""

    text_key = "start.already_member"


class InviteMalformed(DomainError):
    """The invite token is not of the invite alphabet or too long."""

    text_key = "invite.error.malformed"


class InviteNotFound(DomainError):
    """No invite has this token."""

    text_key = "invite.error.not_found"


class InviteExpired(DomainError):
    """The invite is past its expiry."""

    text_key = "invite.error.expired"


class InviteUsedUp(DomainError):
    """The invite has been used as many times as allowed."""

    text_key = "invite.error.used_up"


class UnknownUnit(DomainError):
    """No unit has this code."""

    text_key = "errors.unknown_unit"


class NoPlan(DomainError):
    """No plan version has been published yet."""

    text_key = "plan.error.none"


class PlanOutdated(DomainError):
    """A button refers to a plan version that is no longer the current one."""

    text_key = "plan.error.outdated"


class PlanUnchanged(DomainError):
    """The document is the same as the current version."""

    text_key = "plan.error.unchanged"


class NudgeTooSoon(DomainError):
    """The Office reminded the unconfirmed members a short while ago."""

    text_key = "plan.error.nudge_too_soon"


class InitiativeNotFound(DomainError):
    """No initiative with this id (or the person may not see it)."""

    text_key = "initiative.error.not_found"


class AlreadyHandled(DomainError):
    """Someone else changed the item first; the button pressed is out of date."""

    text_key = "initiative.error.already_handled"


class IllegalTransition(DomainError):
    """The action is not possible from the item's current state."""

    text_key = "initiative.error.illegal"


class ReasonRequired(DomainError):
    """Returning, not recognising and withdrawing need a reason."""

    text_key = "initiative.error.reason_required"


class DailyCapReached(DomainError):
    """The member has submitted as many initiatives today as allowed."""

    text_key = "initiative.error.daily_cap"


class InvalidProposal(DomainError):
    """A proposal broke a rule the dialog should have caught (e.g. shares not summing to 100)."""

    text_key = "initiative.error.invalid"


class InvalidScore(DomainError):
    """A council member's score is not a whole number from 1 to 5."""

    text_key = "initiative.error.invalid_score"


class InvalidPeriod(DomainError):
    """A reporting period's name is too short or too long."""

    text_key = "report.error.invalid_period"


class PeriodNotFound(DomainError):
    """No reporting period with this id."""

    text_key = "report.error.no_period"


class PeriodClosed(DomainError):
    """The reporting period no longer takes reports."""

    text_key = "report.error.closed"


class ReportNotFound(DomainError):
    """No report with this id (or the person may not see it)."""

    text_key = "report.error.not_found"


class InvalidReport(DomainError):
    """A report's texts broke a rule the dialog should have caught."""

    text_key = "report.error.invalid"


class ReportAlreadySubmitted(DomainError):
    """The unit's report for the period is waiting for review or was accepted."""

    text_key = "report.error.already_submitted"


class ReportAlreadyHandled(AlreadyHandled):
    """Someone else changed the report first; the button pressed is out of date."""

    text_key = "report.error.already_handled"


class ReportNotReviewable(IllegalTransition):
    """The report is not waiting for review (already accepted or returned)."""

    text_key = "report.error.not_reviewable"


class NominationNotFound(DomainError):
    """No nomination with this id (or the person may not see it)."""

    text_key = "nomination.error.not_found"


class NominationAlreadyHandled(AlreadyHandled):
    """Someone else changed the nomination first; the button pressed is out of date."""

    text_key = "nomination.error.already_handled"


class NominationIllegalTransition(IllegalTransition):
    """The action is not possible from the nomination's current state."""

    text_key = "nomination.error.illegal"


class DuplicateNomination(DomainError):
    """The nominee already has a live nomination for this award this year (``code``)."""

    text_key = "nomination.error.duplicate"


class AwardMismatch(DomainError):
    """The award is not in the catalogue, not of the track, or not for this kind of nominee."""

    text_key = "nomination.error.award"


class NomineeNotInUnit(DomainError):
    """The nominated member is not an active member of the nominating unit."""

    text_key = "nomination.error.not_in_unit"


class InitiativeNotEligible(DomainError):
    """A cited initiative is not recognised, or not the nominee's (or the unit's)."""

    text_key = "nomination.error.initiative"


class InvalidNomination(DomainError):
    """A draft broke a rule the dialog should have caught (empty summary, no movement …)."""

    text_key = "nomination.error.invalid"


class UnknownCouncil(DomainError):
    """No council of ``[[councils]]`` has this code (``code``)."""

    text_key = "council.error.unknown"


class SessionNotFound(DomainError):
    """No council session has this id."""

    text_key = "council.error.session"


class SessionClosed(NominationAlreadyHandled):
    """The council session is closed: no more votes, no second close."""

    text_key = "council.session.error.closed"


class NotSeated(NotAllowed):
    """The member is not seated on the council whose session this is."""

    text_key = "council.ballot.error.not_seated"


class AlreadyVoted(NominationAlreadyHandled):
    """The member already voted on this item of the session (a vote is final)."""

    text_key = "council.ballot.error.voted"


class SessionListChanged(NominationIllegalTransition):
    """An item chosen for a session is no longer under review for this council, or is on
    another open session already."""

    text_key = "council.session.error.changed"


class InvalidSessionTitle(DomainError):
    """A session's title is empty or too long."""

    text_key = "council.session.error.title"


class CouncilEmpty(DomainError):
    """The council has no active member seated: nobody could vote."""

    text_key = "council.session.error.empty"


class DecidedBySession(NominationIllegalTransition):
    """The item's award has a vote threshold: the council decides it in a session, not one
    reviewer per item."""

    text_key = "council.session.error.by_session"


class MemberNotFound(DomainError):
    """No active member has this id."""

    text_key = "council.error.member"


class DecisionListChanged(DomainError):
    """The items waiting for the decision are not those the Office saw (someone acted)."""

    text_key = "decision.error.list_changed"


class DecisionNumberTaken(DomainError):
    """Another decision (or Tờ trình) already has this number (``number``)."""

    text_key = "decision.error.number_taken"


class InvalidDecision(DomainError):
    """The number, signer or date of a decision is not acceptable."""

    text_key = "decision.error.invalid"


class NothingToDecide(DomainError):
    """No item waits for this decision (any more)."""

    text_key = "decision.error.nothing"


class NotListedYet(DomainError):
    """The award needs a public listing before the council, and the item was never listed."""

    text_key = "listing.error.not_listed"


class ListingWindowOpen(DomainError):
    """The item is on a public listing whose window has not closed (and no override)."""

    text_key = "listing.error.window_open"


class ListingNotFound(DomainError):
    """No such listing, or no such row or objection on it."""

    text_key = "listing.error.not_found"


class ListingChanged(DomainError):
    """The rows the Office chose to publish are no longer all waiting to be listed."""

    text_key = "listing.error.changed"


class ListingNotAvailable(DomainError):
    """The award has no public window and ``[listing] default_days`` is 0."""

    text_key = "listing.error.not_available"


class ListingTextInvalid(DomainError):
    """A title, an objection, an answer or a reason is empty or too long."""

    text_key = "listing.error.text"


class ObjectionsClosed(DomainError):
    """The listing's window closed: objections are no longer taken."""

    text_key = "listing.error.closed"


class OverrideNotNeeded(DomainError):
    """The listing's window closed already, or the Office let its rows go before."""

    text_key = "listing.error.override"


class EmptyAudience(DomainError):
    """Nobody is in the chosen audience right now."""

    text_key = "broadcast.error.empty"


class SendTimeInPast(DomainError):
    """A broadcast was scheduled for a time already gone."""

    text_key = "broadcast.error.past"


class BroadcastNotFound(DomainError):
    """No such broadcast, or not one the person may see."""

    text_key = "broadcast.error.not_found"


class BroadcastStarted(DomainError):
    """A broadcast can be cancelled only before it starts."""

    text_key = "broadcast.error.started"


class ReminderNotFound(DomainError):
    """No such reminder (or it was deleted)."""

    text_key = "reminder.error.not_found"


class InvalidSchedule(DomainError):
    """A reminder's schedule could not be understood."""

    text_key = "reminder.error.schedule"


class BadBoardPeriod(DomainError):
    """A custom board period ends before it starts, lacks an end, or is too long."""

    text_key = "board.error.bad_range"


class BoardSubjectUnknown(DomainError):
    """No member or unit has the id a "Vì sao?" asks about."""

    text_key = "board.error.unknown"


class UnknownMilestone(DomainError):
    """No milestone of ``[[milestones]]`` has this key (``code``), or it counts nobody."""

    text_key = "milestone.error.unknown"


class MilestoneYearOutOfRange(DomainError):
    """The emulation year asked for is not one the calendar shows (``first``-``last``)."""

    text_key = "milestone.error.year"


class RegistrationNotOpen(DomainError):
    """The Office has not opened the registration of targets for the year."""

    text_key = "targets.error.not_open"


class RegistrationClosed(DomainError):
    """The registration's deadline has passed (the Office may set a later one)."""

    text_key = "targets.error.closed"


class RegistrationChanged(DomainError):
    """The unit's registration was saved by someone else since the form was read."""

    text_key = "targets.error.changed"


class RegistrationDeadlineInvalid(DomainError):
    """A registration deadline in the past, or after the end of its year."""

    text_key = "targets.error.deadline"


class RegistrationYearInvalid(DomainError):
    """Registration opens for this year or the next only."""

    text_key = "targets.error.year"


class InvalidTargets(DomainError):
    """A title not registrable, or a member not active in the head's unit (forged data)."""

    text_key = "targets.error.invalid"


class DraftFinished(Exception):
    """A dialog's result was saved before: a press repeated after a crash or a retry.

    Not a :class:`DomainError`, so a finisher that answers domain errors itself lets it through
    to the dialog engine, which closes the draft and tells what was saved.
    """

    def __init__(self, outcome: dict[str, object]) -> None:
        super().__init__(str(outcome.get("key", "")))
        self.outcome = outcome


class VoteListNotFound(DomainError):
    """No such vote list."""

    text_key = "vote_list.error.not_found"


class InvalidVoteList(DomainError):
    """A row names a title or person that cannot be, a share out of range, the year is neither
    this year nor the last, or the meeting's day or attendance cannot be."""

    text_key = "vote_list.error.invalid"


class VoteListLocked(DomainError):
    """The unit's list for the year (``code``) is sent and not returned: it cannot change."""

    text_key = "vote_list.error.locked"


class VoteListNotEligible(DomainError):
    """``count`` rows fail the rules; the list is not sent."""

    text_key = "vote_list.error.not_eligible"


class VoteListChanged(DomainError):
    """The list changed since the Office saw it (someone acted, or it was sent again)."""

    text_key = "vote_list.error.changed"


class MinutesRequired(DomainError):
    """A vote list goes with the minutes of the unit's meeting."""

    text_key = "vote_list.error.minutes"


class TitleByVoteList(DomainError):
    """An emulation title (``award``) is proposed by the unit's vote list, not one by one."""

    text_key = "nomination.error.title_by_list"
