"""The parts of the ``/sangkien`` dialog: choices, checks, the co-author and file loops, the
preview with "edit this field", and the conversion between dialog data and a proposal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.dates import day_text
from bot.dialog_inputs import InvalidInput, Option
from bot.routing import Turn
from bot.services.common.views import FileInfo
from bot.services.initiatives.records import KINDS, CoAuthor, InitiativeView, Proposal
from bot.texts import Safe
from handlers.common.dialog_steps import EDITING

PENDING = "pending"  # shown in the share question as {pending_name}
RESUBMIT = "_resubmit"
MAX_SHARE_OF_OTHERS = 99  # the proposing author keeps at least 1%
#: Preview edits: the step to jump to (also the option's value) and the label's text key.
EDITS = (
    ("title", "initiative.propose.edit.title"),
    ("kind", "initiative.propose.edit.kind"),
    ("field", "initiative.propose.edit.field"),
    ("movement", "initiative.propose.edit.movement"),
    ("problem", "initiative.propose.edit.problem"),
    ("solution", "initiative.propose.edit.solution"),
    ("applied_where", "initiative.propose.edit.applied_where"),
    ("applied_since", "initiative.propose.edit.applied_since"),
    ("benefit", "initiative.propose.edit.benefit"),
    ("coauthor_menu", "initiative.propose.edit.coauthors"),
    ("file_menu", "initiative.propose.edit.files"),
)


async def back_to_preview(_turn: Turn, data: dict[str, Any], _value: Any) -> str | None:
    """After a field edited from the preview, return to the preview."""
    return "preview" if data.pop(EDITING, False) else None


async def kind_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """The four kinds of solution."""
    return [Option(kind, turn.t(f"initiative.kind.{kind}")) for kind in KINDS]


async def field_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """The fields of application from ``config.toml``."""
    return [Option(name, name) for name in turn.settings.initiatives.fields]


async def movement_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """The plan's movements, and "none"."""
    moves = await turn.services.initiatives.movement_choices()
    none = Option("", turn.t("initiative.propose.no_movement"))
    return [*(Option(code, name) for code, name in moves), none]


async def coauthor_menu_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    """Add a member, add an outsider, remove the last one, or go on."""
    options = [
        Option("member", turn.t("initiative.propose.button.add_member")),
        Option("outsider", turn.t("initiative.propose.button.add_outsider")),
    ]
    if data.get("coauthors"):
        options.append(Option("remove", turn.t("initiative.propose.button.remove_coauthor")))
    options.append(Option("done", turn.t("initiative.propose.button.coauthors_done")))
    return options


async def render_coauthors(turn: Turn, data: Mapping[str, Any]) -> str:
    """The co-author step: who is listed so far and what share the author keeps."""
    return turn.t("initiative.propose.ask.coauthors", authors=Safe(_authors_text(turn, data)))


async def after_coauthor_menu(turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Go where the chosen menu entry leads."""
    if value == "remove":
        data["coauthors"] = list(data.get("coauthors", []))[:-1]
        return "coauthor_menu"
    if value == "done":
        return "preview" if data.pop(EDITING, False) else "file_menu"
    return "coauthor_search" if value == "member" else "outsider"


async def check_search(turn: Turn, value: Any) -> Any:
    """Refuse a search that finds nobody, so the person can type another name at once."""
    if not await turn.services.initiatives.find_members(str(value)):
        raise InvalidInput("initiative.propose.error.no_member", query=value)
    return value


async def match_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    """Members matching the search, except the author and those already listed."""
    assert turn.member is not None
    taken = {c.get("member_id") for c in data.get("coauthors", [])} | {turn.member.id}
    found = await turn.services.initiatives.find_members(str(data.get("coauthor_search", "")))
    options = [Option(str(m.id), f"{m.name} ({m.unit})") for m in found if m.id not in taken]
    return [*options, Option("again", turn.t("initiative.propose.button.search_again"))]


async def after_pick(turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Remember the chosen member until their share is given."""
    if value == "again":
        return "coauthor_search"
    found = await turn.services.initiatives.find_members(str(data.get("coauthor_search", "")))
    name = next(m.name for m in found if str(m.id) == value)
    data[PENDING] = {"member_id": int(value), "name": name}
    return "share"


async def after_outsider(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Remember the outsider until their share is given."""
    data[PENDING] = {"member_id": None, "name": str(value)}
    return "share"


async def after_share(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Add the pending co-author with their share; shares of others stay ≤ 99%."""
    listed = list(data.get("coauthors", []))
    used = sum(int(c["share"]) for c in listed)
    if used + int(value) > MAX_SHARE_OF_OTHERS:
        raise InvalidInput(
            "initiative.propose.error.share_too_big", left=MAX_SHARE_OF_OTHERS - used
        )
    pending = data.pop(PENDING, None)
    if pending is None:  # a stale answer: nothing to attach it to
        return "coauthor_menu"
    data["coauthors"] = [*listed, {**pending, "share": int(value)}]
    return "coauthor_menu"


async def preview_options(turn: Turn, _data: Mapping[str, Any]) -> Sequence[Option]:
    """Submit, or edit one field."""
    edits = [Option(step, turn.t(key)) for step, key in EDITS]
    return [Option("submit", turn.t("initiative.propose.button.submit")), *edits]


async def after_preview(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Submit (the dialog's finish), or jump to the field to edit and come back."""
    if value == "submit":
        return None
    if str(value) not in dict(EDITS):
        raise InvalidInput("dialog.error.stale_button")
    data[EDITING] = True
    return str(value)


async def render_preview(turn: Turn, data: Mapping[str, Any]) -> str:
    """Everything the proposal holds, as the Office will read it."""
    since = day_text(date.fromisoformat(str(data["applied_since"])))
    files = ", ".join(str(f["name"]) for f in data.get("files", []))
    return turn.t(
        "initiative.propose.preview",
        title=data["title"],
        kind=turn.t(f"initiative.kind.{data['kind']}"),
        field=data["field"],
        movement=data.get("movement_name") or turn.t("initiative.propose.no_movement"),
        problem=data["problem"],
        solution=data["solution"],
        applied_where=data["applied_where"],
        applied_since=since,
        benefit=data["benefit"],
        authors=Safe(_authors_text(turn, data)),
        files=files or turn.t("common.none"),
    )


def _authors_text(turn: Turn, data: Mapping[str, Any]) -> str:
    assert turn.member is not None
    listed = list(data.get("coauthors", []))
    keep = 100 - sum(int(c["share"]) for c in listed)
    lines = [turn.t("initiative.propose.author_line", name=turn.member.full_name, share=keep)]
    lines += [
        turn.t("initiative.propose.coauthor_line", name=c["name"], share=c["share"])
        for c in listed
    ]
    return "\n".join(lines)


def proposal_of(data: Mapping[str, Any], channel: str) -> Proposal:
    """The proposal the dialog data describes."""
    return Proposal(
        title=str(data["title"]),
        kind=str(data["kind"]),
        field=str(data["field"]),
        movement=str(data.get("movement") or ""),
        problem=str(data["problem"]),
        solution=str(data["solution"]),
        applied_where=str(data["applied_where"]),
        applied_since=str(data["applied_since"]),
        benefit=str(data["benefit"]),
        coauthors=tuple(
            CoAuthor(str(c["name"]), int(c["share"]), c.get("member_id"))
            for c in data.get("coauthors", [])
        ),
        files=tuple(
            FileInfo(
                str(f.get("channel", channel)),
                str(f["file_id"]),
                str(f["name"]),
                str(f["mime"]),
                int(f["size"]),
            )
            for f in data.get("files", [])
        ),
    )


def draft_of(item: InitiativeView) -> dict[str, Any]:
    """Dialog data holding a submitted initiative, to edit and resubmit it."""
    return {
        RESUBMIT: item.id,
        "title": item.title,
        "kind": item.kind,
        "field": item.field,
        "movement": item.movement_code,
        "movement_name": item.movement,
        "problem": item.problem,
        "solution": item.solution,
        "applied_where": item.applied_where,
        "applied_since": item.applied_since.isoformat(),
        "benefit": item.benefit,
        "coauthors": [
            {"member_id": a.member_id, "name": a.name, "share": a.share} for a in item.authors[1:]
        ],
        "files": [
            {
                "channel": f.channel,
                "file_id": f.file_id,
                "name": f.name,
                "mime": f.mime_type,
                "size": f.size,
            }
            for f in item.files
        ],
    }
