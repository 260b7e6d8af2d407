"""The card heuristic: repeated blocks that each carry a rent and a bed or bath count are
listings on a site no preset knows; nothing else on a page is."""

import time
from decimal import Decimal

import pytest
from parsel import Selector

from rentals.scraping import cards
from rentals.scraping.normalize import normalize_listing
from rentals.scraping.parse import parse_page
from rentals.tests import corpus_support
from testsupport.fakes.listing_site import page_text

CARD_PAGES = corpus_support.page_names(["cards_"])
URL = "https://www.homes.example/rentals/"


def _cards(text, url=URL):
    found = (
        normalize_listing(raw, base_url=url, today=corpus_support.TODAY, make_id=False)
        for raw in cards.extract_listings(Selector(text=text, base_url=url))
    )
    return [listing for listing in found if listing is not None]


def _card(title, rent="$1,450/mo", rooms="2 bd · 1 ba", extra="", href=None, tag="article", css="listing-card"):
    link = href or f"/rentals/{title.lower().replace(' ', '-')}"
    return f"""<{tag} class="{css}"><img src="/img/{len(title)}.jpg" alt="">
      <h3><a href="{link}">{title}</a></h3><p class="rent">{rent}</p><p>{rooms}</p>{extra}</{tag}>"""


def _page(*blocks, around=""):
    return f"<html><body>{around}<div class='grid'>{''.join(blocks)}</div></body></html>"


def test_there_are_pages_only_the_card_heuristic_can_read():
    assert CARD_PAGES and all(corpus_support.load_page(name).platform is None for name in CARD_PAGES)


@pytest.mark.parametrize("name", CARD_PAGES)
def test_the_cards_alone_find_exactly_the_labelled_rentals(name):
    page = corpus_support.load_page(name)

    score = corpus_support.score_page(page, _cards(page.text, page.url))

    assert score.perfect, score.explain()


@pytest.mark.parametrize("name", ["empty.html", "blog_furniture.html", "one_featured_listing.html"])
def test_a_page_without_listings_gives_no_cards(name):
    assert cards.extract_listings(Selector(text=page_text(name))) == []


def test_navigation_filters_footer_adverts_and_promotions_are_not_listings():
    # Each noise block comes twice and names a price and rooms: only where it sits tells it apart.
    twice = lambda block: block * 2  # noqa: E731
    text = _page(
        _card("Oak flat"),
        _card("Elm house", rent="$2,100", rooms="3 Beds | 2 Baths"),
        _card("Moving boxes", rent="$189", rooms="2 bd kit", extra="<span>Sponsored</span>"),
        _card("Boxes again", rent="$179", rooms="1 bd kit", extra="<small>Advertisement</small>"),
        twice('<div class="listing-card ad-slot"><h3>Insurance</h3><p>$9/mo</p><p>for a 1 bd</p></div>'),
        twice('<div class="promo"><p>$500 off</p><p>any 2 bd</p></div>'),
        twice('<div class="stat"><p>Average rent</p><p>$1,402</p><p>1 bd</p></div>'),
        around=twice('<nav><div class="menu"><a href="/2bd">2 bd apartments</a><span>from $1,100</span></div></nav>')
        + '<form><div class="chip"><label>2 bd</label><span>$1,500</span></div>'
        '<div class="chip"><label>3 bd</label><span>$2,000</span></div><select><option>$1,300</option></select></form>'
        + twice('<footer><div class="office"><p>Units from $950</p><p>2 bd models open</p></div></footer>'),
    )

    assert [listing.title for listing in _cards(text)] == ["Oak flat", "Elm house"]


def test_a_block_needs_rooms_and_a_twin_to_be_a_listing():
    lonely = _page(_card("Only one"), '<div class="listing-card"><h3>Parking</h3><p>$75/mo</p></div>')
    prices_only = _page(*(f'<div class="spot"><h3>Space {n}</h3><p>$75/mo</p></div>' for n in range(3)))

    assert _cards(lonely) == []
    assert _cards(prices_only) == []


def test_every_field_of_a_card_is_read():
    text = _page(
        _card(
            "Sunny two bedroom",
            rent="$1,850/mo",
            rooms="2 bd · 1.5 ba · 900 sq ft",
            extra="<p>1420 Maple Ave, Unit 3</p><p>Springfield, IL 62704</p><p>Available Dec 1</p><p>Cats OK</p>",
        ),
        _card("Garden studio", rent="Rent: 1,150", rooms="Studio / 1 ba", extra="<p>Available now</p><p>No pets</p>"),
    )

    flat, studio = _cards(text)

    assert (flat.url, flat.price, flat.bedrooms, flat.bathrooms, flat.square_feet) == (
        "https://www.homes.example/rentals/sunny-two-bedroom",
        Decimal("1850.00"),
        2,
        Decimal("1.5"),
        900,
    )
    assert (flat.address, flat.city, flat.state, flat.postal_code) == (
        "1420 Maple Ave, Unit 3",
        "Springfield",
        "IL",
        "62704",
    )
    assert (flat.available_from.isoformat(), flat.pets_allowed) == ("2026-12-01", True)
    assert flat.photos == ["https://www.homes.example/img/17.jpg"]
    assert (studio.price, studio.bedrooms, studio.available_from, studio.pets_allowed) == (
        Decimal("1150.00"),
        0,
        corpus_support.TODAY,
        False,
    )


def test_a_number_is_square_feet_only_when_labelled_so():
    text = _page(
        _card("A", rooms="2br - 900ft2"),
        _card("B", rooms="2br -", extra="<p>Size: 850</p><p>Built 1920</p>"),
        _card("C", rooms="1 bd", extra="<p>1,100 SF</p>"),
    )

    assert [(listing.bedrooms, listing.square_feet) for listing in _cards(text)] == [(2, 900), (2, None), (1, 1100)]


def test_facts_split_across_tags_are_read_together():
    text = _page(
        *(
            f"""<li class="card"><a href="/h/{n}"><address>{n}12 Oak St, Austin, TX 78701</address></a>
        <span class="price">${n},450/mo</span><ul><li><b>{n}</b> <abbr>bds</abbr></li><li><b>1</b> <abbr>ba</abbr></li>
        <li><b>{n}00</b> <abbr>sqft</abbr></li></ul></li>"""
            for n in (2, 3)
        )
    )

    assert [(listing.address, listing.price, listing.bedrooms, listing.square_feet) for listing in _cards(text)] == [
        ("212 Oak St", Decimal("2450.00"), 2, 200),
        ("312 Oak St", Decimal("3450.00"), 3, 300),
    ]


def test_the_card_is_the_whole_repeated_block_not_the_line_with_the_price():
    # Price and rooms share one line; the title, link and photo sit beside it in the card.
    text = _page(
        *(
            f"""<div class="col"><div class="tile"><a href="/u/{n}"><img src="/p/{n}.jpg"></a>
        <div class="tile-body"><h4>Home {n}</h4><p class="meta">$1,{n}00 · {n} bd · 1 ba</p></div></div></div>"""
            for n in (1, 2, 3)
        )
    )

    assert [(listing.title, listing.url, listing.photos) for listing in _cards(text)] == [
        (f"Home {n}", f"https://www.homes.example/u/{n}", [f"https://www.homes.example/p/{n}.jpg"]) for n in (1, 2, 3)
    ]


def test_a_featured_copy_of_a_card_is_one_listing():
    text = _page(
        _card("Loft", href="/rentals/loft?featured=1", css="listing-card listing-card--featured"),
        _card("Loft"),
        _card("Cottage", rent="$1,200", rooms="1 bd · 1 ba"),
    )

    assert [(listing.title, listing.url) for listing in _cards(text)] == [
        ("Loft", "https://www.homes.example/rentals/loft"),
        ("Cottage", "https://www.homes.example/rentals/cottage"),
    ]


def test_unit_type_rows_inside_property_cards_take_the_property_address():
    def property_card(name, street, rows):
        rows = "".join(f'<div class="row"><span>{beds}</span><span>{rent}</span></div>' for beds, rent in rows)
        return f"""<article class="property"><h2><a href="/p/{name.lower()}">{name}</a></h2>
          <p>{street}, Austin, TX 78701</p><div class="rollup">{rows}</div></article>"""

    text = _page(
        property_card("Arbor", "12 Oak St", [("Studio", "$1,100+"), ("1 Bed", "$1,300+")]),
        property_card("Birch", "40 Elm Ave", [("2 Beds", "$1,900+"), ("3 Beds", "$2,400+")]),
    )

    found = [(listing.title, listing.address, listing.bedrooms, listing.price, listing.url) for listing in _cards(text)]

    assert found == [
        ("Arbor", "12 Oak St", 0, Decimal("1100.00"), ""),
        ("Arbor", "12 Oak St", 1, Decimal("1300.00"), ""),
        ("Birch", "40 Elm Ave", 2, Decimal("1900.00"), ""),
        ("Birch", "40 Elm Ave", 3, Decimal("2400.00"), ""),
    ]


def test_teasers_that_jump_to_sections_of_one_page_are_not_listings():
    text = _page(
        *(
            f"""<div class="teaser"><h3>{n} Bedroom</h3><p>{n} Bed / 1 Bath</p><p>Starting at $1,{n}50</p>
        <a href="/floorplans#plan-{n}">View plans</a></div>"""
            for n in (1, 2, 3)
        )
    )

    assert _cards(text) == []


def test_averages_and_estimates_are_not_rents():
    text = _page(
        "<table><tr><th>Bedrooms</th><th>Average rent</th></tr><tr><td>Studio</td><td>$1,215</td></tr>"
        "<tr><td>1 Bed</td><td>$1,402</td></tr></table>"
    )

    assert _cards(text) == []


def test_the_card_heuristic_is_fast_enough_for_the_crawl():
    """The bench asks for 1,000 listings a second with every extractor on one core; this bound
    is looser so that a busy test machine does not fail it, and still catches a slow heuristic."""
    page = corpus_support.load_page("cards_wordpress_1")
    grid = page.text.split('<div class="row listings-grid">', 1)[1].split("</article>")
    card = grid[1] + "</article>"
    text = page.text.replace(card, "".join(card.replace("/rentals/", f"/rentals/{n}-") for n in range(50)), 1)
    assert len(parse_page(text, url=page.url).listings) >= 50

    started = time.process_time()
    runs = 5
    for _ in range(runs):
        found = len(parse_page(text, url=page.url).listings)
    per_second = found * runs / (time.process_time() - started)

    assert per_second > 400, f"{per_second:.0f} listings per second"
