"""Nearest neighbours by standardised Euclidean distance, checked by hand."""

from __future__ import annotations

import math
from itertools import permutations

import pytest

from ascassure.domain.metrics import PeerDataError, nearest_neighbours


def same(left: list[tuple[str, float]], right: list[tuple[str, float]]) -> bool:
    """Same codes in the same order, distances equal to rounding."""
    return [c for c, _ in left] == [c for c, _ in right] and all(
        math.isclose(a, b, rel_tol=1e-9) for (_, a), (_, b) in zip(left, right, strict=True)
    )


def test_distances_are_z_score_differences_computed_by_hand() -> None:
    # One feature 0, 1, 3, 4: mean 2, population sd sqrt(10/4); distance = |x - 0| / sd.
    areas = {"a": {"x": 0.0}, "b": {"x": 1.0}, "c": {"x": 3.0}, "d": {"x": 4.0}}
    sd = math.sqrt(2.5)
    assert same(nearest_neighbours("a", areas), [("b", 1 / sd), ("c", 3 / sd), ("d", 4 / sd)])


def test_two_features_combine_as_euclidean_distance() -> None:
    # x: 0, 2 (mean 1, sd 1); y: 0, 4 (mean 2, sd 2). Both z-scores are -1 and +1.
    areas = {"a": {"x": 0.0, "y": 0.0}, "b": {"x": 2.0, "y": 4.0}}
    ((code, distance),) = nearest_neighbours("a", areas)
    assert code == "b"
    assert distance == pytest.approx(math.sqrt(2**2 + 2**2))


def test_the_result_stops_at_k_and_gives_all_when_fewer_exist() -> None:
    areas = {f"E0{i}": {"x": float(i)} for i in range(20)}
    assert [c for c, _ in nearest_neighbours("E00", areas)] == [f"E0{i}" for i in range(1, 16)]
    assert len(nearest_neighbours("E00", areas, k=3)) == 3
    assert len(nearest_neighbours("E00", areas, k=50)) == 19


def test_equal_distances_are_ordered_by_code_whatever_the_input_order() -> None:
    base = {"m": {"x": 5.0}, "z": {"x": 6.0}, "b": {"x": 4.0}, "k": {"x": 6.0}, "a": {"x": 4.0}}
    expected = ["a", "b", "k", "z"]
    for order in permutations(base):
        areas = {code: base[code] for code in order}
        assert [c for c, _ in nearest_neighbours("m", areas)] == expected


def test_the_units_of_a_feature_do_not_change_the_neighbours() -> None:
    areas = {
        "a": {"density": 1.0, "old": 0.2},
        "b": {"density": 3.0, "old": 0.1},
        "c": {"density": 2.0, "old": 0.4},
        "d": {"density": 9.0, "old": 0.3},
    }
    rescaled = {
        code: {"density": v["density"] * 1000, "old": v["old"]} for code, v in areas.items()
    }
    assert same(nearest_neighbours("a", rescaled), nearest_neighbours("a", areas))


def test_a_weight_scales_its_features_contribution_and_zero_drops_it() -> None:
    areas = {"a": {"x": 0.0, "y": 0.0}, "b": {"x": 2.0, "y": 0.0}, "c": {"x": 0.0, "y": 4.0}}
    equal = dict(nearest_neighbours("a", areas))
    assert equal["b"] == pytest.approx(equal["c"])  # each one sd-scaled step on one feature
    weighted = dict(nearest_neighbours("a", areas, weights={"x": 2.0, "y": 1.0}))
    assert weighted["b"] == pytest.approx(2 * equal["b"])
    assert weighted["c"] == pytest.approx(equal["c"])
    assert nearest_neighbours("a", areas, weights={"x": 0.0, "y": 1.0})[0] == ("b", 0.0)


def test_a_feature_with_weight_zero_need_not_be_given() -> None:
    areas = {"a": {"x": 0.0, "sea": 3.0}, "b": {"x": 1.0}, "c": {"x": 5.0}}
    result = nearest_neighbours("a", areas, weights={"x": 1.0, "sea": 0.0})
    assert [c for c, _ in result] == ["b", "c"]


def test_a_feature_equal_everywhere_contributes_nothing() -> None:
    areas = {
        "a": {"x": 0.0, "same": 7.0},
        "b": {"x": 1.0, "same": 7.0},
        "c": {"x": 3.0, "same": 7.0},
    }
    without = {code: {"x": v["x"]} for code, v in areas.items()}
    assert same(nearest_neighbours("a", areas), nearest_neighbours("a", without))


def test_missing_characteristics_are_named_by_area_and_feature() -> None:
    areas = {"a": {"x": 0.0, "y": 1.0}, "b": {"x": 1.0}, "c": {"y": 2.0}}
    with pytest.raises(PeerDataError) as error:
        nearest_neighbours("a", areas)
    assert str(error.value) == (
        "missing characteristics: 'b' has no value for 'y'; 'c' has no value for 'x'"
    )


def test_a_characteristic_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(PeerDataError, match="'b' has a value that is not a number for x"):
        nearest_neighbours("a", {"a": {"x": 0.0}, "b": {"x": math.nan}})


def test_a_target_without_characteristics_is_refused() -> None:
    with pytest.raises(PeerDataError, match="no characteristics for the target area 'zz'"):
        nearest_neighbours("zz", {"a": {"x": 0.0}, "b": {"x": 1.0}})


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"x": 1.0}, "weights do not say how much these features count: y"),
        ({"x": 1.0, "y": 1.0, "z": 2.0}, "weights name features no area has: z"),
        ({"x": -1.0, "y": 1.0}, "weights must be non-negative numbers: x"),
        ({"x": 0.0, "y": 0.0}, "every weight is 0"),
    ],
)
def test_weights_that_do_not_match_the_features_are_refused(
    weights: dict[str, float], message: str
) -> None:
    areas = {"a": {"x": 0.0, "y": 0.0}, "b": {"x": 1.0, "y": 2.0}}
    with pytest.raises(PeerDataError, match=message):
        nearest_neighbours("a", areas, weights=weights)


def test_k_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="k must be at least 1"):
        nearest_neighbours("a", {"a": {"x": 0.0}, "b": {"x": 1.0}}, k=0)
