"""The generated Python client (clients/python/) against a running API, as a new user would use
it: create, list with several includes and filters, follow a cursor, PATCH with If-Match, move
a stage, delete. Run by scripts/python-client-smoke.sh, which starts the API.

    python scripts/python-client-smoke.py BASE_URL TOKEN
"""

import sys
import traceback
from http import HTTPStatus

from deals_api_client import AuthenticatedClient
from deals_api_client.api.accounts import create_account
from deals_api_client.api.contacts import create_contact
from deals_api_client.api.deals import (
    create_deal,
    delete_deal,
    get_deal,
    list_deals,
    update_deal,
    update_deal_stage,
)
from deals_api_client.api.users import create_user
from deals_api_client.types import UNSET
from deals_api_client.models import (
    AccountCreate,
    ContactCreate,
    DealCreate,
    CustomFields,
    DealUpdate,
    Error,
    ErrorCode,
    ListDealsIncludeItem,
    ListDealsSort,
    StageMove,
    UserCreate,
)


def ok(response, status=HTTPStatus.OK):
    assert response.status_code == status, (response.status_code, response.content)
    assert not isinstance(response.parsed, Error), response.parsed
    return response.parsed.data


def refused(response, status, code):
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, Error), response.content
    assert response.parsed.error.code == code, response.parsed
    return response.parsed.error


class Smoke:
    def __init__(self, client):
        self.client = client
        self.owner = ok(
            create_user.sync_detailed(
                client=client, body=UserCreate(full_name="Sarah Smith", email="sarah@company.com")
            ),
            HTTPStatus.CREATED,
        )
        self.account = ok(
            create_account.sync_detailed(client=client, body=AccountCreate(name="Acme Retail Shop")),
            HTTPStatus.CREATED,
        )
        self.contact = ok(
            create_contact.sync_detailed(
                client=client, body=ContactCreate(first_name="John", account_id=self.account.id)
            ),
            HTTPStatus.CREATED,
        )
        self.deals = []

    def creates_deals(self):
        for n, (stage, value) in enumerate([("lead", 100), ("qualified", 25000.5), ("lead", 40000), ("proposal", 9)]):
            deal = ok(
                create_deal.sync_detailed(
                    client=self.client,
                    body=DealCreate(
                        name=f"Smoke {n}",
                        stage=stage,
                        value=value,
                        probability=40,
                        owner_id=self.owner.id,
                        account_id=self.account.id,
                        primary_contact_id=self.contact.id,
                        custom_fields=CustomFields.from_dict({"risk": n, "region": "EU"}),
                        tags=["smoke"],
                    ),
                ),
                HTTPStatus.CREATED,
            )
            assert deal.version == 1 and deal.value == value, deal
            assert deal.custom_fields.additional_properties == {"risk": n, "region": "EU"}
            self.deals.append(deal)

    def lists_with_includes_and_filters_and_follows_the_cursor(self):
        query = dict(
            include=[ListDealsIncludeItem.ACCOUNT, ListDealsIncludeItem.OWNER, ListDealsIncludeItem.STAGE],
            stage_in=["lead", "qualified"],
            value_gte=100,
            owner_id=self.owner.id,
            tags="smoke",
            sort=ListDealsSort.VALUE_DESC,
            limit=2,
        )
        first = list_deals.sync_detailed(client=self.client, **query)
        page = first.parsed
        assert first.status_code == HTTPStatus.OK, first.content
        assert [d.name for d in page.data] == ["Smoke 2", "Smoke 1"], [d.name for d in page.data]
        for deal in page.data:
            assert deal.included.account.id == self.account.id
            assert deal.included.owner.id == self.owner.id
            assert deal.included.stage.id == deal.stage
            assert deal.included.primary_contact is UNSET, "not asked for"
        assert page.pagination.has_more and page.pagination.next_cursor
        second = ok(list_deals.sync_detailed(client=self.client, cursor=page.pagination.next_cursor, **query))
        assert [d.name for d in second] == ["Smoke 0"], [d.name for d in second]
        assert second[0].included.owner.full_name == "Sarah Smith"
        excluded = ok(list_deals.sync_detailed(client=self.client, stage_ne="lead", tags="smoke", limit=10))
        assert sorted(d.name for d in excluded) == ["Smoke 1", "Smoke 3"], [d.name for d in excluded]

    def patches_with_if_match(self):
        deal = self.deals[1]
        read = get_deal.sync_detailed(deal.id, client=self.client)
        etag = read.headers["etag"]
        assert etag == '"1"', etag
        patched = ok(
            update_deal.sync_detailed(
                deal.id, client=self.client, body=DealUpdate(value=30000, probability=60), if_match=etag
            )
        )
        assert (patched.version, patched.value, patched.probability) == (2, 30000, 60), patched
        stale = update_deal.sync_detailed(deal.id, client=self.client, body=DealUpdate(value=1), if_match=etag)
        refused(stale, HTTPStatus.CONFLICT, ErrorCode.CONFLICT)
        wrong = update_deal.sync_detailed(deal.id, client=self.client, body=DealUpdate(probability=101))
        error = refused(wrong, HTTPStatus.BAD_REQUEST, ErrorCode.VALIDATION_ERROR)
        assert [d.field for d in error.details] == ["probability"], error

    def moves_the_stage(self):
        deal = self.deals[1]
        moved = ok(
            update_deal_stage.sync_detailed(
                deal.id,
                client=self.client,
                body=StageMove(stage="closed_lost", loss_reason="Chose a competitor", loss_category="competition"),
            )
        )
        assert moved.stage == "closed_lost" and moved.loss_category == "competition", moved
        assert moved.audit_log[-1].to == "closed_lost", moved.audit_log
        no_stage = update_deal_stage.sync_detailed(deal.id, client=self.client, body=StageMove(closure_notes="x"))
        refused(no_stage, HTTPStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST)

    def deletes(self):
        deal = self.deals[0]
        assert ok(delete_deal.sync_detailed(deal.id, client=self.client)).deleted is True
        refused(get_deal.sync_detailed(deal.id, client=self.client), HTTPStatus.NOT_FOUND, ErrorCode.NOT_FOUND)


def main():
    base_url, token = sys.argv[1], sys.argv[2]
    with AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True) as client:
        smoke = Smoke(client)
        steps = [
            smoke.creates_deals,
            smoke.lists_with_includes_and_filters_and_follows_the_cursor,
            smoke.patches_with_if_match,
            smoke.moves_the_stage,
            smoke.deletes,
        ]
        failed = 0
        for step in steps:
            try:
                step()
                print(f"ok   {step.__name__}")
            except Exception:
                failed += 1
                print(f"FAIL {step.__name__}")
                traceback.print_exc()
        print(f"python-client smoke: {len(steps) - failed} passed, {failed} failed")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
