/// The table's stream turned into change events (no HTTP route: its events come from the
/// DynamoDB event source mapping).
fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::background_main(shared::lambda::Background::ProcessChanges)
}
