from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account import Account
    from ..models.contact import Contact
    from ..models.pipeline_summary import PipelineSummary
    from ..models.stage import Stage
    from ..models.user import User


T = TypeVar("T", bound="Included")


@_attrs_define
class Included:
    """The related records asked for, each null (contacts: []) when the deal has none."""

    account: Account | None | Unset = UNSET
    primary_contact: Contact | None | Unset = UNSET
    contacts: list[Contact | None] | Unset = UNSET
    stage: None | Stage | Unset = UNSET
    pipeline: None | PipelineSummary | Unset = UNSET
    owner: None | Unset | User = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.account import Account  # noqa: PLC0415
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.pipeline_summary import PipelineSummary  # noqa: PLC0415
        from ..models.stage import Stage  # noqa: PLC0415
        from ..models.user import User  # noqa: PLC0415

        account: dict[str, Any] | None | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        elif isinstance(self.account, Account):
            account = self.account.to_dict()
        else:
            account = self.account

        primary_contact: dict[str, Any] | None | Unset
        if isinstance(self.primary_contact, Unset):
            primary_contact = UNSET
        elif isinstance(self.primary_contact, Contact):
            primary_contact = self.primary_contact.to_dict()
        else:
            primary_contact = self.primary_contact

        contacts: list[dict[str, Any] | None] | Unset = UNSET
        if not isinstance(self.contacts, Unset):
            contacts = []
            for contacts_item_data in self.contacts:
                contacts_item: dict[str, Any] | None
                if isinstance(contacts_item_data, Contact):
                    contacts_item = contacts_item_data.to_dict()
                else:
                    contacts_item = contacts_item_data
                contacts.append(contacts_item)

        stage: dict[str, Any] | None | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        elif isinstance(self.stage, Stage):
            stage = self.stage.to_dict()
        else:
            stage = self.stage

        pipeline: dict[str, Any] | None | Unset
        if isinstance(self.pipeline, Unset):
            pipeline = UNSET
        elif isinstance(self.pipeline, PipelineSummary):
            pipeline = self.pipeline.to_dict()
        else:
            pipeline = self.pipeline

        owner: dict[str, Any] | None | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        elif isinstance(self.owner, User):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if account is not UNSET:
            field_dict["account"] = account
        if primary_contact is not UNSET:
            field_dict["primary_contact"] = primary_contact
        if contacts is not UNSET:
            field_dict["contacts"] = contacts
        if stage is not UNSET:
            field_dict["stage"] = stage
        if pipeline is not UNSET:
            field_dict["pipeline"] = pipeline
        if owner is not UNSET:
            field_dict["owner"] = owner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account import Account  # noqa: PLC0415
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.pipeline_summary import PipelineSummary  # noqa: PLC0415
        from ..models.stage import Stage  # noqa: PLC0415
        from ..models.user import User  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_account(data: object) -> Account | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                account_type_0 = Account.from_dict(data)

                return account_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Account | None | Unset, data)

        account = _parse_account(d.pop("account", UNSET))

        def _parse_primary_contact(data: object) -> Contact | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                primary_contact_type_0 = Contact.from_dict(data)

                return primary_contact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Contact | None | Unset, data)

        primary_contact = _parse_primary_contact(d.pop("primary_contact", UNSET))

        _contacts = d.pop("contacts", UNSET)
        contacts: list[Contact | None] | Unset = UNSET
        if _contacts is not UNSET:
            contacts = []
            for contacts_item_data in _contacts:

                def _parse_contacts_item(data: object) -> Contact | None:
                    if data is None:
                        return data
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        contacts_item_type_0 = Contact.from_dict(data)

                        return contacts_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(Contact | None, data)

                contacts_item = _parse_contacts_item(contacts_item_data)

                contacts.append(contacts_item)

        def _parse_stage(data: object) -> None | Stage | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stage_type_0 = Stage.from_dict(data)

                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stage | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))

        def _parse_pipeline(data: object) -> None | PipelineSummary | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pipeline_type_0 = PipelineSummary.from_dict(data)

                return pipeline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PipelineSummary | Unset, data)

        pipeline = _parse_pipeline(d.pop("pipeline", UNSET))

        def _parse_owner(data: object) -> None | Unset | User:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = User.from_dict(data)

                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | User, data)

        owner = _parse_owner(d.pop("owner", UNSET))

        included = cls(
            account=account,
            primary_contact=primary_contact,
            contacts=contacts,
            stage=stage,
            pipeline=pipeline,
            owner=owner,
        )

        return included
