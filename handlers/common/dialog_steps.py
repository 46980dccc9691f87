"""Steps several dialogs share: an outsider's name, and the attachment loop (add a file,
remove the last one, go on to the preview) of proposals and nominations."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialog_inputs import InvalidInput, Option
from bot.routing import Turn
from bot.texts import Safe, escape

#: Data key set while one field is edited from the preview, so its step returns there.
EDITING = "_editing"
_NAME = re.compile(r"^[^\W\d_]+(?:[ .'-]+[^\W\d_]+)+\.?$")


async def check_outsider(_turn: Turn, value: Any) -> Any:
    """An outsider's name: letters (with diacritics), at least two words."""
    name = " ".join(str(value).split())
    if not _NAME.match(name):
        raise InvalidInput("common.outsider.bad_name")
    return name


async def file_menu_options(turn: Turn, data: Mapping[str, Any]) -> Sequence[Option]:
    """Add a file, remove the last one, or go on to the preview."""
    options = [Option("add", turn.t("common.files.add_button"))]
    if data.get("files"):
        options.append(Option("remove", turn.t("common.files.remove_button")))
    options.append(Option("done", turn.t("common.files.done_button")))
    return options


async def render_files(turn: Turn, data: Mapping[str, Any]) -> str:
    """The attachment step: the files so far and the limits."""
    names = "\n".join(f"• {escape(f['name'])}" for f in data.get("files", []))
    limits = turn.settings.initiatives
    return turn.t(
        "common.files.menu",
        files=Safe(names or turn.t("common.none")),
        count=limits.max_attachments,
        mb=limits.max_attachment_mb,
    )


async def after_file_menu(_turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Go where the chosen entry leads."""
    if value == "remove":
        data["files"] = list(data.get("files", []))[:-1]
        return "file_menu"
    if value == "done":
        data.pop(EDITING, None)
        return "preview"
    return "file"


async def check_file(turn: Turn, value: Any) -> Any:
    """Within the configured size."""
    limit = turn.settings.initiatives.max_attachment_mb
    if int(value["size"]) > limit * 2**20:
        raise InvalidInput("dialog.error.file_too_big", max_mb=limit)
    return {**value, "channel": turn.incoming.channel.value}


async def after_file(turn: Turn, data: dict[str, Any], value: Any) -> str | None:
    """Attach the file, within the configured number of files."""
    files = list(data.get("files", []))
    if len(files) >= turn.settings.initiatives.max_attachments:
        raise InvalidInput("common.files.too_many", count=len(files))
    data["files"] = [*files, value]
    return "file_menu"
