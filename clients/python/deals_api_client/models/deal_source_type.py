from enum import StrEnum


class DealSourceType(StrEnum):
    API = "api"
    BACKEND = "backend"
    FRONTEND = "frontend"
    SERVER = "server"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
