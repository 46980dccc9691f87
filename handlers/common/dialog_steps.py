"""Steps several dialogs share: an outsider's name, the text of a message sent to many (a
broadcast, a reminder), and the attachment loop (add a file, remove the last one, go on to
the preview) of proposals and nominations. A file sent at the loop's menu is taken as an
attachment at once (the engine answers the file step with it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from bot.dialog_inputs import InputKind, InvalidInput, Option
from bot.dialog_spec import Answers, Step, Then
from bot.services.broadcasts import (
    PLACEHOLDERS,
    AudienceKind,
    unfilled_placeholders,
    unknown_placeholders,
)
from bot.services.common import FileInfo
from bot.texts import Safe, escape
from bot.turn import Turn

_NAME = re.compile(r"^[^\W\d_]+(?:[ .'-]+[^\W\d_]+)+\.?$")


async def message_text(turn: Turn, value: Any) -> Any:
    """Check the text of a broadcast or reminder: the configured length, and no word in braces
    that is not a placeholder (it would reach every recipient unfilled)."""
    limit = turn.settings.broadcasts.max_text
    if len(str(value)) > limit:
        raise InvalidInput("dialog.error.too_long", max=limit, length=len(str(value)))
    unknown = unknown_placeholders(str(value))
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise InvalidInput("broadcast.error.placeholder", unknown=", ".join(unknown), known=known)
    return value


def check_audience(text: str, audience: str) -> None:
    """Refuse an audience that leaves placeholders of the message's ``text`` unfilled (the
    report's period and deadline are known only for heads of units that have not sent)."""
    unfilled = unfilled_placeholders(text, AudienceKind(audience))
    if unfilled:
        raise InvalidInput("broadcast.error.placeholder_audience", unfilled=", ".join(unfilled))


class FileStep(StrEnum):
    """The steps of the attachment loop, named alike in every dialog that has it."""

    MENU = "file_menu"
    FILE = "file"
    PREVIEW = "preview"


class FileAnswer(BaseModel):
    """A file sent in a dialog, as kept in its answers."""

    model_config = ConfigDict(frozen=True)

    channel: str = ""
    file_id: str
    name: str
    mime: str
    size: int

    def info(self, channel: str) -> FileInfo:
        """The file as a service takes it (``channel``: where it was sent, if not kept)."""
        return FileInfo(self.channel or channel, self.file_id, self.name, self.mime, self.size)


class WithFiles(Answers):
    """Answers of a dialog with the attachment loop and "edit this field" from its preview."""

    files: tuple[FileAnswer, ...] = ()
    file: FileAnswer | None = None
    #: Set while one field is edited from the preview, so its step returns there.
    editing: bool = Field(default=False, validation_alias=AliasChoices("editing", "_editing"))


W = TypeVar("W", bound=WithFiles)


async def check_outsider(_turn: Turn, value: Any) -> Any:
    """An outsider's name: letters (with diacritics), at least two words."""
    name = " ".join(str(value).split())
    if not _NAME.match(name):
        raise InvalidInput("common.outsider.bad_name")
    return name


async def file_menu_options(turn: Turn, answers: W) -> Sequence[Option]:
    """Add a file, remove the last one, or go on to the preview."""
    options = [Option("add", turn.t("common.files.add_button"))]
    if answers.files:
        options.append(Option("remove", turn.t("common.files.remove_button")))
    options.append(Option("done", turn.t("common.files.done_button")))
    return options


async def render_files(turn: Turn, answers: W) -> str:
    """The attachment step: the files so far and the limits."""
    names = "\n".join(f"• {escape(f.name)}" for f in answers.files)
    limits = turn.settings.initiatives
    return turn.t(
        "common.files.menu",
        files=Safe(names or turn.t("common.none")),
        count=limits.max_attachments,
        mb=limits.max_attachment_mb,
    )


async def after_file_menu(_turn: Turn, answers: W, value: Any) -> Then[W]:
    """Go where the chosen entry leads."""
    if value == "remove":
        return Then(FileStep.MENU, answers.but(files=answers.files[:-1]))
    if value == "done":
        return Then(FileStep.PREVIEW, answers.but(editing=False))
    return Then(FileStep.FILE)


def check_file_type(turn: Turn, value: Any) -> None:
    """Refuse a file of a type not accepted (never a program or script), naming those that are."""
    files = turn.settings.files
    if not files.accepts(str(value["name"]), str(value["mime"])):
        raise InvalidInput("dialog.error.file_refused", name=value["name"], types=files.listing())


async def check_file(turn: Turn, value: Any) -> Any:
    """Of an accepted type, within the configured size."""
    check_file_type(turn, value)
    limit = turn.settings.initiatives.max_attachment_mb
    if int(value["size"]) > limit * 2**20:
        raise InvalidInput("dialog.error.file_too_big", max_mb=limit)
    return {**value, "channel": turn.incoming.channel.value}


async def after_file(turn: Turn, answers: W, value: Any) -> Then[W]:
    """Attach the file, within the configured number of files."""
    if len(answers.files) >= turn.settings.initiatives.max_attachments:
        raise InvalidInput("common.files.too_many", count=len(answers.files))
    added = FileAnswer.model_validate(value)
    return Then(FileStep.MENU, answers.but(files=(*answers.files, added), file=None))


def attachment_steps(_answers: type[W]) -> tuple[Step[Turn, W], Step[Turn, W]]:
    """The attachment loop's two steps (the menu, then one file), for a dialog whose answers
    are ``_answers``; the dialog's own preview step follows them."""
    menu: Step[Turn, W] = Step(
        FileStep.MENU,
        "",
        InputKind.CHOICE,
        options=file_menu_options,
        render=render_files,
        after=after_file_menu,
    )
    file: Step[Turn, W] = Step(
        FileStep.FILE,
        "common.files.ask",
        InputKind.FILE,
        max_file_bytes=20 * 1024 * 1024,
        convert=check_file,
        after=after_file,
    )
    return menu, file
