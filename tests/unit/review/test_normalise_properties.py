"""Properties of the z-score view (domain/review/normalise.py), over random rounds with many flat experts.

1. An expert's z is defined exactly when their marks differ; such an expert's z sum to 0 (to rounding).
2. A project's mean z is the mean of the defined z of its experts (exact, from the unrounded z), over
   ``project_z_count`` of them, and undefined exactly when none is defined — never a made-up 0.
3. ``no_spread`` lists the experts with all marks equal (one mark included), and only them.
"""
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from sti_desk.domain.review import ExpertMark, normalised_scores

PROJECTS = [f"P{i}" for i in range(6)]
# half-point marks from a narrow range, so that equal marks (no spread) are common
MARK = st.integers(min_value=120, max_value=126).map(lambda t: Decimal(t) / 2)


@st.composite
def rounds(draw):  # type: ignore[no-untyped-def]
    marks = []
    for e in range(draw(st.integers(1, 6))):
        chosen = draw(st.lists(st.sampled_from(PROJECTS), min_size=1, max_size=len(PROJECTS), unique=True))
        marks += [ExpertMark(p, f"E{e}", draw(MARK)) for p in chosen]
    return marks


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_z_is_undefined_exactly_without_spread(marks):  # type: ignore[no-untyped-def]
    n = normalised_scores(marks)
    by_expert: dict[str, list[ExpertMark]] = {}
    for m in marks:
        by_expert.setdefault(m.expert_id, []).append(m)
    flat = sorted(e for e, ms in by_expert.items() if len({m.score for m in ms}) == 1)
    assert sorted(n.no_spread) == flat
    for e, ms in by_expert.items():
        zs = [n.z[(e, m.project_id)] for m in ms]
        if e in flat:
            assert zs == [None] * len(ms) and not n.experts[e].spread
        else:
            assert None not in zs and n.experts[e].spread
            assert abs(sum(zs)) <= Decimal("0.0001") * len(zs)        # each z rounded by at most 0.00005
    for p in {m.project_id for m in marks}:
        defined = [n.z[(m.expert_id, p)] for m in marks if m.project_id == p and m.expert_id not in flat]
        assert n.project_z_count[p] == len(defined)
        if not defined:
            assert n.project_mean_z[p] is None
        else:
            with localcontext() as ctx:
                ctx.prec = 50
                mean = sum(defined, Decimal(0)) / len(defined)   # from rounded z: within 0.00005 + rounding
            assert abs(n.project_mean_z[p] - mean) <= Decimal("0.0001")
