"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_create import AccountCreate
from .account_create_status import AccountCreateStatus
from .account_status import AccountStatus
from .account_update import AccountUpdate
from .account_update_status import AccountUpdateStatus
from .api_key import ApiKey
from .api_key_create import ApiKeyCreate
from .application import Application
from .application_create import ApplicationCreate
from .application_create_scopes_item import ApplicationCreateScopesItem
from .application_scopes_item import ApplicationScopesItem
from .application_update import ApplicationUpdate
from .application_update_scopes_item import ApplicationUpdateScopesItem
from .audit_entry import AuditEntry
from .batch_deal_create import BatchDealCreate
from .batch_deal_ids import BatchDealIds
from .batch_deal_read import BatchDealRead
from .batch_deal_results import BatchDealResults
from .batch_deal_results_data import BatchDealResultsData
from .batch_deal_results_data_results_item import BatchDealResultsDataResultsItem
from .batch_deal_update import BatchDealUpdate
from .batch_deal_update_input import BatchDealUpdateInput
from .batch_deleted_results import BatchDeletedResults
from .batch_deleted_results_data import BatchDeletedResultsData
from .batch_deleted_results_data_results_item import BatchDeletedResultsDataResultsItem
from .contact import Contact
from .contact_create import ContactCreate
from .contact_update import ContactUpdate
from .create_account_response_201 import CreateAccountResponse201
from .create_application_key_response_201 import CreateApplicationKeyResponse201
from .create_application_response_201 import CreateApplicationResponse201
from .create_contact_response_201 import CreateContactResponse201
from .create_deal_response_201 import CreateDealResponse201
from .create_pipeline_response_201 import CreatePipelineResponse201
from .create_stage_response_201 import CreateStageResponse201
from .create_user_response_201 import CreateUserResponse201
from .create_webhook_response_201 import CreateWebhookResponse201
from .currency_sums import CurrencySums
from .custom_fields import CustomFields
from .deal import Deal
from .deal_change import DealChange
from .deal_change_type import DealChangeType
from .deal_create import DealCreate
from .deal_create_source_type import DealCreateSourceType
from .deal_forecast import DealForecast
from .deal_merge import DealMerge
from .deal_pagination import DealPagination
from .deal_source_type import DealSourceType
from .deal_summary import DealSummary
from .deal_summary_totals import DealSummaryTotals
from .deal_summary_totals_lost import DealSummaryTotalsLost
from .deal_summary_totals_open import DealSummaryTotalsOpen
from .deal_summary_totals_won import DealSummaryTotalsWon
from .deal_update import DealUpdate
from .delete_account_contacts import DeleteAccountContacts
from .delete_account_deals import DeleteAccountDeals
from .delete_account_response_200 import DeleteAccountResponse200
from .delete_application_key_response_200 import DeleteApplicationKeyResponse200
from .delete_application_response_200 import DeleteApplicationResponse200
from .delete_contact_deals import DeleteContactDeals
from .delete_contact_response_200 import DeleteContactResponse200
from .delete_deal_response_200 import DeleteDealResponse200
from .delete_pipeline_response_200 import DeletePipelineResponse200
from .delete_stage_response_200 import DeleteStageResponse200
from .delete_user_deals import DeleteUserDeals
from .delete_user_response_200 import DeleteUserResponse200
from .delete_webhook_response_200 import DeleteWebhookResponse200
from .deleted import Deleted
from .delivery import Delivery
from .delivery_attempt import DeliveryAttempt
from .delivery_status import DeliveryStatus
from .documented_create_deal_response_201 import DocumentedCreateDealResponse201
from .documented_deal import DocumentedDeal
from .documented_deal_assigned_user_type_0 import DocumentedDealAssignedUserType0
from .documented_deal_contact_type_0 import DocumentedDealContactType0
from .documented_deal_create import DocumentedDealCreate
from .documented_deal_organization_type_0 import DocumentedDealOrganizationType0
from .documented_deal_stage_type_0 import DocumentedDealStageType0
from .documented_deal_update import DocumentedDealUpdate
from .documented_delete_deal_response_200 import DocumentedDeleteDealResponse200
from .documented_error import DocumentedError
from .documented_error_error import DocumentedErrorError
from .documented_get_deal_include_item import DocumentedGetDealIncludeItem
from .documented_get_deal_response_200 import DocumentedGetDealResponse200
from .documented_list_deals_include_item import DocumentedListDealsIncludeItem
from .documented_list_deals_response_200 import DocumentedListDealsResponse200
from .documented_list_deals_sort import DocumentedListDealsSort
from .documented_pagination import DocumentedPagination
from .documented_update_deal_response_200 import DocumentedUpdateDealResponse200
from .documented_update_deal_stage_response_200 import DocumentedUpdateDealStageResponse200
from .error import Error
from .error_body import ErrorBody
from .error_code import ErrorCode
from .event import Event
from .event_data_type_0 import EventDataType0
from .event_object import EventObject
from .event_previous import EventPrevious
from .event_type import EventType
from .field_change import FieldChange
from .field_error import FieldError
from .forecast_month import ForecastMonth
from .get_account_response_200 import GetAccountResponse200
from .get_application_response_200 import GetApplicationResponse200
from .get_contact_response_200 import GetContactResponse200
from .get_deal_forecast_response_200 import GetDealForecastResponse200
from .get_deal_include_item import GetDealIncludeItem
from .get_deal_response_200 import GetDealResponse200
from .get_deal_summary_response_200 import GetDealSummaryResponse200
from .get_openapi_response_200 import GetOpenapiResponse200
from .get_pipeline_response_200 import GetPipelineResponse200
from .get_user_response_200 import GetUserResponse200
from .get_webhook_response_200 import GetWebhookResponse200
from .history_entry import HistoryEntry
from .included import Included
from .list_accounts_response_200 import ListAccountsResponse200
from .list_application_keys_response_200 import ListApplicationKeysResponse200
from .list_applications_response_200 import ListApplicationsResponse200
from .list_contacts_response_200 import ListContactsResponse200
from .list_deal_changes_response_200 import ListDealChangesResponse200
from .list_deal_history_response_200 import ListDealHistoryResponse200
from .list_deals_include_item import ListDealsIncludeItem
from .list_deals_response_200 import ListDealsResponse200
from .list_deals_sort import ListDealsSort
from .list_events_response_200 import ListEventsResponse200
from .list_pipeline_stages_response_200 import ListPipelineStagesResponse200
from .list_pipelines_response_200 import ListPipelinesResponse200
from .list_stages_response_200 import ListStagesResponse200
from .list_users_response_200 import ListUsersResponse200
from .list_webhook_deliveries_response_200 import ListWebhookDeliveriesResponse200
from .list_webhooks_response_200 import ListWebhooksResponse200
from .merge_deals_response_200 import MergeDealsResponse200
from .new_api_key import NewApiKey
from .new_pipeline_stage import NewPipelineStage
from .new_pipeline_stage_kind import NewPipelineStageKind
from .o_auth_error import OAuthError
from .o_auth_error_error import OAuthErrorError
from .pagination import Pagination
from .pipeline import Pipeline
from .pipeline_create import PipelineCreate
from .pipeline_summary import PipelineSummary
from .pipeline_update import PipelineUpdate
from .restore_deal_response_200 import RestoreDealResponse200
from .retry_webhook_delivery_response_200 import RetryWebhookDeliveryResponse200
from .stage import Stage
from .stage_create import StageCreate
from .stage_create_kind import StageCreateKind
from .stage_kind import StageKind
from .stage_move import StageMove
from .stage_update import StageUpdate
from .stage_update_kind import StageUpdateKind
from .summary_stage import SummaryStage
from .summary_stage_kind import SummaryStageKind
from .test_webhook_response_200 import TestWebhookResponse200
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .update_account_response_200 import UpdateAccountResponse200
from .update_application_response_200 import UpdateApplicationResponse200
from .update_contact_response_200 import UpdateContactResponse200
from .update_deal_response_200 import UpdateDealResponse200
from .update_deal_stage_response_200 import UpdateDealStageResponse200
from .update_pipeline_response_200 import UpdatePipelineResponse200
from .update_stage_response_200 import UpdateStageResponse200
from .update_user_response_200 import UpdateUserResponse200
from .update_webhook_response_200 import UpdateWebhookResponse200
from .user import User
from .user_create import UserCreate
from .user_update import UserUpdate
from .webhook import Webhook
from .webhook_create import WebhookCreate
from .webhook_update import WebhookUpdate
from .webhook_with_secret import WebhookWithSecret

__all__ = (
    "Account",
    "AccountCreate",
    "AccountCreateStatus",
    "AccountStatus",
    "AccountUpdate",
    "AccountUpdateStatus",
    "ApiKey",
    "ApiKeyCreate",
    "Application",
    "ApplicationCreate",
    "ApplicationCreateScopesItem",
    "ApplicationScopesItem",
    "ApplicationUpdate",
    "ApplicationUpdateScopesItem",
    "AuditEntry",
    "BatchDealCreate",
    "BatchDealIds",
    "BatchDealRead",
    "BatchDealResults",
    "BatchDealResultsData",
    "BatchDealResultsDataResultsItem",
    "BatchDealUpdate",
    "BatchDealUpdateInput",
    "BatchDeletedResults",
    "BatchDeletedResultsData",
    "BatchDeletedResultsDataResultsItem",
    "Contact",
    "ContactCreate",
    "ContactUpdate",
    "CreateAccountResponse201",
    "CreateApplicationKeyResponse201",
    "CreateApplicationResponse201",
    "CreateContactResponse201",
    "CreateDealResponse201",
    "CreatePipelineResponse201",
    "CreateStageResponse201",
    "CreateUserResponse201",
    "CreateWebhookResponse201",
    "CurrencySums",
    "CustomFields",
    "Deal",
    "DealChange",
    "DealChangeType",
    "DealCreate",
    "DealCreateSourceType",
    "DealForecast",
    "DealMerge",
    "DealPagination",
    "DealSourceType",
    "DealSummary",
    "DealSummaryTotals",
    "DealSummaryTotalsLost",
    "DealSummaryTotalsOpen",
    "DealSummaryTotalsWon",
    "DealUpdate",
    "DeleteAccountContacts",
    "DeleteAccountDeals",
    "DeleteAccountResponse200",
    "DeleteApplicationKeyResponse200",
    "DeleteApplicationResponse200",
    "DeleteContactDeals",
    "DeleteContactResponse200",
    "Deleted",
    "DeleteDealResponse200",
    "DeletePipelineResponse200",
    "DeleteStageResponse200",
    "DeleteUserDeals",
    "DeleteUserResponse200",
    "DeleteWebhookResponse200",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryStatus",
    "DocumentedCreateDealResponse201",
    "DocumentedDeal",
    "DocumentedDealAssignedUserType0",
    "DocumentedDealContactType0",
    "DocumentedDealCreate",
    "DocumentedDealOrganizationType0",
    "DocumentedDealStageType0",
    "DocumentedDealUpdate",
    "DocumentedDeleteDealResponse200",
    "DocumentedError",
    "DocumentedErrorError",
    "DocumentedGetDealIncludeItem",
    "DocumentedGetDealResponse200",
    "DocumentedListDealsIncludeItem",
    "DocumentedListDealsResponse200",
    "DocumentedListDealsSort",
    "DocumentedPagination",
    "DocumentedUpdateDealResponse200",
    "DocumentedUpdateDealStageResponse200",
    "Error",
    "ErrorBody",
    "ErrorCode",
    "Event",
    "EventDataType0",
    "EventObject",
    "EventPrevious",
    "EventType",
    "FieldChange",
    "FieldError",
    "ForecastMonth",
    "GetAccountResponse200",
    "GetApplicationResponse200",
    "GetContactResponse200",
    "GetDealForecastResponse200",
    "GetDealIncludeItem",
    "GetDealResponse200",
    "GetDealSummaryResponse200",
    "GetOpenapiResponse200",
    "GetPipelineResponse200",
    "GetUserResponse200",
    "GetWebhookResponse200",
    "HistoryEntry",
    "Included",
    "ListAccountsResponse200",
    "ListApplicationKeysResponse200",
    "ListApplicationsResponse200",
    "ListContactsResponse200",
    "ListDealChangesResponse200",
    "ListDealHistoryResponse200",
    "ListDealsIncludeItem",
    "ListDealsResponse200",
    "ListDealsSort",
    "ListEventsResponse200",
    "ListPipelinesResponse200",
    "ListPipelineStagesResponse200",
    "ListStagesResponse200",
    "ListUsersResponse200",
    "ListWebhookDeliveriesResponse200",
    "ListWebhooksResponse200",
    "MergeDealsResponse200",
    "NewApiKey",
    "NewPipelineStage",
    "NewPipelineStageKind",
    "OAuthError",
    "OAuthErrorError",
    "Pagination",
    "Pipeline",
    "PipelineCreate",
    "PipelineSummary",
    "PipelineUpdate",
    "RestoreDealResponse200",
    "RetryWebhookDeliveryResponse200",
    "Stage",
    "StageCreate",
    "StageCreateKind",
    "StageKind",
    "StageMove",
    "StageUpdate",
    "StageUpdateKind",
    "SummaryStage",
    "SummaryStageKind",
    "TestWebhookResponse200",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "UpdateAccountResponse200",
    "UpdateApplicationResponse200",
    "UpdateContactResponse200",
    "UpdateDealResponse200",
    "UpdateDealStageResponse200",
    "UpdatePipelineResponse200",
    "UpdateStageResponse200",
    "UpdateUserResponse200",
    "UpdateWebhookResponse200",
    "User",
    "UserCreate",
    "UserUpdate",
    "Webhook",
    "WebhookCreate",
    "WebhookUpdate",
    "WebhookWithSecret",
)
