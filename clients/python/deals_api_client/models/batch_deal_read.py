from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchDealRead")


@_attrs_define
class BatchDealRead:
    ids: list[str]
    include: str | Unset = UNSET
    """ As GET /deals/{id}'s include=: comma-separated names among account, primary_contact, contacts, stage,
    pipeline, owner (unknown names are 400; "" embeds nothing). Default: everything. """

    def to_dict(self) -> dict[str, Any]:
        ids = self.ids

        include = self.include

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ids": ids,
            }
        )
        if include is not UNSET:
            field_dict["include"] = include

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ids = cast(list[str], d.pop("ids"))

        include = d.pop("include", UNSET)

        batch_deal_read = cls(
            ids=ids,
            include=include,
        )

        return batch_deal_read
