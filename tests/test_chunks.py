"""kg.pipeline.chunked: how documents are grouped for the models and the worker processes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("n", "size", "parts", "sizes"), [
    (10, 4, 1, [4, 4, 2]),
    (10, 4, 4, [4, 4, 1, 1]),  # only the last chunk is cut
    (8, 4, 4, [4, 1, 1, 1, 1]),
    (3, 4, 4, [1, 1, 1]),
    (0, 4, 4, []),
])
def test_chunks_cut_only_the_last_one_into_parts(n, size, parts, sizes):
    from kg.pipeline import chunked

    chunks = list(chunked(iter(range(n)), size, last_parts=parts))
    assert [len(c) for c in chunks] == sizes
    assert [x for c in chunks for x in c] == list(range(n))
