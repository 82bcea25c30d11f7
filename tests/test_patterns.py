"""csp_desktop/patterns.py: a pattern compiled at its first use answers as re's would."""

from __future__ import annotations

import re

import pytest

from csp_desktop.patterns import LazyPattern


def test_nothing_is_compiled_until_the_first_use():
    broken = LazyPattern(r"(unclosed")  # re.compile would raise here
    with pytest.raises(re.error):
        broken.search("text")


@pytest.mark.parametrize(
    ("source", "flags", "text"),
    [
        (r"action\s*:\s*(?P<body>.+)", re.IGNORECASE, "Notes. ACTION: Jo to write; action: Al"),
        (r"^\s*(\d+)\.", re.MULTILINE, "1. One\n 2. Two\nthree"),
        (r"""\b(?P<day>\d{1,2}) \s+ (?P<month>[A-Z][a-z]+)""", re.VERBOSE, "by 5 October 2022"),
    ],
)
def test_every_method_answers_as_the_compiled_pattern(source, flags, text):
    lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)

    def same(left, right):
        as_tuple = lambda m: None if m is None else (m.span(), m.groups())  # noqa: E731
        assert as_tuple(left) == as_tuple(right)

    same(lazy.match(text), compiled.match(text))
    same(lazy.match(text, 3), compiled.match(text, 3))
    same(lazy.fullmatch(text), compiled.fullmatch(text))
    same(lazy.search(text, 2, 30), compiled.search(text, 2, 30))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("X", text, 1) == compiled.sub("X", text, 1)
    assert lazy.subn(lambda m: m.group(0).upper(), text) == compiled.subn(
        lambda m: m.group(0).upper(), text
    )
    assert lazy.split(text) == compiled.split(text)
    assert lazy.pattern == source
    assert lazy.compiled.flags == compiled.flags
