"""Channel-neutral conversation handlers and the single route table."""

from __future__ import annotations

from bot.callbacks import (
    BoardAct,
    BroadcastAct,
    InitiativeAct,
    InitiativeFile,
    InitiativeList,
    InitiativeOpen,
    LinkAct,
    NominationAct,
    NominationFile,
    NominationList,
    NominationOpen,
    PlanAction,
    PlanPage,
    PlanUnit,
    ProposalDraft,
    ReminderAct,
    ReportAct,
    ReportFile,
    ReportMenu,
)
from bot.dialog_spec import Dialog
from bot.roles import Role
from bot.routing import ButtonRoute, Route, RouteTable, Turn
from handlers.broadcasts import menu as broadcasts
from handlers.broadcasts import steps as broadcast_steps
from handlers.common import catalog, menu
from handlers.exports import dialog as exports
from handlers.initiatives import actions as initiative_actions
from handlers.initiatives import detail as initiative_detail
from handlers.initiatives import mine as my_initiatives
from handlers.initiatives import propose as initiatives
from handlers.initiatives import review
from handlers.leaderboards import board as leaderboards
from handlers.leaderboards import buttons as board_buttons
from handlers.leaderboards import extras as board_extras
from handlers.nominations import detail as nomination_detail
from handlers.nominations import nominate as nominations
from handlers.nominations import review as nomination_review
from handlers.people import invites, linking, registration
from handlers.plans import admin as plan_admin
from handlers.plans import reading as plan
from handlers.reminders import dialog as reminder_dialog
from handlers.reminders import listing as reminders
from handlers.reports import dialogs as report_dialogs
from handlers.reports import periods as reports

_BUILT = {
    "kehoach": plan.show_contents,
    "sangkien": initiatives.propose,
    "decu": nominations.start_nomination,
    "cuatoi": my_initiatives.show_mine,
    "duyet": review.show_queue,
    "moi": invites.create_invite,
    "xuat": exports.start_export,
    "baocao": reports.show_reports,
    "thongbao": broadcasts.show_menu,
    "nhacviec": reminders.show_reminders,
    "bangxephang": leaderboards.show_board,
    "huy": menu.nothing_to_cancel,
    "quaylai": menu.nothing_to_cancel,
    "trogiup": menu.show_help,
    "lienket": linking.link,
}


def route_table() -> RouteTable:
    """Build the route table: every command, its roles and its handler."""
    routes = [Route("start", registration.start, aliases=("thamgia",), takes_args=True)]
    for spec in catalog.COMMANDS:
        handler = _BUILT[spec.name]
        if spec.name == "trogiup":
            routes.append(Route(spec.name, handler, aliases=("help",)))
        elif spec.name == "lienket":
            routes.append(Route(spec.name, handler, takes_args=True))  # strangers too
        else:
            routes.append(Route(spec.name, handler, roles=spec.roles))
    return RouteTable(
        routes=tuple(routes),
        help=menu.show_help,
        stranger=menu.show_stranger,
        stale_button=menu.refuse_stale_button,
        group=leaderboards.answer_group,
        buttons=(
            ButtonRoute(PlanPage, plan.open_page),
            ButtonRoute(PlanAction, plan.act),
            ButtonRoute(PlanUnit, plan.open_unit),
            ButtonRoute(ProposalDraft, initiatives.answer_draft, _roles("sangkien")),
            ButtonRoute(InitiativeOpen, initiative_detail.open_item),
            ButtonRoute(InitiativeAct, initiative_actions.act),
            ButtonRoute(InitiativeList, review.open_list),
            ButtonRoute(InitiativeFile, initiative_detail.send_file),
            ButtonRoute(ReportMenu, reports.act_on_period, _roles("baocao")),
            ButtonRoute(ReportAct, reports.act_on_report, _roles("baocao")),
            ButtonRoute(ReportFile, reports.send_file, _roles("baocao")),
            ButtonRoute(NominationList, nomination_review.open_list),
            ButtonRoute(NominationOpen, nomination_detail.open_item),
            ButtonRoute(NominationFile, nomination_detail.send_file),
            ButtonRoute(NominationAct, nomination_detail.act),
            ButtonRoute(BroadcastAct, broadcasts.act, _roles("thongbao")),
            ButtonRoute(ReminderAct, reminders.act, _roles("nhacviec")),
            ButtonRoute(BoardAct, board_buttons.act),
            ButtonRoute(LinkAct, linking.prefer),
        ),
    )


def _roles(command: str) -> frozenset[Role]:
    """A button of a command's screens is for those who may use the command."""
    return catalog.spec(command).roles


def dialogs() -> tuple[Dialog[Turn], ...]:
    """Return every dialog the handlers run."""
    return (
        registration.REGISTRATION,
        invites.INVITE,
        plan_admin.PUBLISH,
        initiatives.PROPOSAL,
        nominations.NOMINATION,
        initiative_actions.REASON,
        initiative_actions.SCORING,
        exports.EXPORT,
        report_dialogs.SUBMIT,
        report_dialogs.PERIOD,
        reports.RETURN,
        nomination_detail.REASON,
        nomination_detail.RESUBMIT,
        broadcast_steps.BROADCAST,
        reminder_dialog.CREATE,
        board_extras.PERIOD,
    )
