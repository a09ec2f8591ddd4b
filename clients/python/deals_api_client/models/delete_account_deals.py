from enum import StrEnum


class DeleteAccountDeals(StrEnum):
    DETACH = "detach"

    def __str__(self) -> str:
        return str(self.value)
