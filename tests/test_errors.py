"""tools.errors: one line about any exception, including those with an empty message."""

from __future__ import annotations

import pytest

from tools.errors import brief, first_line


@pytest.mark.parametrize("exc, line, short", [
    (ValueError("坏的输入\n详细信息"), "坏的输入", "ValueError: 坏的输入"),
    (TimeoutError(), "TimeoutError", "TimeoutError"),
    (RuntimeError("\n  \n第二行才有内容"), "第二行才有内容", "RuntimeError: 第二行才有内容"),
    (KeyError("code"), "'code'", "KeyError: 'code'"),
])
def test_first_line_and_brief(exc, line, short):
    assert first_line(exc) == line
    assert brief(exc) == short


def test_brief_cuts_the_message_not_the_type_name():
    assert brief(ValueError("x" * 50), limit=5) == "ValueError: xxxxx"
