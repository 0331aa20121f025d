"""The lease rules of memory/leases.py and the checked transitions of memory/report_states.py, in one
process (a second library object in this process is a live writer: same host, live pid)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time

import pytest

from memory.leases import Lease, Owner
from memory.report_library import ReportBusy, ReportLibrary
from memory.report_states import LeaseLost
from tests.reliability.conftest import write_corpus
from tests.reliability.library_checks import assert_consistent, raw_state
from tools.documents import load_document


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_owner_is_gone_only_when_its_process_is():
    me = Owner.current()
    alive = Lease(me.host, me.pid, me.started, "t", None)
    assert not alive.owner_gone(me)
    assert Lease(me.host, _dead_pid(), 1, "t", time.time()).owner_gone(me)  # same host: the pid decides
    zombie = subprocess.Popen(["sleep", "30"])
    zombie.kill()
    os.waitid(os.P_PID, zombie.pid, os.WEXITED | os.WNOWAIT)  # dead, not reaped: it writes nothing more
    assert Lease(me.host, zombie.pid, 0, "t", time.time()).owner_gone(me)
    zombie.wait()
    if me.started:  # a live pid that now names another process (pid reuse)
        assert Lease(me.host, me.pid, me.started + 1, "t", None).owner_gone(me)
    now = time.time()  # another host: only the heartbeat can tell
    assert not Lease("elsewhere", 1, 1, "t", now - 60).owner_gone(me, now=now, timeout_s=120)
    assert Lease("elsewhere", 1, 1, "t", now - 121).owner_gone(me, now=now, timeout_s=120)


def _lease_row(root, report_id: str, pid: int) -> None:
    db = sqlite3.connect(root / "catalog.sqlite3")
    db.execute("UPDATE reports SET owner_pid = ?, owner_started = 0 WHERE report_id = ?", (pid, report_id))
    db.commit()
    db.close()


def test_opening_keeps_a_live_writers_report_and_reclaims_a_dead_ones(tmp_path, embedding):
    root = tmp_path / "library"
    files = write_corpus(tmp_path / "reports", 2)
    live, dead = (load_document(p) for p in files)
    writer = ReportLibrary(root, embedding, checkpoint=lambda point: None)
    for doc in (live, dead):  # both leased, vectors written, not complete: what a kill mid-ingest leaves
        writer.catalog.begin_report(_record(doc), writer.owner)
        writer.vectors.add([f"{doc.report_id}:0:0"], [[1.0] + [0.0] * 31], [{"report_id": doc.report_id}])
    _lease_row(root, dead.report_id, _dead_pid())

    reader = ReportLibrary(root, embedding)  # before: this open deleted every 'writing' report
    assert reader.swept.reclaimed == 1
    raw = raw_state(root, embedding)
    assert raw.statuses == {"writing": 1} and raw.vector_reports == {live.report_id}
    assert writer.ingest(live).status == "ingested"  # the live writer finishes undisturbed
    assert reader.ingest(dead).status == "ingested"
    reader.close()
    writer.close()
    assert_consistent(root, embedding, files)


def _record(doc):
    from memory.catalog import ReportRecord

    return ReportRecord(doc.report_id, str(doc.source), doc.kind, doc.title, doc.broker, doc.date, doc.page_count,
                        1, tuple(doc.tickers), "writing")


def test_a_status_flip_that_matches_no_row_is_never_a_success(tmp_path, embedding):
    root = tmp_path / "library"
    doc = load_document(write_corpus(tmp_path / "reports", 1)[0])

    def old_style_cleanup(point: str) -> None:  # what an older version's open did to a live writer's row
        if point == "ingest.vectors_written":
            db = sqlite3.connect(root / "catalog.sqlite3")
            db.execute("DELETE FROM reports WHERE report_id = ?", (doc.report_id,))
            db.commit()
            db.close()

    library = ReportLibrary(root, embedding, checkpoint=old_style_cleanup)
    [result] = library.ingest_many([doc])
    assert isinstance(result, LeaseLost)  # reported, not ✓
    assert library.report(doc.report_id) is None
    library.close()


def test_a_report_another_writer_holds_is_waited_for(tmp_path, embedding):
    root = tmp_path / "library"
    doc = load_document(write_corpus(tmp_path / "reports", 1)[0])
    leased, go_on = threading.Event(), threading.Event()

    def hold(point: str) -> None:
        if point == "ingest.leased":
            leased.set()
            go_on.wait(30)

    first = ReportLibrary(root, embedding, checkpoint=hold)
    second = ReportLibrary(root, embedding, busy_wait_s=30)
    impatient = ReportLibrary(root, embedding, busy_wait_s=0.3)
    outcomes = {}
    writer = threading.Thread(target=lambda: outcomes.setdefault("first", first.ingest(doc)))
    writer.start()
    assert leased.wait(30)
    waiter = threading.Thread(target=lambda: outcomes.setdefault("second", second.ingest(doc)))
    waiter.start()
    with pytest.raises(ReportBusy, match="正在写入同一份研报"):
        impatient.ingest(doc)
    time.sleep(0.5)
    assert "second" not in outcomes  # still waiting, not writing the same report a second time
    go_on.set()
    writer.join(30)
    waiter.join(30)
    assert (outcomes["first"].status, outcomes["second"].status) == ("ingested", "unchanged")
    for library in (first, second, impatient):
        library.close()
