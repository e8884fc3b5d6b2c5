"""Who may take a query worker: one is kept for clients whose queries are quick."""

from __future__ import annotations

from ansvar.store.admission import Admission

A, B = "10.0.0.1", "10.0.0.2"


def _ran(admission: Admission, client: str, start: float, end: float) -> None:
    admission.finished(client, admission.started(client, now=start), now=end)


def test_a_new_client_may_take_the_last_free_worker() -> None:
    assert Admission(size=2).may_take(A, idle=1)


def test_no_one_takes_a_worker_when_none_is_free() -> None:
    assert not Admission(size=2).may_take(None, idle=0)


def test_a_client_whose_query_ran_long_waits_for_a_shared_worker() -> None:
    admission = Admission(size=2, slow_s=1.0, window_s=30.0)
    _ran(admission, B, start=95.0, end=100.0)
    assert not admission.may_take(B, idle=1, now=110.0)
    assert admission.may_take(B, idle=2, now=110.0)
    assert admission.may_take(A, idle=1, now=110.0)  # another client's lookups still find one


def test_a_long_query_is_forgotten_after_the_window() -> None:
    admission = Admission(size=2, slow_s=1.0, window_s=30.0)
    _ran(admission, B, start=95.0, end=100.0)
    assert not admission.is_heavy(B, now=131.0)


def test_quick_queries_leave_a_client_light() -> None:
    admission = Admission(size=2, slow_s=1.0)
    for i in range(100):
        _ran(admission, A, start=float(i), end=i + 0.01)
    assert not admission.is_heavy(A, now=100.0)


def test_a_query_running_long_makes_its_client_heavy_before_it_ends() -> None:
    admission = Admission(size=2, slow_s=1.0)
    started = admission.started(B, now=100.0)
    assert admission.may_take(B, idle=1, now=100.5)  # not long yet: parallel quick queries are fine
    assert not admission.may_take(B, idle=1, now=101.5)
    admission.finished(B, started, now=101.6)
    assert admission.is_heavy(B, now=102.0)  # it ran long, so the window remembers it


def test_quick_parallel_queries_of_one_client_are_all_light() -> None:
    admission = Admission(size=2, slow_s=1.0)
    first = admission.started(A, now=100.0)
    admission.started(A, now=100.1)
    admission.finished(A, first, now=100.2)
    assert admission.may_take(A, idle=1, now=100.3)


def test_a_single_worker_pool_keeps_none_back() -> None:
    admission = Admission(size=1)
    _ran(admission, B, start=95.0, end=100.0)
    assert admission.may_take(B, idle=1, now=110.0)


def test_the_services_own_work_is_never_held_back() -> None:
    admission = Admission(size=2)
    admission.finished(None, admission.started(None, now=0.0), now=50.0)
    assert admission.may_take(None, idle=1, now=51.0)
