"""Who may take a query worker: one is kept for clients whose recent queries were quick."""

from __future__ import annotations

from ansvar.store.admission import Admission


def test_a_new_client_may_take_the_last_free_worker() -> None:
    admission = Admission(size=2)
    assert admission.may_take("10.0.0.1", idle=1)


def test_no_one_takes_a_worker_when_none_is_free() -> None:
    assert not Admission(size=2).may_take(None, idle=0)


def test_a_client_with_a_recent_slow_query_waits_for_a_shared_worker() -> None:
    admission = Admission(size=2, slow_s=1.0, window_s=30.0)
    admission.started("10.0.0.2")
    admission.finished("10.0.0.2", seconds=5.0, now=100.0)
    assert admission.is_heavy("10.0.0.2", now=110.0)
    assert not admission.may_take("10.0.0.2", idle=1, now=110.0)
    assert admission.may_take("10.0.0.2", idle=2, now=110.0)
    assert admission.may_take("10.0.0.1", idle=1, now=110.0)  # another client's quick lookups still find one


def test_a_slow_query_is_forgotten_after_the_window() -> None:
    admission = Admission(size=2, slow_s=1.0, window_s=30.0)
    admission.started("10.0.0.2")
    admission.finished("10.0.0.2", seconds=5.0, now=100.0)
    assert not admission.is_heavy("10.0.0.2", now=131.0)


def test_quick_queries_leave_a_client_light() -> None:
    admission = Admission(size=2, slow_s=1.0)
    for i in range(100):
        admission.started("10.0.0.1")
        admission.finished("10.0.0.1", seconds=0.01, now=float(i))
    assert not admission.is_heavy("10.0.0.1", now=100.0)


def test_a_client_with_a_query_running_waits_for_a_shared_worker() -> None:
    admission = Admission(size=2)
    admission.started("10.0.0.3")
    assert not admission.may_take("10.0.0.3", idle=1)
    admission.finished("10.0.0.3", seconds=0.01)
    assert admission.may_take("10.0.0.3", idle=1)


def test_a_single_worker_pool_keeps_none_back() -> None:
    admission = Admission(size=1)
    admission.started("10.0.0.2")
    admission.finished("10.0.0.2", seconds=5.0, now=100.0)
    assert admission.may_take("10.0.0.2", idle=1, now=110.0)


def test_the_services_own_work_is_never_held_back() -> None:
    assert Admission(size=2).may_take(None, idle=1)
