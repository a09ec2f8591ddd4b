from enum import StrEnum


class EventType(StrEnum):
    ACCOUNT_CREATED = "account.created"
    ACCOUNT_DELETED = "account.deleted"
    ACCOUNT_UPDATED = "account.updated"
    CONTACT_CREATED = "contact.created"
    CONTACT_DELETED = "contact.deleted"
    CONTACT_UPDATED = "contact.updated"
    DEAL_CREATED = "deal.created"
    DEAL_DELETED = "deal.deleted"
    DEAL_MERGED = "deal.merged"
    DEAL_RESTORED = "deal.restored"
    DEAL_STAGE_CHANGED = "deal.stage_changed"
    DEAL_UPDATED = "deal.updated"
    PIPELINE_CREATED = "pipeline.created"
    PIPELINE_DELETED = "pipeline.deleted"
    PIPELINE_UPDATED = "pipeline.updated"
    USER_CREATED = "user.created"
    USER_DELETED = "user.deleted"
    USER_UPDATED = "user.updated"

    def __str__(self) -> str:
        return str(self.value)
