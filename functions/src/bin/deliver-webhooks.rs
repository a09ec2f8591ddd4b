/// Webhook deliveries: the first attempt of each new one (from the table's stream) and the due
/// retries (every minute, from EventBridge's schedule).
fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::background_main(shared::lambda::Background::DeliverWebhooks)
}
