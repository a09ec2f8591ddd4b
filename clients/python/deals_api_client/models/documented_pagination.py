from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DocumentedPagination")


@_attrs_define
class DocumentedPagination:
    total: int
    limit: int
    page: int
    per_page: int
    total_pages: int
    has_more: bool
    next_cursor: str | Unset = UNSET
    """ Only when there is a next page. """

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        limit = self.limit

        page = self.page

        per_page = self.per_page

        total_pages = self.total_pages

        has_more = self.has_more

        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "total": total,
                "limit": limit,
                "page": page,
                "per_page": per_page,
                "total_pages": total_pages,
                "has_more": has_more,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        limit = d.pop("limit")

        page = d.pop("page")

        per_page = d.pop("per_page")

        total_pages = d.pop("total_pages")

        has_more = d.pop("has_more")

        next_cursor = d.pop("next_cursor", UNSET)

        documented_pagination = cls(
            total=total,
            limit=limit,
            page=page,
            per_page=per_page,
            total_pages=total_pages,
            has_more=has_more,
            next_cursor=next_cursor,
        )

        return documented_pagination
