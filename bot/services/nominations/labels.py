"""What nominations are called on screen, shared by the chat handlers and the web pages:
states, tracks, kinds of nominee, the action buttons, the questions before a decisive step and
the shortest reasons (literal keys, so the catalogue test sees them used)."""

from __future__ import annotations

from bot.domain import NominationState, NomineeKind, Track
from bot.services.nominations.workflow import Action

#: The tracks and kinds of nominee, as the nomination dialog offers them.
TRACKS: dict[Track, str] = {
    Track.ANNUAL: "nomination.track.annual",
    Track.THEMATIC: "nomination.track.thematic",
    Track.ADHOC: "nomination.track.adhoc",
}
KINDS: dict[NomineeKind, str] = {
    NomineeKind.MEMBER: "nomination.kind.member",
    NomineeKind.PERSON: "nomination.kind.person",
    NomineeKind.COLLECTIVE: "nomination.kind.collective",
}
#: The states and tracks, as the review screens show them.
STATE_NAMES: dict[NominationState, str] = {
    NominationState.SUBMITTED: "nomination.review.state.submitted",
    NominationState.RECEIVED: "nomination.review.state.received",
    NominationState.RESUBMITTED: "nomination.review.state.resubmitted",
    NominationState.UNDER_REVIEW: "nomination.review.state.under_review",
    NominationState.RECOMMENDED: "nomination.review.state.recommended",
    NominationState.SENT_UP: "nomination.review.state.sent_up",
    NominationState.AWARDED: "nomination.review.state.awarded",
    NominationState.NOT_AWARDED: "nomination.review.state.not_awarded",
    NominationState.RETURNED: "nomination.review.state.returned",
    NominationState.REJECTED: "nomination.review.state.rejected",
    NominationState.REVOKED: "nomination.review.state.revoked",
    NominationState.WITHDRAWN: "nomination.review.state.withdrawn",
}
TRACK_NAMES: dict[Track, str] = {
    Track.ANNUAL: "nomination.review.track.annual",
    Track.THEMATIC: "nomination.review.track.thematic",
    Track.ADHOC: "nomination.review.track.adhoc",
}

#: The states in which the Office records a decision (or a Tờ trình's result) on the item.
WAITING_FOR_DECISION = frozenset({NominationState.RECOMMENDED, NominationState.SENT_UP})
#: What each decision did to the item, as its screen says it.
DECIDED: dict[str, str] = {
    "awarded": "nomination.review.decision.awarded",
    "not_awarded": "nomination.review.decision.not_awarded",
    "sent_up": "nomination.review.decision.sent_up",
}
#: The button of each action on an item.
ACTION_LABELS: dict[Action, str] = {
    Action.RECEIVE: "nomination.review.button.receive",
    Action.RETURN: "nomination.review.button.return",
    Action.SEND_TO_COUNCIL: "nomination.review.button.council",
    Action.RECOMMEND: "nomination.review.button.recommend",
    Action.REJECT: "nomination.review.button.reject",
    Action.REVOKE: "nomination.review.button.revoke",
    Action.WITHDRAW: "nomination.review.button.withdraw",
    Action.RESUBMIT: "nomination.review.button.resubmit",
}

#: The shortest reason and completed summary a person may give.
REASON_MIN = 5
SUMMARY_MIN = 10
#: Whether a cancelled award's reward is recovered, as the question says it.
RECOVERED: dict[bool, str] = {True: "decision.recovered.yes", False: "decision.recovered.no"}
#: What each decisive step asks before it takes effect: the step and what it will do.
SURE: dict[Action, tuple[str, str]] = {
    Action.RECOMMEND: ("nomination.sure.recommend", "nomination.sure.recommend_effect"),
    Action.REJECT: ("nomination.sure.reject", "nomination.sure.reject_effect"),
    Action.REVOKE: ("nomination.sure.revoke", "nomination.sure.revoke_effect"),
    Action.WITHDRAW: ("nomination.sure.withdraw", "nomination.sure.withdraw_effect"),
}
