"""Use cases, one module per capability; each public method is one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.board_charts import BoardChartService
from bot.services.board_posts import BoardPostService
from bot.services.broadcasts import BroadcastService
from bot.services.channel_quota import ChannelQuotaService
from bot.services.choices import ChoiceService
from bot.services.dialog_states import DialogStateService
from bot.services.initiative_export import InitiativeExportService
from bot.services.initiative_review import ReviewService
from bot.services.initiatives import InitiativeService
from bot.services.invites import InviteService
from bot.services.leaderboards import LeaderboardService
from bot.services.linking import LinkingService
from bot.services.members import MemberService
from bot.services.nomination_export import NominationExportService
from bot.services.nominations import NominationService
from bot.services.outbox import OutboxService
from bot.services.plan_coverage import PlanCoverageService
from bot.services.plans import PlanService
from bot.services.registration import RegistrationService
from bot.services.reminders import ReminderService
from bot.services.report_export import ReportExportService
from bot.services.report_review import ReportReviewService
from bot.services.reports import ReportService
from bot.services.units import UnitService


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
    report_export: ReportExportService
    broadcasts: BroadcastService
    reminders: ReminderService
    leaderboards: LeaderboardService
    board_charts: BoardChartService
    board_posts: BoardPostService
    channel_quota: ChannelQuotaService
    linking: LinkingService
    choices: ChoiceService
