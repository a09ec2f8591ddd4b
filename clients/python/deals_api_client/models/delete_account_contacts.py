from enum import StrEnum


class DeleteAccountContacts(StrEnum):
    DETACH = "detach"

    def __str__(self) -> str:
        return str(self.value)
