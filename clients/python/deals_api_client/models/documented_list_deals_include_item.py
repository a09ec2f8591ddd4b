from enum import StrEnum


class DocumentedListDealsIncludeItem(StrEnum):
    ASSIGNED_USER = "assigned_user"
    CONTACT = "contact"
    NONE = ""
    ORGANIZATION = "organization"
    STAGE = "stage"

    def __str__(self) -> str:
        return str(self.value)
