/// The aggregates of every tenant checked against its deals and repaired (daily, from
/// EventBridge's schedule), or of the one tenant an invocation names.
fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::background_main(shared::lambda::Background::ReconcileAggregates)
}
