from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="StageMove")


@_attrs_define
class StageMove:
    """The stage to move to, with the closing fields. Either stage or its synonym stage_id is required (a null one counts
    as not given): without either, 400 INVALID_REQUEST "stage_id is required"; both at once must name the same stage
    (else 400 VALIDATION_ERROR); a refusal of the stage names the field it came in. A lost stage needs loss_reason and
    loss_category (on the deal or here).

        Example:
            {'stage': 'closed_lost', 'loss_reason': 'Chose a competitor', 'loss_category': 'competition'}

    """

    stage: None | str | Unset = UNSET
    """ null is ignored. """
    stage_id: None | str | Unset = UNSET
    """ A synonym of stage; null is ignored. """
    loss_reason: None | str | Unset = UNSET
    """ Text of at most 10,000 characters (trimmed); "" or null clears it. """
    loss_category: None | str | Unset = UNSET
    """ Text of at most 255 characters (trimmed); "" or null clears it. """
    closure_notes: None | str | Unset = UNSET
    """ Text of at most 10,000 characters (trimmed); "" or null clears it. """

    def to_dict(self) -> dict[str, Any]:
        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        else:
            stage = self.stage

        stage_id: None | str | Unset
        if isinstance(self.stage_id, Unset):
            stage_id = UNSET
        else:
            stage_id = self.stage_id

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

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if stage is not UNSET:
            field_dict["stage"] = stage
        if stage_id is not UNSET:
            field_dict["stage_id"] = stage_id
        if loss_reason is not UNSET:
            field_dict["loss_reason"] = loss_reason
        if loss_category is not UNSET:
            field_dict["loss_category"] = loss_category
        if closure_notes is not UNSET:
            field_dict["closure_notes"] = closure_notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_stage(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        def _parse_stage_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stage_id = _parse_stage_id(d.pop("stage_id", UNSET))

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

        stage_move = cls(
            stage=stage,
            stage_id=stage_id,
            loss_reason=loss_reason,
            loss_category=loss_category,
            closure_notes=closure_notes,
        )

        return stage_move
