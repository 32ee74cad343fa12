"""The cycle collector paused for bulk reads, and running again afterwards."""

import gc
import threading

import pytest

from lms.bulk import collector_paused


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_runs_again_after_the_last_of_nested_pauses():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer read is still building
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_it_runs_again_when_the_read_fails():
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_overlapping_pauses_of_two_threads():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    @collector_paused()
    def other_request():
        inside.set()
        release.wait(5)

    thread = threading.Thread(target=other_request)
    thread.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's read has not finished
    release.set()
    thread.join(5)
    assert gc.isenabled()
