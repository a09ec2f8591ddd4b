from enum import StrEnum


class ApplicationScopesItem(StrEnum):
    READ_ACCOUNTS = "read:accounts"
    READ_CONTACTS = "read:contacts"
    READ_DEALS = "read:deals"
    READ_USERS = "read:users"
    WRITE_ACCOUNTS = "write:accounts"
    WRITE_CONTACTS = "write:contacts"
    WRITE_DEALS = "write:deals"
    WRITE_PIPELINES = "write:pipelines"
    WRITE_USERS = "write:users"

    def __str__(self) -> str:
        return str(self.value)
