from enum import StrEnum


class DocumentedListDealsSort(StrEnum):
    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    EXPECTED_CLOSE_DATE = "expected_close_date"
    EXPECTED_CLOSE_DATE_DESC = "-expected_close_date"
    TITLE = "title"
    TITLE_DESC = "-title"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"
    VALUE = "value"
    VALUE_DESC = "-value"

    def __str__(self) -> str:
        return str(self.value)
