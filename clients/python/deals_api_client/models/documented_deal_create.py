from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_fields import CustomFields


T = TypeVar("T", bound="DocumentedDealCreate")


@_attrs_define
class DocumentedDealCreate:
    """
    Example:
        {'title': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'expected_close_date': '2026-03-31',
            'probability': 75}

    """

    title: str
    """ Required on create (the deal's name). """
    value: float | Unset = UNSET
    """ A number from 0 to 10^15 (integers stay integers). -0 is 0. Exactly: 0, or from 1e-129 to 10^15 (a non-zero
    magnitude below 1e-129 cannot be stored and is 400). """
    currency: str | Unset = UNSET
    """ An active ISO 4217 code, case-insensitive (stored upper-case). Default EUR. """
    stage_id: str | Unset = UNSET
    """ A stage of the tenant. """
    organization_id: None | str | Unset = UNSET
    """ An account of the tenant. """
    contact_id: None | str | Unset = UNSET
    """ The primary contact. """
    assigned_to: None | str | Unset = UNSET
    """ The owner. """
    expected_close_date: datetime.date | None | Unset = UNSET
    """ YYYY-MM-DD, a real date, years 0001 to 9999 (exactly four digits, no sign). """
    probability: float | None | Unset = UNSET
    """ A percentage from 0 to 100. -0 is 0. Exactly: 0, or from 1e-129 to 100 (a non-zero magnitude below 1e-129
    cannot be stored and is 400). """
    metadata: CustomFields | None | Unset = UNSET
    """ Replaces the whole object; null clears it to {}. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_fields import CustomFields  # noqa: PLC0415

        title = self.title

        value = self.value

        currency = self.currency

        stage_id = self.stage_id

        organization_id: None | str | Unset
        if isinstance(self.organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = self.organization_id

        contact_id: None | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        assigned_to: None | str | Unset
        if isinstance(self.assigned_to, Unset):
            assigned_to = UNSET
        else:
            assigned_to = self.assigned_to

        expected_close_date: None | str | Unset
        if isinstance(self.expected_close_date, Unset):
            expected_close_date = UNSET
        elif isinstance(self.expected_close_date, datetime.date):
            expected_close_date = self.expected_close_date.isoformat()
        else:
            expected_close_date = self.expected_close_date

        probability: float | None | Unset
        if isinstance(self.probability, Unset):
            probability = UNSET
        else:
            probability = self.probability

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CustomFields):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
            }
        )
        if value is not UNSET:
            field_dict["value"] = value
        if currency is not UNSET:
            field_dict["currency"] = currency
        if stage_id is not UNSET:
            field_dict["stage_id"] = stage_id
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if assigned_to is not UNSET:
            field_dict["assigned_to"] = assigned_to
        if expected_close_date is not UNSET:
            field_dict["expected_close_date"] = expected_close_date
        if probability is not UNSET:
            field_dict["probability"] = probability
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_fields import CustomFields  # noqa: PLC0415

        d = dict(src_dict)
        title = d.pop("title")

        value = d.pop("value", UNSET)

        currency = d.pop("currency", UNSET)

        stage_id = d.pop("stage_id", UNSET)

        def _parse_organization_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organization_id = _parse_organization_id(d.pop("organization_id", UNSET))

        def _parse_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        def _parse_assigned_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assigned_to = _parse_assigned_to(d.pop("assigned_to", UNSET))

        def _parse_expected_close_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_close_date_type_0 = datetime.date.fromisoformat(data)

                return expected_close_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expected_close_date = _parse_expected_close_date(d.pop("expected_close_date", UNSET))

        def _parse_probability(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        probability = _parse_probability(d.pop("probability", UNSET))

        def _parse_metadata(data: object) -> CustomFields | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CustomFields.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomFields | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        documented_deal_create = cls(
            title=title,
            value=value,
            currency=currency,
            stage_id=stage_id,
            organization_id=organization_id,
            contact_id=contact_id,
            assigned_to=assigned_to,
            expected_close_date=expected_close_date,
            probability=probability,
            metadata=metadata,
        )

        return documented_deal_create
