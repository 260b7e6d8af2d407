"""The spellings sites use for each listing field in app state, as plain keys (lower case, no
separators: embedded_fields.plain_key), in the order they are trusted: the first that holds a
usable value is read."""

PRICE_KEYS = (
    "unformattedprice",
    "price",
    "rent",
    "monthlyrent",
    "rentamount",
    "marketrent",
    "minadvertisedbaserent",
    "baserent",
    "askingrent",
    "listprice",
    "askingprice",
    "rentprice",
    "minrent",
    "minprice",
    "rentmin",
    "pricemin",
    "lowprice",
    "minimumrent",
    "minbaserent",
    "rentrange",
    "pricerange",
    "formattedprice",
    "displayprice",
    "pricetext",
    "pricelabel",
    "effectiverent",
    "totalrent",
)
BED_KEYS = (
    "beds",
    "bedrooms",
    "bedroomcount",
    "numbeds",
    "numberofbeds",
    "numberofbedrooms",
    "bedroom",
    "bed",
    "bedroomsnum",
    "bedsnum",
    "minbeds",
    "minbedrooms",
    "bedroomsmin",
    "unitspecs",
    "specs",
)
BATH_KEYS = (
    "bathrooms",
    "bathroomstotal",
    "baths",
    "bathroomcount",
    "numbaths",
    "numberofbaths",
    "numberofbathrooms",
    "bathroom",
    "bath",
    "minbaths",
    "minbathrooms",
    "unitspecs",
    "specs",
)
# Full and half baths counted apart (a search result's "baths" may round 2.5 up to 3).
FULL_BATH_KEYS = ("fullbathroomcount", "fullbathrooms", "fullbaths", "bathsfull", "numfullbaths")
HALF_BATH_KEYS = ("halfbathroomcount", "halfbathrooms", "halfbaths", "bathshalf", "numhalfbaths")
SIZE_KEYS = (
    "sqft",
    "squarefeet",
    "squarefootage",
    "sqfeet",
    "livingarea",
    "area",
    "size",
    "floorsize",
    "minsqft",
    "sqftmin",
    "minimumsqft",
    "minsquarefeet",
    "sqftunit",
    "unitspecs",
    "specs",
)
# Keys whose bare number is the size; elsewhere ("specs") only a figure labelled as square feet counts.
SIZE_NUMBER_KEYS = set(SIZE_KEYS) - {"unitspecs", "specs"}
URL_KEYS = (
    "detailurl",
    "detailpageurl",
    "url",
    "href",
    "link",
    "permalink",
    "listingurl",
    "canonicalurl",
    "hdpurl",
    "path",
)
ID_KEYS = ("listingid", "unitid", "zpid", "rentalid", "propertylistingid", "id", "uuid", "guid")
ID_ENDINGS = ("listingid", "unitid", "rentalid")
TITLE_KEYS = ("title", "name", "headline", "marketingname", "buildingname", "unitname", "propertyname")
STREET_KEYS = (
    "addressstreet",
    "streetaddress",
    "street",
    "line1",
    "address1",
    "addressline1",
    "streetline",
    "fulladdress",
    "formattedaddress",
    "displayaddress",
    "address",
)
CITY_KEYS = ("addresscity", "city", "locality", "addresslocality", "cityname")
STATE_KEYS = ("addressstate", "state", "statecode", "region", "addressregion", "province")
ZIP_KEYS = ("addresszipcode", "zipcode", "zip", "postalcode", "postcode", "addresspostalcode")
UNIT_NUMBER_KEYS = (
    "unitnumber",
    "marketingunitnumber",
    "apartmentnumber",
    "aptnumber",
    "unitno",
    "unitlabel",
    "displayname",
)
DATE_KEYS = (
    "availabledate",
    "availabilitydate",
    "availableon",
    "availablefrom",
    "moveindate",
    "dateavailable",
    "available",
    "readydatetext",
    "readydate",
    "availableat",
    "internalavailabledate",
)
PET_KEYS = ("petsallowed", "allowspets", "petfriendly", "pets", "petpolicy")
PHOTO_KEYS = (
    "photos",
    "images",
    "imgsrc",
    "photourl",
    "photourls",
    "imageurl",
    "imageurls",
    "image",
    "picture",
    "picturelarge",
    "defaultphotourl",
    "thumbnail",
    "thumbnailurl",
    "photo",
    "mainphoto",
    "primaryphoto",
    "coverphoto",
    "gallery",
    "media",
)
DESCRIPTION_KEYS = ("description", "remarks", "summary", "desc", "publicremarks")
CURRENCY_KEYS = ("currency", "pricecurrency", "currencycode")
# Objects whose facts are the listing's own (a search result's `hdpData.homeInfo`, Rently's `floorplan`).
FACT_CONTAINERS = (
    "hdpdata",
    "homeinfo",
    "floorplan",
    "details",
    "facts",
    "factsandfeatures",
    "attributes",
    "pricing",
    "specs",
    "location",
    "priceinfo",
    "rentinfo",
    "data",
)
# Where an object says it is gone (leased, sold…) or is an ad, and where a photo object keeps its link.
STATUS_KEYS = (
    "status",
    "leasestatus",
    "homestatus",
    "statustype",
    "listingstatus",
    "availabilitystatus",
    "availability",
)
AD_KEYS = frozenset({"isad", "adtype", "adunit", "advertisement", "issponsored", "sponsored", "adid"})
PHOTO_URL_KEYS = ("url", "src", "href", "large", "original", "full", "highres", "medium", "uri", "imageurl", "small")
