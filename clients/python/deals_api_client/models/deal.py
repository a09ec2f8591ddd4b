from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.deal_source_type import DealSourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_entry import AuditEntry
    from ..models.custom_fields import CustomFields
    from ..models.included import Included


T = TypeVar("T", bound="Deal")


@_attrs_define
class Deal:
    """A deal with every field: absent optionals null, absent lists [], custom_fields {}. included is there when related
    records are embedded (GET of one deal and every write: all of them; lists: those named by include=).

    """

    id: str
    """ deal_ + ULID. """
    tenant_id: str
    """ The tenant of the token. """
    app_id: None | str
    """ The application of an application token. """
    deal_number: str
    name: str
    account_id: None | str
    owner_id: None | str
    pipeline_id: str
    stage: str
    """ The stage id (the stage itself is included.stage). """
    value: float
    currency: str
    probability: float | None
    forecast_category: None | str
    expected_close_date: datetime.date | None
    actual_close_date: datetime.date | None
    next_followup_date: None | str
    deal_type: None | str
    deal_source: None | str
    competitors: list[str]
    loss_reason: None | str
    loss_category: None | str
    closure_notes: None | str
    primary_contact_id: None | str
    contact_ids: list[str]
    rfp_record_id: None | str
    quote_ids: list[str]
    proposal_ids: list[str]
    attachment_refs: list[str]
    linked_task_ids: list[str]
    custom_fields: CustomFields
    """ A deal's own fields, free-form (custom_fields; metadata in the documented view): any JSON object of at most
    16 KiB, nested at most 5 levels, without empty keys, with numbers of magnitude 1e-129 to 1e125 (or 0). """
    tags: list[str]
    audit_log: list[AuditEntry]
    """ The latest stage changes (older ones: GET /deals/{id}/history). """
    stage_entered_at: datetime.datetime
    """ When the deal entered its current stage: its creation (or the stage_entered_at it was created with) or its
    last stage change. """
    source: str
    source_type: DealSourceType
    created_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    updated_at: datetime.datetime
    """ RFC 3339 UTC with milliseconds. """
    created_by: str
    updated_by: str
    is_deleted: bool
    deleted_at: None | str
    deleted_by: None | str
    merged_into: None | str
    """ On a deal merged into another: the survivor's id (GET of this id answers the survivor). """
    schema_version: int
    version: int
    """ 1 on create, +1 on every write; the ETag. """
    is_rotten: bool
    """ In an open stage with rotten_days set for more than that many whole UTC days since stage_entered_at's day
    (entered on 1 March with 3 days: rotten from 5 March on). """
    included: Included | Unset = UNSET
    """ The related records asked for, each null (contacts: []) when the deal has none. """

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tenant_id = self.tenant_id

        app_id: None | str
        app_id = self.app_id

        deal_number = self.deal_number

        name = self.name

        account_id: None | str
        account_id = self.account_id

        owner_id: None | str
        owner_id = self.owner_id

        pipeline_id = self.pipeline_id

        stage = self.stage

        value = self.value

        currency = self.currency

        probability: float | None
        probability = self.probability

        forecast_category: None | str
        forecast_category = self.forecast_category

        expected_close_date: None | str
        if isinstance(self.expected_close_date, datetime.date):
            expected_close_date = self.expected_close_date.isoformat()
        else:
            expected_close_date = self.expected_close_date

        actual_close_date: None | str
        if isinstance(self.actual_close_date, datetime.date):
            actual_close_date = self.actual_close_date.isoformat()
        else:
            actual_close_date = self.actual_close_date

        next_followup_date: None | str
        next_followup_date = self.next_followup_date

        deal_type: None | str
        deal_type = self.deal_type

        deal_source: None | str
        deal_source = self.deal_source

        competitors = self.competitors

        loss_reason: None | str
        loss_reason = self.loss_reason

        loss_category: None | str
        loss_category = self.loss_category

        closure_notes: None | str
        closure_notes = self.closure_notes

        primary_contact_id: None | str
        primary_contact_id = self.primary_contact_id

        contact_ids = self.contact_ids

        rfp_record_id: None | str
        rfp_record_id = self.rfp_record_id

        quote_ids = self.quote_ids

        proposal_ids = self.proposal_ids

        attachment_refs = self.attachment_refs

        linked_task_ids = self.linked_task_ids

        custom_fields = self.custom_fields.to_dict()

        tags = self.tags

        audit_log = []
        for audit_log_item_data in self.audit_log:
            audit_log_item = audit_log_item_data.to_dict()
            audit_log.append(audit_log_item)

        stage_entered_at = self.stage_entered_at.isoformat()

        source = self.source

        source_type = self.source_type.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        created_by = self.created_by

        updated_by = self.updated_by

        is_deleted = self.is_deleted

        deleted_at: None | str
        deleted_at = self.deleted_at

        deleted_by: None | str
        deleted_by = self.deleted_by

        merged_into: None | str
        merged_into = self.merged_into

        schema_version = self.schema_version

        version = self.version

        is_rotten = self.is_rotten

        included: dict[str, Any] | Unset = UNSET
        if not isinstance(self.included, Unset):
            included = self.included.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "app_id": app_id,
                "deal_number": deal_number,
                "name": name,
                "account_id": account_id,
                "owner_id": owner_id,
                "pipeline_id": pipeline_id,
                "stage": stage,
                "value": value,
                "currency": currency,
                "probability": probability,
                "forecast_category": forecast_category,
                "expected_close_date": expected_close_date,
                "actual_close_date": actual_close_date,
                "next_followup_date": next_followup_date,
                "deal_type": deal_type,
                "deal_source": deal_source,
                "competitors": competitors,
                "loss_reason": loss_reason,
                "loss_category": loss_category,
                "closure_notes": closure_notes,
                "primary_contact_id": primary_contact_id,
                "contact_ids": contact_ids,
                "rfp_record_id": rfp_record_id,
                "quote_ids": quote_ids,
                "proposal_ids": proposal_ids,
                "attachment_refs": attachment_refs,
                "linked_task_ids": linked_task_ids,
                "custom_fields": custom_fields,
                "tags": tags,
                "audit_log": audit_log,
                "stage_entered_at": stage_entered_at,
                "source": source,
                "source_type": source_type,
                "created_at": created_at,
                "updated_at": updated_at,
                "created_by": created_by,
                "updated_by": updated_by,
                "is_deleted": is_deleted,
                "deleted_at": deleted_at,
                "deleted_by": deleted_by,
                "merged_into": merged_into,
                "schema_version": schema_version,
                "version": version,
                "is_rotten": is_rotten,
            }
        )
        if included is not UNSET:
            field_dict["included"] = included

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry import AuditEntry  # noqa: PLC0415
        from ..models.custom_fields import CustomFields  # noqa: PLC0415
        from ..models.included import Included  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        tenant_id = d.pop("tenant_id")

        def _parse_app_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        app_id = _parse_app_id(d.pop("app_id"))

        deal_number = d.pop("deal_number")

        name = d.pop("name")

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        def _parse_owner_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        owner_id = _parse_owner_id(d.pop("owner_id"))

        pipeline_id = d.pop("pipeline_id")

        stage = d.pop("stage")

        value = d.pop("value")

        currency = d.pop("currency")

        def _parse_probability(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        probability = _parse_probability(d.pop("probability"))

        def _parse_forecast_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        forecast_category = _parse_forecast_category(d.pop("forecast_category"))

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

        def _parse_actual_close_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actual_close_date_type_0 = datetime.date.fromisoformat(data)

                return actual_close_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        actual_close_date = _parse_actual_close_date(d.pop("actual_close_date"))

        def _parse_next_followup_date(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_followup_date = _parse_next_followup_date(d.pop("next_followup_date"))

        def _parse_deal_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deal_type = _parse_deal_type(d.pop("deal_type"))

        def _parse_deal_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deal_source = _parse_deal_source(d.pop("deal_source"))

        competitors = cast(list[str], d.pop("competitors"))

        def _parse_loss_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        loss_reason = _parse_loss_reason(d.pop("loss_reason"))

        def _parse_loss_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        loss_category = _parse_loss_category(d.pop("loss_category"))

        def _parse_closure_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        closure_notes = _parse_closure_notes(d.pop("closure_notes"))

        def _parse_primary_contact_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        primary_contact_id = _parse_primary_contact_id(d.pop("primary_contact_id"))

        contact_ids = cast(list[str], d.pop("contact_ids"))

        def _parse_rfp_record_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rfp_record_id = _parse_rfp_record_id(d.pop("rfp_record_id"))

        quote_ids = cast(list[str], d.pop("quote_ids"))

        proposal_ids = cast(list[str], d.pop("proposal_ids"))

        attachment_refs = cast(list[str], d.pop("attachment_refs"))

        linked_task_ids = cast(list[str], d.pop("linked_task_ids"))

        custom_fields = CustomFields.from_dict(d.pop("custom_fields"))

        tags = cast(list[str], d.pop("tags"))

        audit_log = []
        _audit_log = d.pop("audit_log")
        for audit_log_item_data in _audit_log:
            audit_log_item = AuditEntry.from_dict(audit_log_item_data)

            audit_log.append(audit_log_item)

        stage_entered_at = datetime.datetime.fromisoformat(d.pop("stage_entered_at"))

        source = d.pop("source")

        source_type = DealSourceType(d.pop("source_type"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        created_by = d.pop("created_by")

        updated_by = d.pop("updated_by")

        is_deleted = d.pop("is_deleted")

        def _parse_deleted_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        def _parse_deleted_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        deleted_by = _parse_deleted_by(d.pop("deleted_by"))

        def _parse_merged_into(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        merged_into = _parse_merged_into(d.pop("merged_into"))

        schema_version = d.pop("schema_version")

        version = d.pop("version")

        is_rotten = d.pop("is_rotten")

        _included = d.pop("included", UNSET)
        included: Included | Unset
        if isinstance(_included, Unset):
            included = UNSET
        else:
            included = Included.from_dict(_included)

        deal = cls(
            id=id,
            tenant_id=tenant_id,
            app_id=app_id,
            deal_number=deal_number,
            name=name,
            account_id=account_id,
            owner_id=owner_id,
            pipeline_id=pipeline_id,
            stage=stage,
            value=value,
            currency=currency,
            probability=probability,
            forecast_category=forecast_category,
            expected_close_date=expected_close_date,
            actual_close_date=actual_close_date,
            next_followup_date=next_followup_date,
            deal_type=deal_type,
            deal_source=deal_source,
            competitors=competitors,
            loss_reason=loss_reason,
            loss_category=loss_category,
            closure_notes=closure_notes,
            primary_contact_id=primary_contact_id,
            contact_ids=contact_ids,
            rfp_record_id=rfp_record_id,
            quote_ids=quote_ids,
            proposal_ids=proposal_ids,
            attachment_refs=attachment_refs,
            linked_task_ids=linked_task_ids,
            custom_fields=custom_fields,
            tags=tags,
            audit_log=audit_log,
            stage_entered_at=stage_entered_at,
            source=source,
            source_type=source_type,
            created_at=created_at,
            updated_at=updated_at,
            created_by=created_by,
            updated_by=updated_by,
            is_deleted=is_deleted,
            deleted_at=deleted_at,
            deleted_by=deleted_by,
            merged_into=merged_into,
            schema_version=schema_version,
            version=version,
            is_rotten=is_rotten,
            included=included,
        )

        return deal
