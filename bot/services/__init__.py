"""Use cases, one module per capability; each public method is one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.broadcasts import BroadcastService
from bot.services.conversation import ChoiceService, DialogStateService
from bot.services.councils import CouncilService, SessionService
from bot.services.decisions import DecisionService
from bot.services.delivery import (
    ChannelQuotaService,
    ChatStateService,
    OutboxService,
    ReplyWindowService,
)
from bot.services.documents import DocumentService
from bot.services.files import FileService
from bot.services.inbox import InboxNoticeService, InboxService
from bot.services.initiatives import (
    EvaluationService,
    InitiativeExportService,
    InitiativeService,
    ReviewService,
)
from bot.services.leaderboards import BoardChartService, BoardPostService, LeaderboardService
from bot.services.listings import ListingService
from bot.services.milestones import MilestoneService
from bot.services.nominations import NominationExportService, NominationService
from bot.services.oa_tokens import OaTokenService
from bot.services.people import (
    DirectoryService,
    InviteService,
    LinkingService,
    MemberChangeService,
    MemberService,
    PersonnelService,
    RegistrationService,
    RosterService,
    StaffImportService,
    UnitChangeService,
    UnitService,
)
from bot.services.plans import PeriodService, PlanCoverageService, PlanService
from bot.services.registrations import TargetRegistrationService
from bot.services.reminders import ReminderService
from bot.services.reports import ReportExportService, ReportReviewService, ReportService
from bot.services.statistics import StatisticsService
from bot.services.vote_lists import VoteListService
from bot.services.web_access import WebAccessService


@dataclass(frozen=True, slots=True)
class Services:
    """Every service, built once by the composition root and handed to handlers."""

    members: MemberService
    invites: InviteService
    registration: RegistrationService
    units: UnitService
    unit_changes: UnitChangeService
    member_changes: MemberChangeService
    roster: RosterService
    personnel: PersonnelService
    dialog_states: DialogStateService
    outbox: OutboxService
    plans: PlanService
    plan_coverage: PlanCoverageService
    periods: PeriodService
    initiatives: InitiativeService
    reviews: ReviewService
    evaluations: EvaluationService
    initiative_export: InitiativeExportService
    reports: ReportService
    report_review: ReportReviewService
    nominations: NominationService
    nomination_export: NominationExportService
    targets: TargetRegistrationService
    decisions: DecisionService
    listings: ListingService
    vote_lists: VoteListService
    councils: CouncilService
    council_sessions: SessionService
    report_export: ReportExportService
    broadcasts: BroadcastService
    reminders: ReminderService
    milestones: MilestoneService
    leaderboards: LeaderboardService
    board_charts: BoardChartService
    board_posts: BoardPostService
    channel_quota: ChannelQuotaService
    reply_windows: ReplyWindowService
    chat_states: ChatStateService
    linking: LinkingService
    oa_tokens: OaTokenService
    web_access: WebAccessService
    choices: ChoiceService
    inbox: InboxService
    inbox_notices: InboxNoticeService
    documents: DocumentService
    files: FileService
    statistics: StatisticsService
    directory: DirectoryService
    staff_import: StaffImportService
