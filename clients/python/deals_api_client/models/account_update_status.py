from enum import StrEnum


class AccountUpdateStatus(StrEnum):
    ACTIVE = "active"
    CHURNED = "churned"
    CUSTOMER = "customer"
    INACTIVE = "inactive"
    PROSPECT = "prospect"

    def __str__(self) -> str:
        return str(self.value)
