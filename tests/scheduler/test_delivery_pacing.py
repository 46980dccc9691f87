"""The pacer alone: an overall rate, a gap per private chat and per group, and holds."""

from __future__ import annotations

import pytest

from scheduler.pacing import PRUNE_AT, Pacer


class Ticker:
    """A monotonic clock that only moves when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def pacer(ticker: Ticker) -> Pacer:
    return Pacer(rate_per_second=10, chat_interval=1.0, group_interval=60 / 20, monotonic=ticker)


def test_first_message_goes_at_once(pacer: Pacer) -> None:
    assert pacer.global_wait() == 0
    assert pacer.chat_wait("telegram:1") == 0


def test_messages_are_spaced_by_the_overall_rate(pacer: Pacer, ticker: Ticker) -> None:
    pacer.take("telegram:1", is_group=False)
    assert pacer.global_wait() == pytest.approx(0.1)
    ticker.advance(0.1)
    assert pacer.global_wait() == 0


def test_messages_taken_together_queue_up_behind_each_other(pacer: Pacer) -> None:
    for chat in ("telegram:1", "telegram:2", "telegram:3"):
        pacer.take(chat, is_group=False)
    assert pacer.global_wait() == pytest.approx(0.3)


def test_a_quiet_spell_earns_no_burst(pacer: Pacer, ticker: Ticker) -> None:
    pacer.take("telegram:1", is_group=False)
    ticker.advance(60)
    pacer.take("telegram:2", is_group=False)
    assert pacer.global_wait() == pytest.approx(0.1)


def test_a_private_chat_waits_its_gap_while_others_do_not(pacer: Pacer, ticker: Ticker) -> None:
    pacer.take("telegram:1", is_group=False)
    assert pacer.chat_wait("telegram:1") == pytest.approx(1.0)
    assert pacer.chat_wait("telegram:2") == 0
    ticker.advance(0.4)
    assert pacer.chat_wait("telegram:1") == pytest.approx(0.6)
    ticker.advance(0.6)
    assert pacer.chat_wait("telegram:1") == 0


def test_a_group_gets_one_message_every_three_seconds(pacer: Pacer, ticker: Ticker) -> None:
    pacer.take("telegram:-100", is_group=True)
    assert pacer.chat_wait("telegram:-100") == pytest.approx(3.0)
    ticker.advance(2.9)
    assert pacer.chat_wait("telegram:-100") > 0
    ticker.advance(0.1)
    assert pacer.chat_wait("telegram:-100") == 0


def test_hold_keeps_a_chat_quiet_for_the_time_asked(pacer: Pacer, ticker: Ticker) -> None:
    pacer.hold("telegram:1", 5)
    assert pacer.chat_wait("telegram:1") == pytest.approx(5.0)
    assert pacer.chat_wait("telegram:2") == 0
    assert pacer.global_wait() == 0
    ticker.advance(5)
    assert pacer.chat_wait("telegram:1") == 0


def test_a_short_hold_does_not_cut_a_longer_gap(pacer: Pacer) -> None:
    pacer.take("telegram:-100", is_group=True)
    pacer.hold("telegram:-100", 1)
    assert pacer.chat_wait("telegram:-100") == pytest.approx(3.0)


def test_pruning_forgets_no_chat_still_inside_its_gap(pacer: Pacer, ticker: Ticker) -> None:
    for n in range(PRUNE_AT):
        pacer.take(f"telegram:{n}", is_group=False)
    ticker.advance(0.5)
    pacer.take("telegram:-100", is_group=True)
    ticker.advance(1.0)
    pacer.take("telegram:new", is_group=False)  # over PRUNE_AT chats: the old ones go
    assert pacer.chat_wait("telegram:-100") == pytest.approx(2.0)
    assert pacer.chat_wait("telegram:new") == pytest.approx(1.0)
    assert pacer.chat_wait("telegram:0") == 0


def test_time_lost_while_flowing_is_made_up_but_no_second_exceeds_the_rate(
    pacer: Pacer, ticker: Ticker
) -> None:
    # Ten a second: the worker stalls 0.3 s after the first message (a database round trip).
    sent = [ticker.now]
    pacer.take("telegram:0", is_group=False)
    ticker.advance(0.4)
    for chat in range(1, 40):
        ticker.advance(pacer.global_wait())
        pacer.take(f"telegram:{chat}", is_group=False)
        sent.append(ticker.now)
    # The stall is made up for: forty messages in about four seconds, not 4.3.
    assert sent[-1] - sent[0] == pytest.approx(3.9, abs=0.05)
    for start in sent:
        assert sum(start <= t < start + 1.0 for t in sent) <= 10


def test_no_cap_means_no_wait() -> None:
    ticker = Ticker()
    free = Pacer(rate_per_second=0, chat_interval=1.0, group_interval=3.0, monotonic=ticker)
    for chat in range(1000):
        free.take(f"telegram:{chat}", is_group=False)
    assert free.global_wait() == 0
