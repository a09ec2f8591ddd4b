//! Opaque, signed list cursors. A cursor carries where the next page starts, which page it is
//! and the total already counted; an HMAC over it and its [`CursorScope`] — the tenant, the
//! application, the view, the list (live deals or the recycle bin), the page size and the
//! parsed query — means it cannot be forged, nor replayed by another tenant, through the other
//! view, on the other list, with another page size or for another query.
//!
//! The scope is signed in a canonical binary encoding ([`CursorScope::binding`]) built from the
//! query as parsed, not as spelled: every part is tagged, fixed-width or length-prefixed, so two
//! different scopes never produce the same bytes, while the same query spelled differently
//! (parameters in another order, `stage=x` or `stage[eq]=x`) shares them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::hmac;
use serde::{Deserialize, Serialize};

use crate::compat::View;
use crate::query::{DealQuery, Filter, Op, Operand};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorState {
    /// The deal the next page starts after.
    #[serde(rename = "a")]
    pub after: String,
    /// Its key in the sort index, for orders other than created_at.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
    /// The number of the page the cursor leads to.
    #[serde(rename = "p")]
    pub page: u64,
    #[serde(rename = "t")]
    pub total: u64,
    #[serde(rename = "e", default)]
    pub total_estimated: bool,
}

pub struct CursorKey(hmac::Key);

impl CursorKey {
    pub fn new(secret: &[u8]) -> Self {
        CursorKey(hmac::Key::new(hmac::HMAC_SHA256, secret))
    }

    /// `state` as a cursor valid only for this scope.
    pub fn seal(&self, scope: &CursorScope<'_>, state: &CursorState) -> String {
        let payload = serde_json::to_vec(state).unwrap_or_default();
        let tag = hmac::sign(&self.0, &scope.message(&payload));
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(tag.as_ref())
        )
    }

    /// The state of a cursor sealed for the same scope; `None` for anything else.
    pub fn open(&self, scope: &CursorScope<'_>, cursor: &str) -> Option<CursorState> {
        let (payload, tag) = cursor.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        hmac::verify(&self.0, &scope.message(&payload), &tag).ok()?;
        serde_json::from_slice(&payload).ok()
    }
}

/// What a cursor is bound to: everything that decides which deals follow its position, in
/// which order, and what its page number counts.
#[derive(Debug, Clone, Copy)]
pub struct CursorScope<'a> {
    pub tenant: &'a str,
    pub app: Option<&'a str>,
    /// The API the cursor was handed out by: a cursor of one view is refused by the other.
    pub view: View,
    /// The recycle bin (`deleted=true`) rather than the live deals: a cursor of one list is
    /// refused by the other.
    pub deleted: bool,
    /// Deals per page: the page number a cursor carries counts pages of this size.
    pub page_size: usize,
    /// Filters, sort, application and contact, as parsed. `include` is not part of it.
    pub query: &'a DealQuery,
}

/// Names the layout of [`CursorScope::binding`]; a change of layout changes it, so that no
/// cursor signed under one layout opens under another.
const BINDING_LAYOUT: &str = "deals-list-cursor/3";

impl CursorScope<'_> {
    /// The canonical encoding of the scope. A prefix-free code: each text is length-prefixed,
    /// each optional and each choice tagged, each number fixed-width, each list counted; the
    /// filters, each encoded alone, are listed in byte order so that their order in the URL
    /// does not matter (AND is commutative). Different scopes give different bytes; the same
    /// query however spelled gives the same.
    pub fn binding(&self) -> Vec<u8> {
        let mut out = Encoder::default();
        out.text(BINDING_LAYOUT);
        out.text(self.tenant);
        out.optional(self.app);
        out.tag(match self.view {
            View::Crm => 0,
            View::Documented => 1,
        });
        out.tag(u8::from(self.deleted));
        out.number(u64::try_from(self.page_size).unwrap_or(u64::MAX));
        let query = self.query;
        out.text(query.sort.field.name());
        out.tag(u8::from(query.sort.descending));
        out.optional(query.app_id.as_deref());
        out.optional(query.contact_id.as_deref());
        // The days a stage's deals stay fresh move with the calendar: only the wish is bound.
        out.tag(match &query.rotten {
            None => 0,
            Some(rotting) => 1 + u8::from(rotting.wanted),
        });
        let mut filters: Vec<Vec<u8>> = query.filters.iter().map(encode_filter).collect();
        filters.sort();
        out.count(filters.len());
        for filter in &filters {
            out.bytes(filter);
        }
        out.0
    }

    /// What the tag signs: the binding (length-prefixed), then the payload.
    fn message(&self, payload: &[u8]) -> Vec<u8> {
        let mut message = Encoder::default();
        message.bytes(&self.binding());
        message.0.extend_from_slice(payload);
        message.0
    }
}

fn encode_filter(filter: &Filter) -> Vec<u8> {
    let mut out = Encoder::default();
    out.text(filter.field);
    out.text(op_name(filter.op));
    out.count(filter.operands.len());
    for operand in &filter.operands {
        match operand {
            Operand::Text(text) => {
                out.tag(0);
                out.text(text);
            }
            Operand::Number(number) => {
                out.tag(1);
                // 0 and -0 select the same deals; every other finite number has its own bits.
                let number = if *number == 0.0 { 0.0 } else { *number };
                out.number(number.to_bits());
            }
        }
    }
    out.0
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Eq => "eq",
        Op::Ne => "ne",
        Op::Gt => "gt",
        Op::Gte => "gte",
        Op::Lt => "lt",
        Op::Lte => "lte",
        Op::Like => "like",
        Op::In => "in",
    }
}

#[derive(Default)]
struct Encoder(Vec<u8>);

impl Encoder {
    fn tag(&mut self, tag: u8) {
        self.0.push(tag);
    }

    fn number(&mut self, number: u64) {
        self.0.extend_from_slice(&number.to_be_bytes());
    }

    fn count(&mut self, count: usize) {
        self.number(u64::try_from(count).unwrap_or(u64::MAX));
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.tag(0),
            Some(text) => {
                self.tag(1);
                self.text(text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Sort;
    use proptest::prelude::*;
    use proptest::sample::select;

    fn parsed(parameters: &[(&str, &str)]) -> DealQuery {
        DealQuery::parsed(parameters)
    }

    fn scope(query: &DealQuery) -> CursorScope<'_> {
        CursorScope {
            tenant: "a",
            app: None,
            view: View::Crm,
            deleted: false,
            page_size: 50,
            query,
        }
    }

    fn state() -> CursorState {
        CursorState {
            after: "deal_01J".into(),
            sort_key: None,
            page: 2,
            total: 10,
            total_estimated: false,
        }
    }

    #[test]
    fn a_value_that_spells_a_query_is_not_that_query() {
        // name=x%26sort%3Dvalue: one filter whose value is "x&sort=value".
        let one_filter = parsed(&[("name", "x&sort=value")]);
        // name=x&sort=value: a filter and a sort.
        let filter_and_sort = parsed(&[("name", "x"), ("sort", "value")]);
        assert_ne!(
            scope(&one_filter).binding(),
            scope(&filter_and_sort).binding()
        );
        let key = CursorKey::new(b"secret");
        let cursor = key.seal(&scope(&one_filter), &state());
        assert_eq!(key.open(&scope(&filter_and_sort), &cursor), None);
        let cursor = key.seal(&scope(&filter_and_sort), &state());
        assert_eq!(key.open(&scope(&one_filter), &cursor), None);
    }

    #[test]
    fn spellings_of_one_query_share_a_binding() {
        let owner = "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        let upper_owner = "usr-3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        let spellings = [
            parsed(&[("stage", "lead"), ("owner_id", owner), ("sort", "-value")]),
            parsed(&[
                ("sort", "-value"),
                ("owner_id[eq]", upper_owner),
                ("stage[eq]", "lead"),
            ]),
        ];
        assert_eq!(
            scope(&spellings[0]).binding(),
            scope(&spellings[1]).binding()
        );
        let times = [
            parsed(&[
                ("created_at[gte]", "2026-01-01T01:00:00+01:00"),
                ("value[gt]", "-0"),
            ]),
            parsed(&[
                ("value[gt]", "0.0"),
                ("created_at[gte]", "2026-01-01T00:00:00Z"),
            ]),
        ];
        assert_eq!(scope(&times[0]).binding(), scope(&times[1]).binding());
    }

    #[test]
    fn every_part_of_the_scope_is_bound() {
        let query = parsed(&[("stage", "lead")]);
        let base = scope(&query);
        let other_query = parsed(&[("stage", "won")]);
        let documented = CursorScope {
            view: View::Documented,
            ..base
        };
        let variants = [
            CursorScope {
                tenant: "b",
                ..base
            },
            CursorScope {
                app: Some("x"),
                ..base
            },
            CursorScope {
                app: Some(""),
                ..base
            },
            documented,
            CursorScope {
                deleted: true,
                ..base
            },
            CursorScope {
                page_size: 49,
                ..base
            },
            CursorScope {
                query: &other_query,
                ..base
            },
        ];
        let key = CursorKey::new(b"secret");
        let cursor = key.seal(&base, &state());
        assert_eq!(key.open(&base, &cursor), Some(state()));
        for variant in &variants {
            assert_eq!(key.open(variant, &cursor), None, "{variant:?}");
        }
        assert_eq!(CursorKey::new(b"other").open(&base, &cursor), None);
        let forged = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"a":"deal_x","p":9,"t":1}"#),
            cursor.split_once('.').map(|(_, t)| t).unwrap_or("")
        );
        assert_eq!(key.open(&base, &forged), None);
    }

    /// An owned scope, so that strategies can generate it.
    #[derive(Debug, Clone)]
    struct Scoped {
        tenant: String,
        app: Option<String>,
        view: View,
        deleted: bool,
        page_size: usize,
        query: DealQuery,
    }

    impl Scoped {
        fn scope(&self) -> CursorScope<'_> {
            CursorScope {
                tenant: &self.tenant,
                app: self.app.as_deref(),
                view: self.view,
                deleted: self.deleted,
                page_size: self.page_size,
                query: &self.query,
            }
        }

        /// The same scope, the same query: filters equal as a multiset (AND does not care
        /// about their order), everything else equal.
        fn same_as(&self, other: &Scoped) -> bool {
            let (a, b) = (&self.query, &other.query);
            let count = |filters: &[Filter], filter: &Filter| {
                filters.iter().filter(|other| *other == filter).count()
            };
            self.tenant == other.tenant
                && self.app == other.app
                && self.view == other.view
                && self.deleted == other.deleted
                && self.page_size == other.page_size
                && a.sort == b.sort
                && a.app_id == b.app_id
                && a.contact_id == b.contact_id
                && a.filters.len() == b.filters.len()
                && a.filters
                    .iter()
                    .all(|filter| count(&a.filters, filter) == count(&b.filters, filter))
        }
    }

    /// Parameter values from a small set full of separators and near-misses, so that pairs of
    /// generated queries often coincide or nearly do; plus arbitrary text.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => select(vec![
                "x", "x&sort=value", "x&sort%3Dvalue", "a,b", "a", "b", "b,a", " a", "1", "1.0",
                "-0", "0", "10", "1e1", "1,10", "lead", "won", "%", "=", "&", ",", "\u{0}",
                "\u{1}", "2026-01-01", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00+01:00",
                "usr-3f2504e0-4f89-41d3-9a0c-0305e82c3301",
                "usr-3F2504E0-4F89-41D3-9A0C-0305E82C3301",
            ])
            .prop_map(String::from),
            1 => any::<String>(),
        ]
    }

    fn filter() -> impl Strategy<Value = Option<Filter>> {
        let field = select(vec![
            "name",
            "stage",
            "value",
            "probability",
            "created_at",
            "expected_close_date",
            "tags",
            "owner_id",
            "deal_type",
        ]);
        let op = select(vec![
            "", "[eq]", "[ne]", "[gt]", "[gte]", "[lt]", "[like]", "[in]",
        ]);
        (field, op, value())
            .prop_map(|(field, op, value)| Filter::parse(&format!("{field}{op}"), &value).ok())
    }

    fn sort() -> impl Strategy<Value = Sort> {
        select(vec![
            "created_at",
            "-created_at",
            "value",
            "-value",
            "name",
            "-name",
        ])
        .prop_map(|sort| Sort::parse(sort).unwrap_or_default())
    }

    fn optional_text() -> impl Strategy<Value = Option<String>> {
        select(vec![
            None,
            Some(""),
            Some("x"),
            Some("x\u{0}"),
            Some("\u{1}"),
        ])
        .prop_map(|text| text.map(String::from))
    }

    fn tenant() -> impl Strategy<Value = String> {
        select(vec!["a", "b", "a\u{0}", "a\u{0}\u{1}", ""]).prop_map(String::from)
    }

    fn view() -> impl Strategy<Value = View> {
        select(vec![View::Crm, View::Documented])
    }

    fn page_size() -> impl Strategy<Value = usize> {
        select(vec![1_usize, 2, 50, 256])
    }

    fn query() -> impl Strategy<Value = DealQuery> {
        (
            prop::collection::vec(filter(), 0..4),
            sort(),
            optional_text(),
            optional_text(),
            prop::option::of(any::<bool>()),
        )
            .prop_map(|(filters, sort, app_id, contact_id, rotten)| DealQuery {
                filters: filters.into_iter().flatten().collect(),
                sort,
                app_id,
                contact_id,
                rotten: rotten.map(|wanted| crate::query::Rotting {
                    wanted,
                    ..Default::default()
                }),
            })
    }

    fn scoped() -> impl Strategy<Value = Scoped> {
        (
            tenant(),
            optional_text(),
            view(),
            any::<bool>(),
            page_size(),
            query(),
        )
            .prop_map(|(tenant, app, view, deleted, page_size, query)| Scoped {
                tenant,
                app,
                view,
                deleted,
                page_size,
                query,
            })
    }

    /// One small change to a scope (which may leave it as it was).
    #[derive(Debug, Clone)]
    enum Edit {
        Tenant(String),
        App(Option<String>),
        View(View),
        Deleted(bool),
        PageSize(usize),
        Sort(Sort),
        AppId(Option<String>),
        ContactId(Option<String>),
        Add(Option<Filter>),
        Replace(prop::sample::Index, Option<Filter>),
        Remove(prop::sample::Index),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            tenant().prop_map(Edit::Tenant),
            optional_text().prop_map(Edit::App),
            view().prop_map(Edit::View),
            any::<bool>().prop_map(Edit::Deleted),
            page_size().prop_map(Edit::PageSize),
            sort().prop_map(Edit::Sort),
            optional_text().prop_map(Edit::AppId),
            optional_text().prop_map(Edit::ContactId),
            filter().prop_map(Edit::Add),
            (any::<prop::sample::Index>(), filter()).prop_map(|(at, f)| Edit::Replace(at, f)),
            any::<prop::sample::Index>().prop_map(Edit::Remove),
        ]
    }

    impl Edit {
        fn apply(self, scoped: &mut Scoped) {
            let filters = &mut scoped.query.filters;
            match self {
                Edit::Tenant(tenant) => scoped.tenant = tenant,
                Edit::App(app) => scoped.app = app,
                Edit::View(view) => scoped.view = view,
                Edit::Deleted(deleted) => scoped.deleted = deleted,
                Edit::PageSize(size) => scoped.page_size = size,
                Edit::Sort(sort) => scoped.query.sort = sort,
                Edit::AppId(app) => scoped.query.app_id = app,
                Edit::ContactId(contact) => scoped.query.contact_id = contact,
                Edit::Add(filter) => filters.extend(filter),
                Edit::Replace(at, Some(filter)) if !filters.is_empty() => {
                    let at = at.index(filters.len());
                    filters[at] = filter;
                }
                Edit::Remove(at) if !filters.is_empty() => {
                    filters.remove(at.index(filters.len()));
                }
                Edit::Replace(..) | Edit::Remove(_) => {}
            }
        }
    }

    /// Mostly a scope and the same scope after a few small edits, its filters shuffled (so
    /// often the same query respelled, often one detail apart); sometimes two independent ones.
    fn pair() -> impl Strategy<Value = (Scoped, Scoped)> {
        prop_oneof![
            4 => (scoped(), prop::collection::vec(edit(), 0..3))
                .prop_flat_map(|(a, edits)| {
                    let mut b = a.clone();
                    for edit in edits {
                        edit.apply(&mut b);
                    }
                    let filters = b.query.filters.clone();
                    (Just(a), Just(b), Just(filters).prop_shuffle())
                })
                .prop_map(|(a, mut b, filters)| {
                    b.query.filters = filters;
                    (a, b)
                }),
            1 => (scoped(), scoped()),
        ]
    }

    /// A binding read back: the proof that it is a prefix-free code of the whole scope.
    #[derive(Debug, PartialEq)]
    struct Decoded {
        layout: String,
        tenant: String,
        app: Option<String>,
        view: u8,
        deleted: u8,
        page_size: u64,
        sort: (String, u8),
        app_id: Option<String>,
        contact_id: Option<String>,
        rotten: u8,
        /// Sorted, to compare as multisets.
        filters: Vec<DecodedFilter>,
    }

    /// Field, operator, and each operand as its tag and bytes.
    type DecodedFilter = (String, String, Vec<(u8, Vec<u8>)>);

    struct Decoder<'a>(&'a [u8]);

    impl<'a> Decoder<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            if self.0.len() < n {
                return None;
            }
            let (taken, rest) = self.0.split_at(n);
            self.0 = rest;
            Some(taken)
        }

        fn tag(&mut self) -> Option<u8> {
            self.take(1).map(|bytes| bytes[0])
        }

        fn number(&mut self) -> Option<u64> {
            Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
        }

        fn bytes(&mut self) -> Option<&'a [u8]> {
            let length = usize::try_from(self.number()?).ok()?;
            self.take(length)
        }

        fn text(&mut self) -> Option<String> {
            String::from_utf8(self.bytes()?.to_vec()).ok()
        }

        fn optional(&mut self) -> Option<Option<String>> {
            match self.tag()? {
                0 => Some(None),
                1 => self.text().map(Some),
                _ => None,
            }
        }

        fn end(&self) -> Option<()> {
            self.0.is_empty().then_some(())
        }
    }

    fn decode(binding: &[u8]) -> Option<Decoded> {
        let mut input = Decoder(binding);
        let layout = input.text()?;
        let tenant = input.text()?;
        let app = input.optional()?;
        let view = input.tag()?;
        let deleted = input.tag()?;
        let page_size = input.number()?;
        let sort = (input.text()?, input.tag()?);
        let app_id = input.optional()?;
        let contact_id = input.optional()?;
        let rotten = input.tag()?;
        let mut filters = Vec::new();
        for _ in 0..input.number()? {
            let mut filter = Decoder(input.bytes()?);
            let (field, op) = (filter.text()?, filter.text()?);
            let mut operands = Vec::new();
            for _ in 0..filter.number()? {
                let operand = match filter.tag()? {
                    0 => (0, filter.text()?.into_bytes()),
                    1 => (1, filter.number()?.to_be_bytes().to_vec()),
                    _ => return None,
                };
                operands.push(operand);
            }
            filter.end()?;
            filters.push((field, op, operands));
        }
        input.end()?;
        filters.sort();
        Some(Decoded {
            layout,
            tenant,
            app,
            view,
            deleted,
            page_size,
            sort,
            app_id,
            contact_id,
            rotten,
            filters,
        })
    }

    /// What the binding of `scoped` should decode to, built without the encoder.
    fn expected(scoped: &Scoped) -> Decoded {
        let query = &scoped.query;
        let mut filters: Vec<_> = query
            .filters
            .iter()
            .map(|filter| {
                let operands = filter
                    .operands
                    .iter()
                    .map(|operand| match operand {
                        Operand::Text(text) => (0, text.clone().into_bytes()),
                        Operand::Number(n) => {
                            let n = if *n == 0.0 { 0.0 } else { *n };
                            (1, n.to_bits().to_be_bytes().to_vec())
                        }
                    })
                    .collect();
                (
                    filter.field.to_owned(),
                    format!("{:?}", filter.op).to_lowercase(),
                    operands,
                )
            })
            .collect();
        filters.sort();
        Decoded {
            layout: BINDING_LAYOUT.to_owned(),
            tenant: scoped.tenant.clone(),
            app: scoped.app.clone(),
            view: u8::from(scoped.view == View::Documented),
            deleted: u8::from(scoped.deleted),
            page_size: scoped.page_size as u64,
            sort: (
                query.sort.field.name().to_owned(),
                u8::from(query.sort.descending),
            ),
            app_id: query.app_id.clone(),
            contact_id: query.contact_id.clone(),
            rotten: query
                .rotten
                .as_ref()
                .map_or(0, |rotting| 1 + u8::from(rotting.wanted)),
            filters,
        }
    }

    fn cursor_state() -> impl Strategy<Value = CursorState> {
        (
            any::<String>(),
            any::<Option<String>>(),
            any::<u64>(),
            any::<u64>(),
            any::<bool>(),
        )
            .prop_map(
                |(after, sort_key, page, total, total_estimated)| CursorState {
                    after,
                    sort_key,
                    page,
                    total,
                    total_estimated,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_binding_decodes_back_to_the_whole_scope(a in scoped()) {
            prop_assert_eq!(decode(&a.scope().binding()), Some(expected(&a)));
        }

        #[test]
        fn distinct_scopes_never_share_a_binding((a, b) in pair()) {
            if a.same_as(&b) {
                prop_assert_eq!(a.scope().binding(), b.scope().binding());
            } else {
                prop_assert_ne!(a.scope().binding(), b.scope().binding());
            }
        }

        #[test]
        fn a_cursor_opens_with_its_state_in_its_scope_only(
            (a, b) in pair(),
            state in cursor_state(),
        ) {
            let key = CursorKey::new(b"secret");
            let cursor = key.seal(&a.scope(), &state);
            prop_assert_eq!(key.open(&a.scope(), &cursor), Some(state.clone()));
            let elsewhere = key.open(&b.scope(), &cursor);
            if a.same_as(&b) {
                prop_assert_eq!(elsewhere, Some(state));
            } else {
                prop_assert_eq!(elsewhere, None);
            }
        }

        #[test]
        fn arbitrary_text_never_opens_nor_panics(
            text in prop_oneof![
                any::<String>(),
                "[A-Za-z0-9_.-]{0,80}",
                (any::<Vec<u8>>(), any::<Vec<u8>>()).prop_map(|(payload, tag)| {
                    format!("{}.{}", URL_SAFE_NO_PAD.encode(payload), URL_SAFE_NO_PAD.encode(tag))
                }),
                cursor_state().prop_map(|state| format!(
                    "{}.{}",
                    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&state).unwrap_or_default()),
                    URL_SAFE_NO_PAD.encode([0_u8; 32])
                )),
            ],
            a in scoped(),
        ) {
            let key = CursorKey::new(b"secret");
            prop_assert_eq!(key.open(&a.scope(), &text), None);
        }
    }
}
