"""Command line: ``python -m bot`` (also installed as ``thidua``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot import (
    cli,
    cli_backup,
    cli_documents,
    cli_exports,
    cli_organisation,
    cli_people,
    cli_plans,
    cli_roles,
    cli_statistics,
    cli_web,
    cli_zalo_oa,
    logs,
)
from bot.config import (
    INVITE_DAYS_RANGE,
    INVITE_USES_RANGE,
    ConfigError,
    Settings,
    load_settings,
)
from bot.config_ops import LogSettings
from bot.domain import NominationState, Track
from bot.roles import Role, parse_role
from bot.services.initiatives import EXPORTABLE_STATES
from bot.texts import Texts

EXIT_USAGE = 2
#: Commands that must be the only process on the database (see models.process_lock).
EXCLUSIVE = frozenset({"run", "chat", "migrate"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thidua",
        description="Thi đua bot — phong trào thi đua trên Telegram, Zalo và bảng điều khiển.",
    )
    parser.add_argument(
        "--config", type=Path, help="config file (default: $BOT_CONFIG or ./config.toml)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run the bot on Telegram and/or Zalo (each channel that has a token)"
    )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive Telegram updates by webhook, whatever telegram.mode",
    )
    run.add_argument(
        "--role",
        default="all",
        help="the work of this process: all (default), updates (receive and answer), worker"
        " (send the outbox and broadcasts) or scheduler (timed jobs); roles other than all"
        " need PostgreSQL",
    )
    chat = commands.add_parser("chat", help="talk to the bot in this terminal (no token needed)")
    chat.add_argument("--as", dest="person", help="console person id to start as")
    commands.add_parser("migrate", help="bring the database schema up to date")
    commands.add_parser(
        "web",
        help="serve only the web app ([web] listen:port) and print a sign-in link for the"
        " first [[admins]] account (no chat channel, no token needed)",
    )
    connect = commands.add_parser(
        "zalo-oa-connect",
        help="store a new Zalo OA refresh token (read from stdin) after the OA was disconnected",
    )
    connect.add_argument(
        "--from-env", action="store_true", help="read it from ZALO_OA_REFRESH_TOKEN instead"
    )
    _add_backup(commands)
    invite = commands.add_parser("invite", help="create an invite and print its link")
    invite.add_argument("--unit", required=True, help="unit code, e.g. VP")
    invite.add_argument("--role", required=True, help=", ".join(r.value for r in Role))
    uses_min, uses_max = INVITE_USES_RANGE
    days_min, days_max = INVITE_DAYS_RANGE
    invite.add_argument(
        "--uses", type=int, help=f"how many people may use it ({uses_min}-{uses_max})"
    )
    invite.add_argument("--days", type=int, help=f"days until it expires ({days_min}-{days_max})")
    units = commands.add_parser("import-units", help="add or update units from a CSV file")
    units.add_argument("file", type=Path, help="CSV with columns code,name,kind[,district]")
    personnel = commands.add_parser(
        "import-personnel",
        help="record members' service start dates and disciplinary measures from a CSV file",
    )
    personnel.add_argument(
        "file",
        type=Path,
        help="CSV with columns unit,full_name,service_start"
        "[,discipline_year,discipline_level,discipline_note]",
    )
    plan = commands.add_parser(
        "plan", help="the plan document: publish a new version, open a new period, list periods"
    )
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, metavar="ACTION")
    publish = plan_commands.add_parser(
        "publish", help="check a plan file, show its structure and publish it as a new version"
    )
    publish.add_argument("file", type=Path, help="plan text (.md or .txt, UTF-8)")
    publish.add_argument("--yes", action="store_true", help="publish without asking")
    publish.add_argument(
        "--dry-run", action="store_true", help="only check the file and show its structure"
    )
    publish.add_argument(
        "--period",
        metavar="YYYY-YYYY",
        help="the emulation period of the plan, e.g. 2026-2030: a new one is opened with this"
        " plan and the open one closed (default: the open period)",
    )
    plan_commands.add_parser("periods", help="list the emulation periods, the newest first")
    _add_export(commands)
    cli_documents.add_parsers(commands)
    figures = commands.add_parser(
        "statistics", help="the statistics tables of TT 02/2023/TT-BNV for a year (.xlsx)"
    )
    figures.add_argument("--year", type=int, help="the year reported (default: this year)")
    figures.add_argument(
        "-o", "--out", type=Path, help="file to write (default: bieu-thong-ke-tdkt-YYYY.xlsx)"
    )
    cli_organisation.add_commands(commands)
    return parser


def _add_backup(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help="write a consistent copy of the database (also while the bot runs)"
    )
    backup.add_argument(
        "--out", type=Path, help="file to write (default: data/backups/thidua-YYYYmmdd-HHMMSS.db)"
    )
    restore = commands.add_parser(
        "restore", help="replace the database with a backup (the bot must be stopped)"
    )
    restore.add_argument("file", type=Path, help="a file written by `backup`")


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="export a list as an Excel workbook (.xlsx)")
    lists = export.add_subparsers(dest="export_list", required=True, metavar="LIST")
    initiatives = lists.add_parser(
        "initiatives", help="initiatives (sáng kiến), filtered by submission date, state, unit"
    )
    initiatives.add_argument("--year", type=int, help="year of submission, e.g. 2026")
    initiatives.add_argument(
        "--from", dest="start", metavar="DD/MM/YYYY", help="first day of submission"
    )
    initiatives.add_argument(
        "--to", dest="end", metavar="DD/MM/YYYY", help="last day of submission (included)"
    )
    initiatives.add_argument("--state", help=", ".join(s.value for s in EXPORTABLE_STATES))
    initiatives.add_argument("--unit", help="unit code, e.g. CNTT")
    initiatives.add_argument(
        "-o", "--output", type=Path, help="file to write (default: sang-kien-….xlsx here)"
    )
    nominations = lists.add_parser(
        "nominations", help="nominations (đề nghị khen thưởng); ad-hoc ones flagged"
    )
    nominations.add_argument("--year", type=int, help="the nominations' year, e.g. 2026")
    nominations.add_argument(
        "--from", dest="start", metavar="DD/MM/YYYY", help="first day of submission"
    )
    nominations.add_argument(
        "--to", dest="end", metavar="DD/MM/YYYY", help="last day of submission (included)"
    )
    nominations.add_argument("--track", help=", ".join(t.value for t in Track))
    nominations.add_argument("--state", help=", ".join(s.value for s in NominationState))
    nominations.add_argument("--unit", help="code of the proposing unit, e.g. CNTT")
    nominations.add_argument(
        "-o", "--output", type=Path, help="file to write (default: de-nghi-khen-thuong-….xlsx)"
    )
    report_status = lists.add_parser(
        "reports", help="one reporting period's report status, a row per active unit"
    )
    report_status.add_argument(
        "--period", type=int, metavar="ID", help="the period's number (default: the newest)"
    )
    report_status.add_argument(
        "-o", "--output", type=Path, help="file to write (default: tinh-hinh-bao-cao-ky-….xlsx)"
    )
    calendar = lists.add_parser(
        "milestones", help="the emulation year's milestones (/lichthidua) and who has not acted"
    )
    calendar.add_argument("--year", type=int, help="the emulation year (default: this year)")
    calendar.add_argument(
        "-o", "--output", type=Path, help="file to write (default: lich-thi-dua-….xlsx)"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    texts = Texts.load()
    logs.configure(LogSettings())  # until the configuration says otherwise
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(texts.t("cli.config_error", problem=exc), file=sys.stderr)
        return EXIT_USAGE
    logs.configure(settings.logging, logs.secrets_of(settings))
    try:
        return asyncio.run(_dispatch(args, settings, texts))
    except ConfigError as exc:  # found while starting, e.g. a malformed plan file
        print(texts.t("cli.config_error", problem=exc), file=sys.stderr)
        return EXIT_USAGE
    except cli.UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 0


async def _dispatch(args: argparse.Namespace, settings: Settings, texts: Texts) -> int:
    if args.command == "run":
        role = cli_roles.check_role(settings, texts, args.role)
        polled = cli_roles.polled(settings, role, webhook=args.webhook)
        # On PostgreSQL bot processes share the work by role: they hold the lock shared.
        async with (
            cli_backup.exclusive(settings, texts, shared=True),
            cli_roles.polling(settings, texts, polled),
        ):
            return await cli.run_bot(settings, texts, webhook=args.webhook, role=role)
    if args.command in EXCLUSIVE:
        async with cli_backup.exclusive(settings, texts):
            return await _command(args, settings, texts)
    if args.command in {"units", "members"}:
        return await cli_organisation.run(settings, texts, args)
    return await _command(args, settings, texts)


async def _command(  # noqa: PLR0911, PLR0912 - one return per command
    args: argparse.Namespace, settings: Settings, texts: Texts
) -> int:
    if args.command == "chat":
        logging.getLogger().setLevel(logging.WARNING)
        return await cli.run_console(settings, texts, person=args.person)
    if args.command == "web":
        # A trial at the terminal: the address and the link matter, not the migrations run.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        return await cli_web.run_web(settings, texts)
    if args.command == "zalo-oa-connect":
        return await cli_zalo_oa.run_connect(settings, texts, from_env=args.from_env)
    if args.command == "migrate":
        return await cli.run_migrate(settings, texts)
    if args.command == "backup":
        return await cli_backup.run_backup(settings, texts, args.out)
    if args.command == "restore":
        return await cli_backup.run_restore(settings, texts, args.file)
    if args.command == "invite":
        role = parse_role(args.role)
        if role is None:
            raise cli.UsageError(texts.t("errors.invalid_role"))
        return await cli.run_invite(settings, texts, args.unit, role, args.uses, args.days)
    if args.command in cli_documents.COMMANDS:
        return await cli_documents.run(settings, texts, args)
    if args.command == "export" and args.export_list == "nominations":
        asked = cli_exports.NominationRequest(
            year=args.year,
            start=args.start,
            end=args.end,
            track=args.track,
            state=args.state,
            unit=args.unit,
            output=args.output,
        )
        return await cli_exports.run_nominations(settings, texts, asked)
    if args.command == "export" and args.export_list == "reports":
        return await cli_exports.run_reports(settings, texts, args.period, args.output)
    if args.command == "export" and args.export_list == "milestones":
        return await cli_exports.run_milestones(settings, texts, args.year, args.output)
    if args.command == "export":
        request = cli_exports.ExportRequest(
            year=args.year,
            start=args.start,
            end=args.end,
            state=args.state,
            unit=args.unit,
            output=args.output,
        )
        return await cli_exports.run_export(settings, texts, request)
    if args.command == "statistics":
        return await cli_statistics.run_statistics(settings, texts, args.year, args.out)
    if args.command == "plan" and args.plan_command == "periods":
        return await cli_plans.run_plan_periods(settings, texts)
    if args.command == "plan":
        return await cli_plans.run_plan_publish(
            settings, texts, args.file, yes=args.yes, dry_run=args.dry_run, period=args.period
        )
    importer = (
        cli_people.run_import_personnel
        if args.command == "import-personnel"
        else cli.run_import_units
    )
    return await importer(settings, texts, args.file)


if __name__ == "__main__":
    sys.exit(main())
