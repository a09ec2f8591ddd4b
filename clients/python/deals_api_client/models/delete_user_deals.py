from enum import StrEnum


class DeleteUserDeals(StrEnum):
    UNASSIGN = "unassign"

    def __str__(self) -> str:
        return str(self.value)
