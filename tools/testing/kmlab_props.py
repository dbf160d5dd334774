# SPDX-License-Identifier: GPL-2.0
"""Settings shared by the property-based host tests (Hypothesis).

Under make check every property runs a fixed number of examples from a
fixed seed (derandomize: the same inputs on every run, so a failure is
reproducible and a pass means the same thing each time), keeps no example
database (nothing written into the tree) and has no deadline (wall-clock
time is never asserted). KMLAB_HYPOTHESIS_SCALE=N runs N times as many
examples, from the same seed, for a longer search by hand:

    KMLAB_HYPOTHESIS_SCALE=20 tools/testing/run-host-tests

hypothesis comes from Debian's python3-hypothesis (scripts/require
hypothesis); without it these tests fail at import, they are not skipped.
"""
import os

from hypothesis import HealthCheck, settings

SCALE = int(os.environ.get("KMLAB_HYPOTHESIS_SCALE", "1"))


def examples(n):
    """Settings for a property that runs @n examples under make check."""
    return settings(max_examples=n * SCALE, derandomize=True, database=None,
                    deadline=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
