"""The card heuristic: repeated blocks of the same shape that each carry a price and a bed or
bath count are listings, whatever the site calls them."""


def extract_listings(selector):
    """Raw listings read from the page's repeated listing-like blocks."""
    return []
