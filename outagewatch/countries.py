"""Country names as people read them, from ISO 3166-1 alpha-2 codes: one place for the
dashboard, the exports and the incident titles."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """'DE' -> 'Germany' (pycountry's common name where it has one: 'Taiwan', not 'Taiwan,
    Province of China'); an unknown code stays as it is, '' stays ''."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


# codes in common use outside ISO 3166-1 that the gazetteer gives (GeoNames: Kosovo)
USER_ASSIGNED = frozenset({"XK"})


def is_country(code: str) -> bool:
    """Whether `code` is a country code outagewatch assigns: ISO 3166-1 alpha-2 ('DE', 'gb')
    or Kosovo's XK, as GeoNames has it; not 'UK' or 'ZZ'."""
    import pycountry

    if len(code) != 2:
        return False
    return (
        code.upper() in USER_ASSIGNED or pycountry.countries.get(alpha_2=code.upper()) is not None
    )


@lru_cache(maxsize=1)
def country_codes() -> tuple[str, ...]:
    """Every code is_country takes, upper case and sorted (the API's OpenAPI document lists
    them, so a generated request knows which codes are countries)."""
    import pycountry

    return tuple(sorted({c.alpha_2 for c in pycountry.countries} | USER_ASSIGNED))


# two-letter codes people write for a country whose ISO code is another (the EU writes EL)
NOT_ISO = {"UK": "GB", "EL": "GR"}


def country_hint(code: str) -> str:
    """The ISO code meant by a common non-ISO one: 'UK' -> 'GB'; '' when none is known."""
    return NOT_ISO.get(code.upper(), "")
