"""Embedded JSON on huge, hostile or random pages: cut short in time, and listings or nothing."""

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rentals.scraping import embedded
from rentals.scraping.normalize import normalize_listing


def test_a_huge_or_hostile_page_is_cut_short():
    listing = {"id": 1, "url": "/u/1", "price": 1500, "beds": 2, "baths": 1}
    many = [{**listing, "id": number, "url": f"/u/{number}"} for number in range(60_000)]
    deep = "[" * 50_000 + "]" * 50_000
    text = (
        f'<script type="application/json">{json.dumps({"results": many})}</script>'
        f'<script type="application/json">{deep}</script>'
        f"<script>var x = {{a: {deep}}}; var y = JSON.parse('{deep}');</script>"
        + "<script>window.s = {a: [{b: 1}], c: '"
        + "x" * 3_000_000
        + "'};</script>"  # a string past the scan
        + "<script>f({a: 1, "
        + "/*" * 200_000
        + "</script>"  # comments that never close
        + "<script>f({a: "
        + '"x' * 200_000
        + "</script>"  # quotes that never close
        + "<script>"
        + "f({a: [" * 100_000
        + "</script>"  # calls that never close
        + "<script>self.__next_f.push([1,"
        + json.dumps("5:[1]\n" * 200_000)
        + "])</script>"
        + '<div data-x="{&quot;price&quot;: 1}"></div>' * 20_000
    )
    started = time.perf_counter()
    found = embedded.extract_listings(text)
    assert time.perf_counter() - started < 5
    assert 0 < len(found) <= embedded.MAX_LISTINGS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<script>",
                "</script>",
                '<script type="application/json">',
                "window.__INITIAL_STATE__ = ",
                "var a = ",
                "self.__next_f.push([1,",
                '"5:[\\"$\\",\\"div\\",null,{}]\\n"',
                "])",
                "{",
                "}",
                "[",
                "]",
                "price: 1500,",
                '"beds": 2,',
                "'",
                '"',
                "JSON.parse(",
                ")",
                "markers: [{",
                "units: [",
                "\\",
                "//",
                "/*",
                "`",
                ",",
                ":",
                "null",
                '{"__ref": "A:1"}',
                "&quot;",
                'data-x="{&quot;',
                "1e999",
                "NaN",
                "\x00",
                "é",
            ]
        ),
        max_size=40,
    )
)
def test_any_script_soup_gives_listings_or_nothing(parts):
    for raw in embedded.extract_listings("".join(parts)):
        normalize_listing(raw, base_url="https://a.example/")


state_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["$1,850/mo", "2 bd", "Studio", "850 sq ft", "12 Oak St", "/u/1", "Leased", "2026-01-01"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "price",
                    "rent",
                    "beds",
                    "bedrooms",
                    "baths",
                    "sqft",
                    "address",
                    "city",
                    "zip",
                    "id",
                    "url",
                    "units",
                    "available_units",
                    "floorplan",
                    "hdpData",
                    "photos",
                    "imgSrc",
                    "__ref",
                    "status",
                    "isAd",
                    "property",
                    "nearby",
                    "name",
                    "title",
                    "fullBathroomCount",
                    "halfBathroomCount",
                    "carouselPhotosComposable",
                    "baseUrl",
                    "photoData",
                    "photoKey",
                    "display_name",
                    "ROOT_QUERY",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state_values)
def test_any_state_gives_listings_or_nothing(value):
    text = (
        f'<script type="application/json">{json.dumps(value)}</script>'
        f"<script>window.__INITIAL_STATE__ = {json.dumps({'a': value, 'A:1': value})};</script>"
    )
    for raw in embedded.extract_listings(text):
        assert raw.get("price") is not None
        normalize_listing(raw, base_url="https://a.example/")
