"""`touyan reports rm` under kills and concurrent writers (issue 17): a removal is all or nothing for
readers, a killed one is finished by the next process that opens the library, and a report another live
process is writing is never reported removed."""

from __future__ import annotations

from memory.catalog import ReportRecord
from memory.report_library import ReportLibrary
from tests.reliability import procs
from tests.reliability.conftest import write_corpus
from tests.reliability.library_checks import assert_consistent, assert_visible_is_whole, raw_state, report_id_of
from tools.documents import load_document


def test_a_kill_in_the_middle_of_rm_is_finished_by_the_next_open(tmp_path, home, touyan_env, embedding):
    files = write_corpus(tmp_path / "reports", 4)
    assert procs.run(["ingest", str(files[0].parent)], touyan_env, tmp_path / "ingest.log").code == 0
    gone = report_id_of(files[0])
    env = {**touyan_env, "TOUYAN_FAULT_POINT": "drop.vectors_deleted:1"}
    killed = procs.run(["reports", "rm", gone], env, tmp_path / "rm.log")
    assert killed.killed, killed.output

    raw = raw_state(home / "library", embedding)  # invisible at once: no longer complete, nothing half-visible
    assert gone not in raw.complete and raw.statuses.get("dropping") == 1
    assert_visible_is_whole(raw)
    listed = procs.run(["reports", "list", "--json"], touyan_env, tmp_path / "list.log")  # its open sweeps
    assert listed.code == 0 and gone not in listed.output
    assert_consistent(home / "library", embedding, files[1:])


def test_rm_of_a_report_a_live_process_is_writing_leaves_it_alone(tmp_path, home, touyan_env, embedding):
    files = write_corpus(tmp_path / "reports", 2)
    root = home / "library"
    writer = ReportLibrary(root, embedding)
    try:
        writer.ingest(load_document(files[1]))
        doc = load_document(files[0])
        record = ReportRecord(doc.report_id, str(doc.source), doc.kind, doc.title, doc.broker, doc.date,
                              doc.page_count, 1, tuple(doc.tickers), "writing")
        assert writer.catalog.begin_report(record, writer.owner)[0] == "acquired"  # this process: alive

        result = procs.run(["reports", "rm", doc.report_id], touyan_env, tmp_path / "rm.log")
        assert result.code == 1 and "未删除" in result.output and "正在被另一个进程写入" in result.output
        assert raw_state(root, embedding).statuses == {"complete": 1, "writing": 1}
        assert writer.ingest(doc).status == "ingested"  # the writer finishes undisturbed
    finally:
        writer.close()
    assert_consistent(root, embedding, files)
