"""schema.org as JSON-LD and microdata give it: the types that name units, floor plans, offers
and complexes, and the `@id` index that resolves a reference ({"@id": "#unit-1"}) to its node."""

UNIT_TYPES = frozenset(
    {"Apartment", "House", "SingleFamilyResidence", "Accommodation", "Residence", "Room", "Suite", "HotelRoom"}
)
PLAN_TYPES = frozenset({"FloorPlan"})
OFFER_TYPES = frozenset({"Offer", "AggregateOffer"})
LISTING_TYPES = UNIT_TYPES | OFFER_TYPES | {"Product", "RealEstateListing"}
# Places that hold the units for rent: their units are the listings, they lend them an address.
# A Residence is one only when it has units (otherwise it is a home like a House).
COMPLEX_TYPES = frozenset({"ApartmentComplex", "GatedResidenceCommunity", "Residence"})
_ALWAYS_COMPLEX = COMPLEX_TYPES - {"Residence"}
MAX_DEPTH = 16


def node_types(node):
    raw = node.get("@type")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(str(t).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in raw)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _index_ids(value, index, depth=0):
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            _index_ids(item, index, depth + 1)
    elif isinstance(value, dict):
        node_id = value.get("@id")
        # A bare {"@id": ...} is a reference, not the node itself.
        if isinstance(node_id, str) and len(value) > 1:
            index.setdefault(node_id, value)
        for item in value.values():
            if isinstance(item, (dict, list)):
                _index_ids(item, index, depth + 1)


class Document:
    def __init__(self, documents):
        self.index = {}
        _index_ids(documents, self.index)

    def deref(self, value):
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return self.index.get(value["@id"], value)
        return value

    def first(self, value):
        """The first node of a value that may be a node, a reference or a list of them."""
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, dict)), None)
        value = self.deref(value)
        return value if isinstance(value, dict) else None

    def nodes(self, value):
        """Every node of a value that may be a node, a reference or a list of them."""
        return [node for node in (self.deref(item) for item in as_list(value)) if isinstance(node, dict)]


def is_complex(node, types):
    if types & _ALWAYS_COMPLEX:
        return True
    if "Residence" in types and not types & (UNIT_TYPES - {"Residence"}):
        plans = node.get("accommodationFloorPlan")
        return bool(node.get("containsPlace")) or (isinstance(plans, list) and len(plans) > 1)
    return False
