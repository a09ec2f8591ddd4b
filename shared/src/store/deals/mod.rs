//! Deal items: how a deal is stored (`item`), read (`reads`) and written (`writes`, `numbers`),
//! many at once (`batch`), and the benchmark's bulk import (`import`).

mod batch;
mod forecast;
#[cfg(feature = "bulk-import")]
mod import;
mod item;
mod lifecycle;
mod numbers;
mod reads;
mod writes;

pub(super) use item::deal_from_item;
pub use reads::{DealPage, Window, MAX_ITEMS_EVALUATED_PER_LIST};
