"""Page-number pagination with a bound on the page number (an offset past any table is a 422,
not a database error) and the count of all items, in a stable order the endpoints give."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=100, max_page_size=1000, **kwargs)
