"""Hypothesis strategies the rentals fuzz tests share."""

from hypothesis import strategies as st


def json_values(keys, *, max_leaves=20):
    """Any JSON value: scalars (NaN included), lists and objects whose keys come from `keys`."""
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(keys), children, max_size=5),
        max_leaves=max_leaves,
    )
