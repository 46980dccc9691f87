"""What nominations are called on screen: states, tracks and kinds of nominee (literal keys,
so the catalogue test sees them used)."""

from __future__ import annotations

from bot.domain import NominationState, NomineeKind, Track

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
