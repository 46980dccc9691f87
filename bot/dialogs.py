"""The dialog engine: multi-step conversations described as data.

A :class:`Dialog` is a tuple of :class:`Step` values and a ``finish`` coroutine. The engine
asks each step's prompt, validates the answer by the step's input kind, keeps the position in
the database through a :class:`DialogStore` (so a restart resumes where the person was), and
honours ``/huy`` (cancel) and ``/quaylai`` (back) at every step. Choices are buttons carrying a
per-run nonce, so a button from an older run or a forged one is refused as stale; a long list
of choices shows a page at a time and narrows to the options named by typed words
(:mod:`bot.dialog_pages`). A file sent
at a choice step that a file step follows (an attachment menu) answers that file step at once.
Texts the engine shows get their example dates (``{example_day}``…) computed from today.

The dialogs themselves are data (:mod:`bot.dialog_spec`). A press repeated after a crash finds
its draft finished (see :mod:`bot.services.conversation.drafts`) and is told what was saved.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Generic

from pydantic import ValidationError

from bot.clock import Clock
from bot.dates import day_text, examples, time_text
from bot.dialog_inputs import (
    InputKind,
    InvalidInput,
    Narrowed,
    Option,
    choose,
    parse_date,
    parse_file,
    parse_number,
    parse_text,
    suggested,
)
from bot.dialog_pages import choice_page, turned_page
from bot.dialog_spec import (
    FINISH,
    A,
    Answers,
    C,
    Dialog,
    DialogStore,
    Draft,
    Position,
    Step,
    key_of,
)
from bot.errors import DraftFinished
from bot.ports import Incoming, Reply
from bot.texts import Texts, placeholders

logger = logging.getLogger(__name__)
CANCEL_WORDS = frozenset({"/huy", "huy", "hủy", "/cancel"})
BACK_WORDS = frozenset({"/quaylai", "quaylai", "quay lại", "/back"})


@dataclass
class _Run(Generic[C]):
    """One run of a dialog: its answers, and apart from them the engine's bookkeeping."""

    dialog: Dialog[C, Any]
    step: int
    nonce: str
    answers: Answers
    #: The steps asked so far, so /quaylai retraces jumps and loops.
    trail: list[int] = field(default_factory=list)
    #: The answers given when the dialog started (their ``skip_when_set`` steps are skipped).
    prefilled: tuple[str, ...] = ()
    #: Stored by an older shape of the dialog and brought up to date as it loaded.
    upgraded: bool = False

    @classmethod
    def of(cls, dialog: Dialog[C, Any], position: Position) -> _Run[C] | None:
        """The stored run, or ``None`` when its answers no longer fit the dialog's model."""
        try:
            answers = dialog.load(position.data)
            newer = (
                None if dialog.upgrade is None else dialog.upgrade(position.data, position.step)
            )
        except ValidationError:
            logger.warning("dropping a draft of %s that no longer loads", dialog.name)
            return None
        if newer is not None:  # the old trail's step numbers mean other steps now
            answers, step = newer
            return cls(dialog, dialog.index(step), position.nonce, answers, [], (), upgraded=True)
        return cls(
            dialog, position.step, position.nonce, answers, [*position.trail], position.prefilled
        )


class DialogEngine(Generic[C]):
    """Runs dialogs for any channel."""

    def __init__(
        self,
        dialogs: Iterable[Dialog[C, Any]],
        store: DialogStore,
        texts: Texts,
        clock: Clock,
        *,
        timeout: timedelta,
        zone: tzinfo = UTC,
    ) -> None:
        self._dialogs = {d.name: d for d in dialogs}
        self._store = store
        self._texts = texts
        self._clock = clock
        self._timeout = timeout
        self._zone = zone

    def expired(self, position: Position) -> bool:
        """Tell whether a stored position is too old to resume."""
        return position.expires_at <= self._clock.now()

    async def start(
        self,
        ctx: C,
        incoming: Incoming,
        dialog: Dialog[C, A],
        answers: A | None = None,
        *,
        at: StrEnum | None = None,
    ) -> Reply:
        """Begin ``dialog`` with answers given beforehand and ask the first question.

        The fields set in ``answers`` count as given: their ``skip_when_set`` steps are
        skipped. ``at`` names the step to begin with (e.g. the preview of a prefilled draft).
        """
        if self._dialogs.get(dialog.name) is not dialog:
            raise KeyError(dialog.name)
        given = dialog.answers() if answers is None else answers
        prefilled = tuple(sorted(given.model_fields_set))
        run = _Run[C](dialog, -1, secrets.token_hex(4), given, prefilled=prefilled)
        run.step = self._next_step(run, -1) if at is None else dialog.index(at)
        return await self._ask(ctx, incoming, run)

    async def reask(self, ctx: C, incoming: Incoming, position: Position) -> Reply:
        """Ask the stored step of an open dialog again (e.g. to resume a draft)."""
        if position.outcome is not None:
            return await self._settle(incoming, position.outcome)
        run = _Run.of(self._dialogs[position.dialog], position)
        if run is None:
            return await self._drop(incoming)
        return await self._ask(ctx, incoming, run, error=self._upgraded(run))

    async def resume(self, ctx: C, incoming: Incoming, position: Position) -> Reply:
        """Handle the person's answer to the current step of their stored dialog."""
        if position.outcome is not None:
            return await self._settle(incoming, position.outcome)
        dialog = self._dialogs.get(position.dialog)
        run = None if dialog is None or self.expired(position) else _Run.of(dialog, position)
        if run is None:
            return await self._drop(incoming)
        word = (incoming.text or "").strip().casefold()
        if word in CANCEL_WORDS:
            await self._store.clear(key_of(incoming))
            return Reply(self._texts.t(run.dialog.cancelled))
        if run.upgraded:  # the answer was to a step of the older shape: ask the new one
            return await self._ask(ctx, incoming, run, error=self._upgraded(run))
        if word in BACK_WORDS:
            return await self._back(ctx, incoming, run)
        return await self._answer(ctx, incoming, run)

    def _upgraded(self, run: _Run[C]) -> str | None:
        """The note above the first question of an upgraded draft."""
        if not run.upgraded or not run.dialog.upgraded:
            return None
        return self._texts.t(run.dialog.upgraded)

    async def _drop(self, incoming: Incoming) -> Reply:
        """Close a position that cannot be resumed and say the dialog has ended."""
        await self._store.clear(key_of(incoming))
        return Reply(self._texts.t("dialog.expired"))

    async def _answer(self, ctx: C, incoming: Incoming, run: _Run[C]) -> Reply:
        page = turned_page(incoming, run.nonce, run.step)
        if page is not None and run.dialog.steps[run.step].kind is InputKind.CHOICE:
            return await self._ask(ctx, incoming, run, page=page)
        if self._file_for_next(incoming, run):
            run.trail.append(run.step)
            run.step += 1
        step = run.dialog.steps[run.step]
        try:
            value = await self._parse(ctx, incoming, run, step)
            problem_key = None if step.check is None else step.check(value)
            if problem_key is not None:
                raise InvalidInput(problem_key)
            if step.convert is not None:
                value = await step.convert(ctx, value)
            if step.kind is InputKind.CONFIRM:
                return await self._confirm(ctx, incoming, run, value.value)
            answers, value = _keep(run.answers, step.name, value)
            then = None if step.after is None else await step.after(ctx, answers, value)
        except InvalidInput as problem:  # the answers stay as they were
            error = self._t(problem.key, **problem.params)
            only = problem.options if isinstance(problem, Narrowed) else None
            return await self._ask(ctx, incoming, run, error=error, only=only)
        run.answers = answers if then is None or then.answers is None else then.answers
        run.trail.append(run.step)
        jump = None if then is None else then.step
        if jump is None:
            run.step = self._next_step(run, run.step)
        else:
            run.step = len(run.dialog.steps) if jump is FINISH else run.dialog.index(jump)
        return await self._ask(ctx, incoming, run)

    async def _confirm(self, ctx: C, incoming: Incoming, run: _Run[C], value: str) -> Reply:
        if value == "cancel":
            await self._store.clear(key_of(incoming))
            return Reply(self._texts.t(run.dialog.cancelled))
        if value == "edit":
            run.trail = []
            run.step = self._next_step(run, -1)
            return await self._ask(ctx, incoming, run)
        return await self._finish(ctx, incoming, run)

    async def _finish(self, ctx: C, incoming: Incoming, run: _Run[C]) -> Reply:
        draft = Draft(incoming.channel, incoming.chat_id, incoming.user_id, run.nonce)
        try:
            reply = await run.dialog.finish(ctx, run.answers, draft)
        except DraftFinished as done:
            return await self._settle(incoming, done.outcome)
        await self._store.clear(key_of(incoming))
        return reply

    async def _settle(self, incoming: Incoming, outcome: Mapping[str, Any]) -> Reply:
        """Close a draft whose result was saved before and tell what was saved."""
        await self._store.clear(key_of(incoming))
        params = dict(outcome.get("params") or {})
        if outcome.get("at"):
            at = datetime.fromisoformat(str(outcome["at"])).astimezone(self._zone)
            params["at"] = self._texts.t(
                "dialog.done.at", time=time_text(at, self._zone), day=day_text(at)
            )
        return Reply(self._texts.t(str(outcome["key"]), **params))

    async def _back(self, ctx: C, incoming: Incoming, run: _Run[C]) -> Reply:
        if not run.trail:
            return await self._ask(ctx, incoming, run, error=self._texts.t("dialog.first_step"))
        run.step = run.trail.pop()
        return await self._ask(ctx, incoming, run)

    @staticmethod
    def _file_for_next(incoming: Incoming, run: _Run[C]) -> bool:
        """Tell whether a file was sent at a choice step whose next step takes a file."""
        steps = run.dialog.steps
        return (
            incoming.file is not None
            and steps[run.step].kind is InputKind.CHOICE
            and run.step + 1 < len(steps)
            and steps[run.step + 1].kind is InputKind.FILE
        )

    def _t(self, key: str, **params: Any) -> str:
        """A text with the example dates it shows computed from today."""
        wanted = placeholders(self._texts.raw(key)) - params.keys()
        today = self._clock.now().astimezone(self._zone).date()
        return self._texts.t(key, **examples(today, wanted), **params)

    @staticmethod
    def _skipped(run: _Run[C], step: Step[C, Any]) -> bool:
        return step.skip_when_set and step.name in run.prefilled

    def _next_step(self, run: _Run[C], current: int) -> int:
        index = current + 1
        while index < len(run.dialog.steps) and self._skipped(run, run.dialog.steps[index]):
            index += 1
        return index

    async def _ask(
        self,
        ctx: C,
        incoming: Incoming,
        run: _Run[C],
        *,
        error: str | None = None,
        page: int = 0,
        only: Sequence[Option] | None = None,
    ) -> Reply:
        """Save the position and ask its step: page ``page`` of its choices, or ``only``
        those a typed text named."""
        if run.step >= len(run.dialog.steps):
            # Finish first: if it refuses (e.g. a daily cap), the draft stays where it was.
            return await self._finish(ctx, incoming, run)
        stored = run.answers.model_dump(mode="json")
        await self._store.save(
            key_of(incoming),
            dialog=run.dialog.name,
            step=run.step,
            nonce=run.nonce,
            data=stored,
            trail=run.trail,
            prefilled=run.prefilled,
            expires_at=self._clock.now() + (run.dialog.timeout or self._timeout),
        )
        step = run.dialog.steps[run.step]
        lines = [] if error is None else [error]
        if step.render is not None:
            lines.append(await step.render(ctx, run.answers))
        else:
            lines.append(self._t(step.prompt, **_prompt_params(stored)))
        current = getattr(run.answers, step.name, None)
        if current not in (None, "") and step.kind in (InputKind.TEXT, InputKind.NUMBER):
            lines.append(self._texts.t("dialog.current_value", value=current))
        options = only if only is not None else await self._options(ctx, run, step)
        shown = choice_page(self._texts, run.nonce, run.step, options, page)
        lines += [shown.note] if shown.note else []
        lines.append(self._texts.t("dialog.hint"))
        return Reply("\n\n".join(lines), buttons=shown.rows)

    async def _options(self, ctx: C, run: _Run[C], step: Step[C, Any]) -> Sequence[Option]:
        if step.kind is InputKind.CONFIRM:
            return [
                Option("yes", self._texts.t("dialog.confirm.yes")),
                Option("edit", self._texts.t("dialog.confirm.edit")),
                Option("cancel", self._texts.t("dialog.confirm.cancel")),
            ]
        if step.kind in (InputKind.CHOICE, InputKind.TEXT) and step.options is not None:
            return await step.options(ctx, run.answers)
        return []

    async def _parse(self, ctx: C, incoming: Incoming, run: _Run[C], step: Step[C, Any]) -> Any:
        if step.kind in (InputKind.CHOICE, InputKind.CONFIRM):
            options = await self._options(ctx, run, step)
            narrow = step.kind is InputKind.CHOICE
            return choose(incoming, run.nonce, run.step, options, narrow=narrow)
        if step.kind is InputKind.TEXT and step.options is not None:
            offered = await self._options(ctx, run, step)
            picked = suggested(incoming, run.nonce, run.step, offered)
            if picked is not None:
                return picked.value
        if incoming.callback is not None:
            raise InvalidInput("dialog.error.stale_button")
        if step.kind is InputKind.FILE:
            return parse_file(incoming.file, types=step.file_types, max_bytes=step.max_file_bytes)
        text = (incoming.text or "").strip()
        if not text:
            raise InvalidInput("dialog.error.need_text")
        if step.kind is InputKind.NUMBER:
            return parse_number(text, minimum=step.minimum, maximum=step.maximum)
        if step.kind is InputKind.DATE:
            return parse_date(text).isoformat()
        return parse_text(text, min_length=step.min_length, max_length=step.max_length)


def _keep(answers: A, name: str, value: Any) -> tuple[A, Any]:
    """The answers with ``value`` kept under the step's name (a choice's label too), and the
    value handed to the step's hook (a choice's value)."""
    fields = type(answers).model_fields
    changes: dict[str, Any] = {}
    if isinstance(value, Option):
        if f"{name}_name" in fields:
            changes[f"{name}_name"] = value.label
        value = value.value
    if name in fields:
        changes[name] = value
    return (answers.but(**changes) if changes else answers), value


def _prompt_params(stored: Mapping[str, Any]) -> dict[str, Any]:
    """The answers so far (as stored) as prompt placeholders; a nested answer's parts as
    ``{step_part}``."""
    params = dict(stored)
    for key, value in list(params.items()):
        if isinstance(value, dict):
            params.update({f"{key}_{part}": inner for part, inner in value.items()})
    return params
