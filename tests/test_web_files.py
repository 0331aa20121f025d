"""A report's routes against a hostile file system and hostile numbers (issue 11): the original file
(`/api/reports/{id}/file`) is served only while it is still the ingested file (swapped for a symlink,
reached through a symlinked folder, rewritten, replaced by a FIFO or deleted, it serves nothing), and a
page number out of range, however large, is a 404."""

from __future__ import annotations

import os
import time

import pytest
from fastapi.testclient import TestClient

from tests.conftest import make_context, write_report
from touyan.web import create_app

PAGES = ["宁德时代(300750.SZ) 储能业务点评 华泰证券 2025-03-26", "储能出货量同比增长，维持买入评级。"]


@pytest.fixture()
def report(tmp_path, library):
    from tools.documents import load_document

    folder = tmp_path / "reports"
    folder.mkdir()
    path = write_report(folder, "20250326_华泰证券_宁德时代储能点评.txt", PAGES)
    return path, library.ingest(load_document(path)).report_id


@pytest.fixture()
def client(library, tmp_path):
    with TestClient(create_app(make_context(library), tmp_path / "home")) as c:
        yield c


# -- original files --------------------------------------------------------------------------------
def test_the_ingested_file_is_served(client, report):
    path, report_id = report
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 200 and response.content == path.read_bytes()


def test_a_file_swapped_for_a_symlink_to_etc_passwd_serves_nothing(client, report):
    path, report_id = report
    path.unlink()
    path.symlink_to("/etc/passwd")
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 404 and "符号链接" in response.json()["detail"]
    assert b"root:" not in response.content


def test_a_folder_swapped_for_a_symlink_serves_nothing_even_with_the_same_bytes(client, report, tmp_path):
    path, report_id = report
    moved = tmp_path / "moved"
    path.parent.rename(moved)
    path.parent.symlink_to(moved)  # same name, same bytes, but now reached through a link
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 404 and "符号链接" in response.json()["detail"]


def test_changed_bytes_are_not_served(client, report):
    path, report_id = report
    path.write_text("\f".join([PAGES[0], "伪造的第二页：目标价 999 元"]), encoding="utf-8")
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 404 and "修改" in response.json()["detail"]
    assert "999" not in response.text


def test_a_fifo_in_the_files_place_is_refused_without_hanging(client, report):
    path, report_id = report
    path.unlink()
    os.mkfifo(path)
    started = time.monotonic()
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 404 and "不是普通文件" in response.json()["detail"]
    assert time.monotonic() - started < 5


def test_a_deleted_file_says_so(client, report):
    path, report_id = report
    path.unlink()
    response = client.get(f"/api/reports/{report_id}/file")
    assert response.status_code == 404 and "移动或删除" in response.json()["detail"]


@pytest.mark.parametrize("page", ["99999999999999999999999", "9223372036854775808", "-1", "2"])
def test_page_numbers_out_of_range_are_404(client, report, page):
    _path, report_id = report
    assert client.get(f"/api/reports/{report_id}/pages/1").status_code == 200
    response = client.get(f"/api/reports/{report_id}/pages/{page}")
    assert response.status_code == 404 and page not in response.text
