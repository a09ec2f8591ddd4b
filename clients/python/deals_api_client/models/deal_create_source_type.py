from enum import StrEnum


class DealCreateSourceType(StrEnum):
    API = "api"
    BACKEND = "backend"
    FRONTEND = "frontend"
    SERVER = "server"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
