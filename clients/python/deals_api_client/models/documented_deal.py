from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_fields import CustomFields
    from ..models.documented_deal_assigned_user_type_0 import DocumentedDealAssignedUserType0
    from ..models.documented_deal_contact_type_0 import DocumentedDealContactType0
    from ..models.documented_deal_organization_type_0 import DocumentedDealOrganizationType0
    from ..models.documented_deal_stage_type_0 import DocumentedDealStageType0


T = TypeVar("T", bound="DocumentedDeal")


@_attrs_define
class DocumentedDeal:
    """A deal as the documented API shows it; organization, contact, stage and assigned_user are there when included."""

    id: str
    title: str
    value: float
    currency: str
    stage_id: str
    organization_id: None | str
    contact_id: None | str
    assigned_to: None | str
    expected_close_date: datetime.date | None
    probability: float | None
    metadata: CustomFields
    """ A deal's own fields, free-form (custom_fields; metadata in the documented view): any JSON object of at most
    16 KiB, nested at most 5 levels, without empty keys, with numbers of magnitude 1e-129 to 1e125 (or 0). """
    created_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    updated_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    organization: DocumentedDealOrganizationType0 | None | Unset = UNSET
    contact: DocumentedDealContactType0 | None | Unset = UNSET
    stage: DocumentedDealStageType0 | None | Unset = UNSET
    assigned_user: DocumentedDealAssignedUserType0 | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.documented_deal_assigned_user_type_0 import DocumentedDealAssignedUserType0  # noqa: PLC0415
        from ..models.documented_deal_contact_type_0 import DocumentedDealContactType0  # noqa: PLC0415
        from ..models.documented_deal_organization_type_0 import DocumentedDealOrganizationType0  # noqa: PLC0415
        from ..models.documented_deal_stage_type_0 import DocumentedDealStageType0  # noqa: PLC0415

        id = self.id

        title = self.title

        value = self.value

        currency = self.currency

        stage_id = self.stage_id

        organization_id: None | str
        organization_id = self.organization_id

        contact_id: None | str
        contact_id = self.contact_id

        assigned_to: None | str
        assigned_to = self.assigned_to

        expected_close_date: None | str
        if isinstance(self.expected_close_date, datetime.date):
            expected_close_date = self.expected_close_date.isoformat()
        else:
            expected_close_date = self.expected_close_date

        probability: float | None
        probability = self.probability

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        organization: dict[str, Any] | None | Unset
        if isinstance(self.organization, Unset):
            organization = UNSET
        elif isinstance(self.organization, DocumentedDealOrganizationType0):
            organization = self.organization.to_dict()
        else:
            organization = self.organization

        contact: dict[str, Any] | None | Unset
        if isinstance(self.contact, Unset):
            contact = UNSET
        elif isinstance(self.contact, DocumentedDealContactType0):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        stage: dict[str, Any] | None | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        elif isinstance(self.stage, DocumentedDealStageType0):
            stage = self.stage.to_dict()
        else:
            stage = self.stage

        assigned_user: dict[str, Any] | None | Unset
        if isinstance(self.assigned_user, Unset):
            assigned_user = UNSET
        elif isinstance(self.assigned_user, DocumentedDealAssignedUserType0):
            assigned_user = self.assigned_user.to_dict()
        else:
            assigned_user = self.assigned_user

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "title": title,
                "value": value,
                "currency": currency,
                "stage_id": stage_id,
                "organization_id": organization_id,
                "contact_id": contact_id,
                "assigned_to": assigned_to,
                "expected_close_date": expected_close_date,
                "probability": probability,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if organization is not UNSET:
            field_dict["organization"] = organization
        if contact is not UNSET:
            field_dict["contact"] = contact
        if stage is not UNSET:
            field_dict["stage"] = stage
        if assigned_user is not UNSET:
            field_dict["assigned_user"] = assigned_user

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_fields import CustomFields  # noqa: PLC0415
        from ..models.documented_deal_assigned_user_type_0 import DocumentedDealAssignedUserType0  # noqa: PLC0415
        from ..models.documented_deal_contact_type_0 import DocumentedDealContactType0  # noqa: PLC0415
        from ..models.documented_deal_organization_type_0 import DocumentedDealOrganizationType0  # noqa: PLC0415
        from ..models.documented_deal_stage_type_0 import DocumentedDealStageType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        value = d.pop("value")

        currency = d.pop("currency")

        stage_id = d.pop("stage_id")

        def _parse_organization_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organization_id = _parse_organization_id(d.pop("organization_id"))

        def _parse_contact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        contact_id = _parse_contact_id(d.pop("contact_id"))

        def _parse_assigned_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assigned_to = _parse_assigned_to(d.pop("assigned_to"))

        def _parse_expected_close_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expected_close_date_type_0 = datetime.date.fromisoformat(data)

                return expected_close_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        expected_close_date = _parse_expected_close_date(d.pop("expected_close_date"))

        def _parse_probability(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        probability = _parse_probability(d.pop("probability"))

        metadata = CustomFields.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_organization(data: object) -> DocumentedDealOrganizationType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                organization_type_0 = DocumentedDealOrganizationType0.from_dict(data)

                return organization_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentedDealOrganizationType0 | None | Unset, data)

        organization = _parse_organization(d.pop("organization", UNSET))

        def _parse_contact(data: object) -> DocumentedDealContactType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                contact_type_0 = DocumentedDealContactType0.from_dict(data)

                return contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentedDealContactType0 | None | Unset, data)

        contact = _parse_contact(d.pop("contact", UNSET))

        def _parse_stage(data: object) -> DocumentedDealStageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stage_type_0 = DocumentedDealStageType0.from_dict(data)

                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentedDealStageType0 | None | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        def _parse_assigned_user(data: object) -> DocumentedDealAssignedUserType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assigned_user_type_0 = DocumentedDealAssignedUserType0.from_dict(data)

                return assigned_user_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DocumentedDealAssignedUserType0 | None | Unset, data)

        assigned_user = _parse_assigned_user(d.pop("assigned_user", UNSET))

        documented_deal = cls(
            id=id,
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
            created_at=created_at,
            updated_at=updated_at,
            organization=organization,
            contact=contact,
            stage=stage,
            assigned_user=assigned_user,
        )

        return documented_deal
