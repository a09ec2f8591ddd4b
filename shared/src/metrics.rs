//! What a context's DynamoDB calls cost: an SDK interceptor counts operations and, when asked,
//! makes every call return its consumed capacity and adds it up. Tests assert call counts;
//! `make bench` reports read units per page.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeSerializationInterceptorContextMut,
    BeforeSerializationInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::error::BoxError;
use aws_sdk_dynamodb::operation::{
    batch_get_item::{BatchGetItemInput, BatchGetItemOutput},
    delete_item::{DeleteItemInput, DeleteItemOutput},
    get_item::{GetItemInput, GetItemOutput},
    put_item::{PutItemInput, PutItemOutput},
    query::{QueryInput, QueryOutput},
    transact_write_items::{TransactWriteItemsInput, TransactWriteItemsOutput},
    update_item::{UpdateItemInput, UpdateItemOutput},
};
use aws_sdk_dynamodb::types::{ConsumedCapacity, ReturnConsumedCapacity};

/// Counts shared by a context and its SDK client.
#[derive(Debug, Clone, Default)]
pub struct DynamoStats(Arc<Counters>);

#[derive(Debug, Default)]
struct Counters {
    calls: AtomicU64,
    measure_capacity: AtomicBool,
    /// Thousandths of a capacity unit.
    read_milli_units: AtomicU64,
    write_milli_units: AtomicU64,
}

impl DynamoStats {
    /// DynamoDB operations so far (an operation retried by the SDK counts once).
    pub fn calls(&self) -> u64 {
        self.0.calls.load(Ordering::Relaxed)
    }

    /// From now on, ask DynamoDB for the capacity each call consumes (it costs nothing extra).
    pub fn measure_capacity(&self) {
        self.0.measure_capacity.store(true, Ordering::Relaxed);
    }

    /// Read capacity units consumed so far (with [`Self::measure_capacity`] on).
    pub fn read_units(&self) -> f64 {
        self.0.read_milli_units.load(Ordering::Relaxed) as f64 / 1000.0
    }

    pub fn write_units(&self) -> f64 {
        self.0.write_milli_units.load(Ordering::Relaxed) as f64 / 1000.0
    }

    /// Adds what calls consumed. DynamoDB Local reports only a total, so `reads` says which
    /// kind of units a total counts as.
    fn add(&self, consumed: &[ConsumedCapacity], reads: bool) {
        let milli = |units: Option<f64>| (units.unwrap_or(0.0) * 1000.0).round() as u64;
        for capacity in consumed {
            let (read, write) = match (capacity.read_capacity_units, capacity.write_capacity_units)
            {
                (None, None) if reads => (capacity.capacity_units, None),
                (None, None) => (None, capacity.capacity_units),
                split => split,
            };
            self.0
                .read_milli_units
                .fetch_add(milli(read), Ordering::Relaxed);
            self.0
                .write_milli_units
                .fetch_add(milli(write), Ordering::Relaxed);
        }
    }
}

impl Intercept for DynamoStats {
    fn name(&self) -> &'static str {
        "DynamoStats"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.calls.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if !self.0.measure_capacity.load(Ordering::Relaxed) {
            return Ok(());
        }
        let input = context.input_mut();
        let total = Some(ReturnConsumedCapacity::Total);
        if let Some(i) = input.downcast_mut::<QueryInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<GetItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<BatchGetItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<PutItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<UpdateItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<DeleteItemInput>() {
            i.return_consumed_capacity = total;
        } else if let Some(i) = input.downcast_mut::<TransactWriteItemsInput>() {
            i.return_consumed_capacity = total;
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Ok(output) = context.output_or_error() else {
            return Ok(());
        };
        let one = |c: Option<&ConsumedCapacity>| c.cloned().into_iter().collect::<Vec<_>>();
        let (consumed, reads) = if let Some(o) = output.downcast_ref::<QueryOutput>() {
            (one(o.consumed_capacity.as_ref()), true)
        } else if let Some(o) = output.downcast_ref::<GetItemOutput>() {
            (one(o.consumed_capacity.as_ref()), true)
        } else if let Some(o) = output.downcast_ref::<BatchGetItemOutput>() {
            (o.consumed_capacity.clone().unwrap_or_default(), true)
        } else if let Some(o) = output.downcast_ref::<PutItemOutput>() {
            (one(o.consumed_capacity.as_ref()), false)
        } else if let Some(o) = output.downcast_ref::<UpdateItemOutput>() {
            (one(o.consumed_capacity.as_ref()), false)
        } else if let Some(o) = output.downcast_ref::<DeleteItemOutput>() {
            (one(o.consumed_capacity.as_ref()), false)
        } else if let Some(o) = output.downcast_ref::<TransactWriteItemsOutput>() {
            (o.consumed_capacity.clone().unwrap_or_default(), false)
        } else {
            (Vec::new(), false)
        };
        self.add(&consumed, reads);
        Ok(())
    }
}
