from enum import StrEnum


class EventObject(StrEnum):
    ACCOUNT = "account"
    CONTACT = "contact"
    DEAL = "deal"
    PIPELINE = "pipeline"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
