from enum import StrEnum


class DealChangeType(StrEnum):
    DEAL_CREATED = "deal.created"
    DEAL_DELETED = "deal.deleted"
    DEAL_MERGED = "deal.merged"
    DEAL_RESTORED = "deal.restored"
    DEAL_STAGE_CHANGED = "deal.stage_changed"
    DEAL_UPDATED = "deal.updated"

    def __str__(self) -> str:
        return str(self.value)
