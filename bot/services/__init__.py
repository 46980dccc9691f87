"""Use cases, one module per capability; each public method is one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.broadcasts.service import BroadcastService
from bot.services.conversation.choices import ChoiceService
from bot.services.conversation.dialog_states import DialogStateService
from bot.services.delivery.channel_quota import ChannelQuotaService
from bot.services.delivery.outbox import OutboxService
from bot.services.initiatives.export import InitiativeExportService
from bot.services.initiatives.review import ReviewService
from bot.services.initiatives.service import InitiativeService
from bot.services.leaderboards.charts import BoardChartService
from bot.services.leaderboards.posts import BoardPostService
from bot.services.leaderboards.service import LeaderboardService
from bot.services.nominations.export import NominationExportService
from bot.services.nominations.service import NominationService
from bot.services.people.invites import InviteService
from bot.services.people.linking import LinkingService
from bot.services.people.members import MemberService
from bot.services.people.registration import RegistrationService
from bot.services.people.units import UnitService
from bot.services.plans.coverage import PlanCoverageService
from bot.services.plans.service import PlanService
from bot.services.reminders.service import ReminderService
from bot.services.reports.export import ReportExportService
from bot.services.reports.review import ReportReviewService
from bot.services.reports.service import ReportService


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
