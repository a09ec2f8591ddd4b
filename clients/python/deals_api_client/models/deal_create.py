from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.deal_create_source_type import DealCreateSourceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.custom_fields import CustomFields


T = TypeVar("T", bound="DealCreate")


@_attrs_define
class DealCreate:
    """A new deal. Unknown fields are "Unknown field", server-managed ones "Field is read-only". A deal in a lost stage
    needs loss_reason and loss_category.

        Example:
            {'name': 'Q1 Bulk Order', 'value': 25000, 'currency': 'EUR', 'stage': 'qualified', 'expected_close_date':
                '2026-03-31', 'tags': ['enterprise']}

    """

    name: str
    """ Required on create. Trimmed; 1-255 characters after trimming. """
    account_id: None | str | Unset = UNSET
    """ An account of the tenant ("Organization not found"). """
    owner_id: None | str | Unset = UNSET
    """ A user of the tenant ("User not found"). """
    pipeline_id: str | Unset = UNSET
    """ A pipeline of the tenant; default: the tenant's default pipeline, or the pipeline of the given stage. """
    stage: str | Unset = UNSET
    """ A stage id of that pipeline ("Invalid stage"); default: the pipeline's first stage. A stage alone brings its
    own pipeline. """
    value: float | Unset = UNSET
    """ Default 0. A number from 0 to 10^15 (integers stay integers). -0 is 0. Exactly: 0, or from 1e-129 to 10^15
    (a non-zero magnitude below 1e-129 cannot be stored and is 400). """
    currency: str | Unset = UNSET
    """ An active ISO 4217 code, case-insensitive (stored upper-case). Default EUR. """
    probability: float | None | Unset = UNSET
    """ 0-100; null hands it back to the stage's. -0 is 0. Exactly: 0, or from 1e-129 to 100 (a non-zero magnitude
    below 1e-129 cannot be stored and is 400). """
    forecast_category: None | str | Unset = UNSET
    """ Text of at most 255 characters (trimmed); "" or null clears it. """
    expected_close_date: datetime.date | None | Unset = UNSET
    """ YYYY-MM-DD, a real date, years 0001 to 9999 (exactly four digits, no sign). """
    actual_close_date: datetime.date | None | Unset = UNSET
    """ YYYY-MM-DD, a real date, years 0001 to 9999 (exactly four digits, no sign). Set by the server on entering a
    won or lost stage unless given. """
    next_followup_date: None | str | Unset = UNSET
    """ YYYY-MM-DD (years 0001 to 9999), or an RFC 3339 date-time YYYY-MM-DDTHH:MM:SS[.fraction of 1-9
    digits](Z|+HH:MM|-HH:MM) (T and Z in either case) whose instant lies within 0001-01-01T00:00:00Z and
    9999-12-31T23:59:59.999Z; a date-time is stored in UTC with milliseconds. """
    deal_type: None | str | Unset = UNSET
    """ Text of at most 255 characters (trimmed); "" or null clears it. """
    deal_source: None | str | Unset = UNSET
    """ Text of at most 255 characters (trimmed); "" or null clears it. """
    competitors: list[str] | None | Unset = UNSET
    """ At most 100 non-empty strings. """
    loss_reason: None | str | Unset = UNSET
    """ Text of at most 10,000 characters (trimmed); "" or null clears it. Required while the deal is in a lost
    stage. """
    loss_category: None | str | Unset = UNSET
    """ Text of at most 255 characters (trimmed); "" or null clears it. Required while the deal is in a lost stage.
    """
    closure_notes: None | str | Unset = UNSET
    """ Text of at most 10,000 characters (trimmed); "" or null clears it. """
    primary_contact_id: None | str | Unset = UNSET
    """ A contact of the tenant ("Contact not found"). """
    contact_ids: list[str] | None | Unset = UNSET
    """ At most 40 contacts of the tenant, de-duplicated. """
    rfp_record_id: None | str | Unset = UNSET
    quote_ids: list[str] | None | Unset = UNSET
    """ At most 100 non-empty strings. """
    proposal_ids: list[str] | None | Unset = UNSET
    """ At most 100 non-empty strings. """
    attachment_refs: list[str] | None | Unset = UNSET
    """ At most 100 non-empty strings. """
    linked_task_ids: list[str] | None | Unset = UNSET
    """ At most 100 task ids. """
    custom_fields: CustomFields | None | Unset = UNSET
    """ Replaces the whole object; null clears it to {}. """
    tags: list[str] | None | Unset = UNSET
    """ At most 100 non-empty tags of at most 64 characters, de-duplicated. """
    deal_number: str | Unset = UNSET
    """ Create only; one spelling per number (zero-padded to five digits, no further). 409 CONFLICT when taken.
    Default: the tenant's next free DEAL-<year>-<5 digits>, skipping numbers already taken. """
    source: str | Unset = UNSET
    """ Create only. Provenance text, default edm. """
    source_type: DealCreateSourceType | Unset = UNSET
    """ Create only. Default api. """
    stage_entered_at: None | str | Unset = UNSET
    """ Create only: when the deal entered its stage, for deals carried over from another system (default now; a
    bare date is its midnight UTC); not in the future. """

    def to_dict(self) -> dict[str, Any]:
        from ..models.custom_fields import CustomFields  # noqa: PLC0415

        name = self.name

        account_id: None | str | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        owner_id: None | str | Unset
        if isinstance(self.owner_id, Unset):
            owner_id = UNSET
        else:
            owner_id = self.owner_id

        pipeline_id = self.pipeline_id

        stage = self.stage

        value = self.value

        currency = self.currency

        probability: float | None | Unset
        if isinstance(self.probability, Unset):
            probability = UNSET
        else:
            probability = self.probability

        forecast_category: None | str | Unset
        if isinstance(self.forecast_category, Unset):
            forecast_category = UNSET
        else:
            forecast_category = self.forecast_category

        expected_close_date: None | str | Unset
        if isinstance(self.expected_close_date, Unset):
            expected_close_date = UNSET
        elif isinstance(self.expected_close_date, datetime.date):
            expected_close_date = self.expected_close_date.isoformat()
        else:
            expected_close_date = self.expected_close_date

        actual_close_date: None | str | Unset
        if isinstance(self.actual_close_date, Unset):
            actual_close_date = UNSET
        elif isinstance(self.actual_close_date, datetime.date):
            actual_close_date = self.actual_close_date.isoformat()
        else:
            actual_close_date = self.actual_close_date

        next_followup_date: None | str | Unset
        if isinstance(self.next_followup_date, Unset):
            next_followup_date = UNSET
        else:
            next_followup_date = self.next_followup_date

        deal_type: None | str | Unset
        if isinstance(self.deal_type, Unset):
            deal_type = UNSET
        else:
            deal_type = self.deal_type

        deal_source: None | str | Unset
        if isinstance(self.deal_source, Unset):
            deal_source = UNSET
        else:
            deal_source = self.deal_source

        competitors: list[str] | None | Unset
        if isinstance(self.competitors, Unset):
            competitors = UNSET
        elif isinstance(self.competitors, list):
            competitors = self.competitors

        else:
            competitors = self.competitors

        loss_reason: None | str | Unset
        if isinstance(self.loss_reason, Unset):
            loss_reason = UNSET
        else:
            loss_reason = self.loss_reason

        loss_category: None | str | Unset
        if isinstance(self.loss_category, Unset):
            loss_category = UNSET
        else:
            loss_category = self.loss_category

        closure_notes: None | str | Unset
        if isinstance(self.closure_notes, Unset):
            closure_notes = UNSET
        else:
            closure_notes = self.closure_notes

        primary_contact_id: None | str | Unset
        if isinstance(self.primary_contact_id, Unset):
            primary_contact_id = UNSET
        else:
            primary_contact_id = self.primary_contact_id

        contact_ids: list[str] | None | Unset
        if isinstance(self.contact_ids, Unset):
            contact_ids = UNSET
        elif isinstance(self.contact_ids, list):
            contact_ids = self.contact_ids

        else:
            contact_ids = self.contact_ids

        rfp_record_id: None | str | Unset
        if isinstance(self.rfp_record_id, Unset):
            rfp_record_id = UNSET
        else:
            rfp_record_id = self.rfp_record_id

        quote_ids: list[str] | None | Unset
        if isinstance(self.quote_ids, Unset):
            quote_ids = UNSET
        elif isinstance(self.quote_ids, list):
            quote_ids = self.quote_ids

        else:
            quote_ids = self.quote_ids

        proposal_ids: list[str] | None | Unset
        if isinstance(self.proposal_ids, Unset):
            proposal_ids = UNSET
        elif isinstance(self.proposal_ids, list):
            proposal_ids = self.proposal_ids

        else:
            proposal_ids = self.proposal_ids

        attachment_refs: list[str] | None | Unset
        if isinstance(self.attachment_refs, Unset):
            attachment_refs = UNSET
        elif isinstance(self.attachment_refs, list):
            attachment_refs = self.attachment_refs

        else:
            attachment_refs = self.attachment_refs

        linked_task_ids: list[str] | None | Unset
        if isinstance(self.linked_task_ids, Unset):
            linked_task_ids = UNSET
        elif isinstance(self.linked_task_ids, list):
            linked_task_ids = self.linked_task_ids

        else:
            linked_task_ids = self.linked_task_ids

        custom_fields: dict[str, Any] | None | Unset
        if isinstance(self.custom_fields, Unset):
            custom_fields = UNSET
        elif isinstance(self.custom_fields, CustomFields):
            custom_fields = self.custom_fields.to_dict()
        else:
            custom_fields = self.custom_fields

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        deal_number = self.deal_number

        source = self.source

        source_type: str | Unset = UNSET
        if not isinstance(self.source_type, Unset):
            source_type = self.source_type.value

        stage_entered_at: None | str | Unset
        if isinstance(self.stage_entered_at, Unset):
            stage_entered_at = UNSET
        else:
            stage_entered_at = self.stage_entered_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if owner_id is not UNSET:
            field_dict["owner_id"] = owner_id
        if pipeline_id is not UNSET:
            field_dict["pipeline_id"] = pipeline_id
        if stage is not UNSET:
            field_dict["stage"] = stage
        if value is not UNSET:
            field_dict["value"] = value
        if currency is not UNSET:
            field_dict["currency"] = currency
        if probability is not UNSET:
            field_dict["probability"] = probability
        if forecast_category is not UNSET:
            field_dict["forecast_category"] = forecast_category
        if expected_close_date is not UNSET:
            field_dict["expected_close_date"] = expected_close_date
        if actual_close_date is not UNSET:
            field_dict["actual_close_date"] = actual_close_date
        if next_followup_date is not UNSET:
            field_dict["next_followup_date"] = next_followup_date
        if deal_type is not UNSET:
            field_dict["deal_type"] = deal_type
        if deal_source is not UNSET:
            field_dict["deal_source"] = deal_source
        if competitors is not UNSET:
            field_dict["competitors"] = competitors
        if loss_reason is not UNSET:
            field_dict["loss_reason"] = loss_reason
        if loss_category is not UNSET:
            field_dict["loss_category"] = loss_category
        if closure_notes is not UNSET:
            field_dict["closure_notes"] = closure_notes
        if primary_contact_id is not UNSET:
            field_dict["primary_contact_id"] = primary_contact_id
        if contact_ids is not UNSET:
            field_dict["contact_ids"] = contact_ids
        if rfp_record_id is not UNSET:
            field_dict["rfp_record_id"] = rfp_record_id
        if quote_ids is not UNSET:
            field_dict["quote_ids"] = quote_ids
        if proposal_ids is not UNSET:
            field_dict["proposal_ids"] = proposal_ids
        if attachment_refs is not UNSET:
            field_dict["attachment_refs"] = attachment_refs
        if linked_task_ids is not UNSET:
            field_dict["linked_task_ids"] = linked_task_ids
        if custom_fields is not UNSET:
            field_dict["custom_fields"] = custom_fields
        if tags is not UNSET:
            field_dict["tags"] = tags
        if deal_number is not UNSET:
            field_dict["deal_number"] = deal_number
        if source is not UNSET:
            field_dict["source"] = source
        if source_type is not UNSET:
            field_dict["source_type"] = source_type
        if stage_entered_at is not UNSET:
            field_dict["stage_entered_at"] = stage_entered_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.custom_fields import CustomFields  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_account_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_owner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        owner_id = _parse_owner_id(d.pop("owner_id", UNSET))

        pipeline_id = d.pop("pipeline_id", UNSET)

        stage = d.pop("stage", UNSET)

        value = d.pop("value", UNSET)

        currency = d.pop("currency", UNSET)

        def _parse_probability(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        probability = _parse_probability(d.pop("probability", UNSET))

        def _parse_forecast_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        forecast_category = _parse_forecast_category(d.pop("forecast_category", UNSET))

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

        def _parse_actual_close_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actual_close_date_type_0 = datetime.date.fromisoformat(data)

                return actual_close_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        actual_close_date = _parse_actual_close_date(d.pop("actual_close_date", UNSET))

        def _parse_next_followup_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_followup_date = _parse_next_followup_date(d.pop("next_followup_date", UNSET))

        def _parse_deal_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deal_type = _parse_deal_type(d.pop("deal_type", UNSET))

        def _parse_deal_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deal_source = _parse_deal_source(d.pop("deal_source", UNSET))

        def _parse_competitors(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                competitors_type_0 = cast(list[str], data)

                return competitors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        competitors = _parse_competitors(d.pop("competitors", UNSET))

        def _parse_loss_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        loss_reason = _parse_loss_reason(d.pop("loss_reason", UNSET))

        def _parse_loss_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        loss_category = _parse_loss_category(d.pop("loss_category", UNSET))

        def _parse_closure_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        closure_notes = _parse_closure_notes(d.pop("closure_notes", UNSET))

        def _parse_primary_contact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        primary_contact_id = _parse_primary_contact_id(d.pop("primary_contact_id", UNSET))

        def _parse_contact_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                contact_ids_type_0 = cast(list[str], data)

                return contact_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        contact_ids = _parse_contact_ids(d.pop("contact_ids", UNSET))

        def _parse_rfp_record_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rfp_record_id = _parse_rfp_record_id(d.pop("rfp_record_id", UNSET))

        def _parse_quote_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                quote_ids_type_0 = cast(list[str], data)

                return quote_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        quote_ids = _parse_quote_ids(d.pop("quote_ids", UNSET))

        def _parse_proposal_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                proposal_ids_type_0 = cast(list[str], data)

                return proposal_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        proposal_ids = _parse_proposal_ids(d.pop("proposal_ids", UNSET))

        def _parse_attachment_refs(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                attachment_refs_type_0 = cast(list[str], data)

                return attachment_refs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        attachment_refs = _parse_attachment_refs(d.pop("attachment_refs", UNSET))

        def _parse_linked_task_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                linked_task_ids_type_0 = cast(list[str], data)

                return linked_task_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        linked_task_ids = _parse_linked_task_ids(d.pop("linked_task_ids", UNSET))

        def _parse_custom_fields(data: object) -> CustomFields | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                custom_fields_type_0 = CustomFields.from_dict(data)

                return custom_fields_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CustomFields | None | Unset, data)

        custom_fields = _parse_custom_fields(d.pop("custom_fields", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        deal_number = d.pop("deal_number", UNSET)

        source = d.pop("source", UNSET)

        _source_type = d.pop("source_type", UNSET)
        source_type: DealCreateSourceType | Unset
        if isinstance(_source_type, Unset):
            source_type = UNSET
        else:
            source_type = DealCreateSourceType(_source_type)

        def _parse_stage_entered_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stage_entered_at = _parse_stage_entered_at(d.pop("stage_entered_at", UNSET))

        deal_create = cls(
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
            deal_number=deal_number,
            source=source,
            source_type=source_type,
            stage_entered_at=stage_entered_at,
        )

        return deal_create
