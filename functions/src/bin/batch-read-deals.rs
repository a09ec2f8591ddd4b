use shared::routes::Function;

fn main() -> Result<(), lambda_http::Error> {
    shared::lambda::main(Function::BatchReadDeals)
}
