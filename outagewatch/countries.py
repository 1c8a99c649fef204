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


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 code ('DE', 'gb'; not 'UK' or 'ZZ')."""
    import pycountry

    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None
