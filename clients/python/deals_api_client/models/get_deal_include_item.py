from enum import StrEnum


class GetDealIncludeItem(StrEnum):
    ACCOUNT = "account"
    CONTACTS = "contacts"
    NONE = ""
    OWNER = "owner"
    PIPELINE = "pipeline"
    PRIMARY_CONTACT = "primary_contact"
    STAGE = "stage"

    def __str__(self) -> str:
        return str(self.value)
