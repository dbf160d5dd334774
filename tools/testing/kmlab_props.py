# SPDX-License-Identifier: GPL-2.0
"""Settings shared by the property-based host tests (Hypothesis).

Under make check every property runs a fixed number of examples from a
fixed seed (derandomize: the same inputs on every run, so a failure is
reproducible and a pass means the same thing each time), keeps no example
database (nothing written into the tree) and has no deadline (wall-clock
time is never asserted). KMLAB_HYPOTHESIS_SCALE=N runs N times as many
examples, from the same seed, for a longer search by hand:

    KMLAB_HYPOTHESIS_SCALE=20 tools/testing/run-host-tests

damage() is the byte-level damage that the readers of untrusted input
(gcov-extract's capture reader, kmtrace's module reader) must survive.

hypothesis comes from Debian's python3-hypothesis (scripts/require
hypothesis); without it these tests fail at import, they are not skipped.
"""
import os

from hypothesis import HealthCheck, settings, strategies as st

SCALE = int(os.environ.get("KMLAB_HYPOTHESIS_SCALE", "1"))


def examples(n):
    """Settings for a property that runs @n examples under make check."""
    return settings(max_examples=n * SCALE, derandomize=True, database=None,
                    deadline=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


def damage(draw, data, more=()):
    """Damage bytearray @data once, in place, with Hypothesis' @draw (in an
    @st.composite strategy): a byte flipped, a run cut (1 to 8 bytes, or
    all to the end) or 1 to 8 random bytes inserted, at a drawn position;
    or a kind of the caller's own, named in @more, which it applies.
    Return (kind, position)."""
    how = draw(st.sampled_from(["flip", "cut", "insert", *more]))
    at = draw(st.integers(0, max(0, len(data) - 1)))
    if how == "flip" and data:
        data[at] ^= draw(st.integers(1, 255))
    elif how == "cut":
        del data[at:draw(st.one_of(st.just(len(data)), st.integers(at + 1, at + 8)))]
    elif how == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return how, at
