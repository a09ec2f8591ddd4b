from enum import StrEnum


class DeleteContactDeals(StrEnum):
    DETACH = "detach"

    def __str__(self) -> str:
        return str(self.value)
