from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="DealPagination")


@_attrs_define
class DealPagination:
    total: int
    total_estimated: bool
    """ true when total is a lower bound. """
    limit: int
    page: int
    per_page: int
    total_pages: int
    has_more: bool
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        total_estimated = self.total_estimated

        limit = self.limit

        page = self.page

        per_page = self.per_page

        total_pages = self.total_pages

        has_more = self.has_more

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "total": total,
                "total_estimated": total_estimated,
                "limit": limit,
                "page": page,
                "per_page": per_page,
                "total_pages": total_pages,
                "has_more": has_more,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        total_estimated = d.pop("total_estimated")

        limit = d.pop("limit")

        page = d.pop("page")

        per_page = d.pop("per_page")

        total_pages = d.pop("total_pages")

        has_more = d.pop("has_more")

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        deal_pagination = cls(
            total=total,
            total_estimated=total_estimated,
            limit=limit,
            page=page,
            per_page=per_page,
            total_pages=total_pages,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return deal_pagination
