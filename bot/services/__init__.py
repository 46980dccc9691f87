"""Use cases, one module per capability; each public method is one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.broadcasts import BroadcastService
from bot.services.conversation import ChoiceService, DialogStateService
from bot.services.councils import CouncilService, SessionService
from bot.services.decisions import DecisionService
from bot.services.delivery import ChannelQuotaService, OutboxService
from bot.services.inbox import InboxNoticeService, InboxService
from bot.services.initiatives import InitiativeExportService, InitiativeService, ReviewService
from bot.services.leaderboards import BoardChartService, BoardPostService, LeaderboardService
from bot.services.nominations import NominationExportService, NominationService
from bot.services.people import (
    InviteService,
    LinkingService,
    MemberService,
    RegistrationService,
    UnitService,
)
from bot.services.plans import PlanCoverageService, PlanService
from bot.services.reminders import ReminderService
from bot.services.reports import ReportExportService, ReportReviewService, ReportService


@dataclass(frozen=True, slots=True)
class Services:
    """Every service, built once by the composition root and handed to handlers."""

    members: MemberService
    invites: InviteService
    registration: RegistrationService
    units: UnitService
    dialog_states: DialogStateService
    outbox: OutboxService
    plans: PlanService
    plan_coverage: PlanCoverageService
    initiatives: InitiativeService
    reviews: ReviewService
    initiative_export: InitiativeExportService
    reports: ReportService
    report_review: ReportReviewService
    nominations: NominationService
    nomination_export: NominationExportService
    decisions: DecisionService
    councils: CouncilService
    council_sessions: SessionService
    report_export: ReportExportService
    broadcasts: BroadcastService
    reminders: ReminderService
    leaderboards: LeaderboardService
    board_charts: BoardChartService
    board_posts: BoardPostService
    channel_quota: ChannelQuotaService
    linking: LinkingService
    choices: ChoiceService
    inbox: InboxService
    inbox_notices: InboxNoticeService
