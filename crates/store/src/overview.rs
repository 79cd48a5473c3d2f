//! The overview across programmes (issue 14): one row per programme for one year, read
//! from the summary stored with each Handlingsplan version (`document_summaries`), and
//! the bulk writer `omstilling seed` fills a database with.
//!
//! Invariants both backends keep (tested on both in `web/tests/overview.rs`,
//! `web/tests/migration.rs` and `cli/tests/seed.rs`):
//! - Every Handlingsplan version has its summary, written in the transaction that writes
//!   the version (`put`, `transition`, [`OverviewStore::seed`]); versions written before
//!   the summaries existed get theirs when the store connects ([`fill_summaries`]).
//! - [`OverviewStore::overview`] evaluates no plan: it reads stored rows.
//!
//! Which programmes a caller may see is not decided here: the caller passes
//! [`OverviewQuery::member`] as the access rules say (`web::access`).

use async_trait::async_trait;
use plan::handlingsplan::summary::{FinancingSplit, Summary};
use plan::{Kroner, Syntax};
use time::OffsetDateTime;

use crate::{Decision, NewProgramme, Programme, StepDecision, StoreError, UserId, VersionStatus};

/// Which rows the overview holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverviewQuery<'a> {
    /// The Handlingsplan year.
    pub year: i32,
    /// Only programmes of this county.
    pub county: Option<&'a str>,
    /// Only programmes this user is a member of; `None`: every programme.
    pub member: Option<UserId>,
}

/// One programme's row of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewRow {
    pub programme: Programme,
    /// The year's plan, `None` when the programme has none for the year.
    pub plan: Option<PlanSummary>,
    /// Jobs achieved (new plus secured) from the results registry, in the period and
    /// before the year; `None` when the programme has no rows in the registry.
    pub registry_achieved: Option<i64>,
    /// The status of the programme's Omstillingsplan, `None` when it has none.
    pub omstillingsplan: Option<VersionStatus>,
}

impl OverviewRow {
    /// Jobs achieved: the registry's where the programme has rows there, else the plan's
    /// section 1.1; `None` with neither.
    pub fn achieved(&self) -> Option<i64> {
        self.registry_achieved
            .or_else(|| self.plan.as_ref().map(|p| p.summary.achieved))
    }
}

/// The current version of a programme's plan for the year, as summarized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub version: i64,
    pub status: VersionStatus,
    pub summary: Summary,
    /// The board's decision that holds for the version.
    pub board: Option<Decision>,
    /// The council's decision that holds for the version.
    pub council: Option<Decision>,
}

/// A version for [`OverviewStore::seed`].
#[derive(Debug, Clone)]
pub struct SeedVersion {
    pub status: VersionStatus,
    pub body: String,
    /// The decision that made this version (`board`, `council`).
    pub decision: Option<(String, Decision)>,
}

/// A programme with its plans for [`OverviewStore::seed`].
#[derive(Debug, Clone)]
pub struct SeedProgramme {
    pub programme: NewProgramme,
    /// Each year's versions, oldest first (a draft, then the decisions).
    pub plans: Vec<(i32, Vec<SeedVersion>)>,
}

/// The overview's storage.
#[async_trait]
pub trait OverviewStore: Send + Sync {
    /// Every programme the query admits, by slug, with its plan for the year.
    async fn overview(&self, query: &OverviewQuery<'_>) -> Result<Vec<OverviewRow>, StoreError>;
    /// Writes programmes with their plans in one transaction (no audit entries: a seeded
    /// database is for trying and measuring); the versions get their summaries.
    async fn seed(
        &self,
        programmes: &[SeedProgramme],
        author: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}

/// The summary of a stored Handlingsplan body; a body that no longer reads (it cannot
/// happen for a body the server wrote) counts as one error with nothing else.
pub fn summary_of_body(body: &str) -> Summary {
    match plan::handlingsplan::file::read(body, Syntax::Json) {
        Ok(plan) => plan::handlingsplan::summary::summarize(&plan),
        Err(_) => Summary {
            errors: 1,
            ..Summary::default()
        },
    }
}

/// The decisions of `step` among a version's decisions.
pub(crate) fn decision_of(decisions: &[StepDecision], step: &str) -> Option<Decision> {
    decisions
        .iter()
        .find(|d| d.step == step)
        .map(|d| d.decision.clone())
}

/// The columns a summary row binds, in the order of [`INSERT_SUMMARY`] after
/// `document_id, version`.
pub(crate) struct SummaryColumns {
    pub values: [i64; 4],
    pub financing: [Option<i64>; 4],
    pub counts: [i64; 2],
    pub decisions: [Option<String>; 4],
}

impl SummaryColumns {
    pub(crate) fn new(summary: &Summary, decisions: &[StepDecision]) -> SummaryColumns {
        let board = decision_of(decisions, "board");
        let council = decision_of(decisions, "council");
        let split = summary.financing;
        let part = |f: fn(&FinancingSplit) -> Kroner| split.as_ref().map(|s| f(s).0);
        SummaryColumns {
            values: [
                summary.target_year,
                summary.target_period,
                summary.achieved,
                summary.total_cost.0,
            ],
            financing: [
                part(|s| s.state),
                part(|s| s.county),
                part(|s| s.municipality),
                part(|s| s.other),
            ],
            counts: [summary.errors, summary.warnings],
            decisions: [
                board.as_ref().map(|d| d.date.clone()),
                board.map(|d| d.reference),
                council.as_ref().map(|d| d.date.clone()),
                council.map(|d| d.reference),
            ],
        }
    }
}

pub(crate) const INSERT_SUMMARY: &str = "INSERT INTO document_summaries (document_id, version, \
     target_year, target_period, achieved, total_cost, financing_state, financing_county, \
     financing_municipality, financing_other, errors, warnings, board_date, board_reference, \
     council_date, council_reference) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING";

/// One programme's row, without its `WHERE`: `$1` the year (for the registry), `$2` the
/// document key. The columns are read by position ([`OverviewColumn`]). The registry's
/// sums come from one grouped pass over `result_rows` (not two subqueries per
/// programme); `has_registry`: the programme has rows there at all.
macro_rules! overview_select {
    () => {
        "SELECT p.id, p.slug, p.name, p.area, p.county, \
         p.period_from, p.period_to, d.current_version, d.status, \
         s.target_year, s.target_period, s.achieved, s.total_cost, s.financing_state, \
         s.financing_county, s.financing_municipality, s.financing_other, s.errors, s.warnings, \
         s.board_date, s.board_reference, s.council_date, s.council_reference, \
         g.registry_sum, g.programme_id IS NOT NULL AS has_registry, \
         o.status AS omstillingsplan_status \
         FROM programmes p \
         LEFT JOIN documents d ON d.programme_id = p.id AND d.kind = 'handlingsplan' AND d.key = $2 \
         LEFT JOIN documents o ON o.programme_id = p.id AND o.kind = 'omstillingsplan' AND o.key = '' \
         LEFT JOIN document_summaries s ON s.document_id = d.id AND s.version = d.current_version \
         LEFT JOIN (SELECT r.programme_id, CAST(SUM(CASE WHEN r.year >= q.period_from \
             AND r.year < $1 THEN r.new_jobs + r.secured_jobs END) AS BIGINT) AS registry_sum \
             FROM result_rows r JOIN programmes q ON q.id = r.programme_id \
             GROUP BY r.programme_id) g ON g.programme_id = p.id "
    };
}

/// The overview's query for the filters given: `$3` the county, `$4` the member's user
/// id (only those given are bound; a query per combination, so no `$n IS NULL OR …`
/// stands in the planner's way).
pub(crate) fn overview_sql(county: bool, member: bool) -> &'static str {
    match (county, member) {
        (false, false) => concat!(overview_select!(), "ORDER BY p.slug"),
        (true, false) => concat!(overview_select!(), "WHERE p.county = $3 ORDER BY p.slug"),
        (false, true) => concat!(
            overview_select!(),
            "WHERE EXISTS (SELECT 1 FROM members m WHERE m.programme_id = p.id AND m.user_id = $3) \
             ORDER BY p.slug"
        ),
        (true, true) => concat!(
            overview_select!(),
            "WHERE p.county = $3 AND EXISTS (SELECT 1 FROM members m \
             WHERE m.programme_id = p.id AND m.user_id = $4) ORDER BY p.slug"
        ),
    }
}

/// The positions of [`overview_sql`]'s columns (read by position: a name is a lookup
/// per column and row, and the overview reads 25 columns of every programme).
pub(crate) mod column {
    pub const ID: usize = 0;
    pub const SLUG: usize = 1;
    pub const NAME: usize = 2;
    pub const AREA: usize = 3;
    pub const COUNTY: usize = 4;
    pub const PERIOD_FROM: usize = 5;
    pub const PERIOD_TO: usize = 6;
    pub const CURRENT_VERSION: usize = 7;
    pub const STATUS: usize = 8;
    pub const TARGET_YEAR: usize = 9;
    pub const TARGET_PERIOD: usize = 10;
    pub const ACHIEVED: usize = 11;
    pub const TOTAL_COST: usize = 12;
    /// State, county, municipality, other.
    pub const FINANCING: [usize; 4] = [13, 14, 15, 16];
    pub const ERRORS: usize = 17;
    pub const WARNINGS: usize = 18;
    /// Date and reference.
    pub const BOARD: (usize, usize) = (19, 20);
    pub const COUNCIL: (usize, usize) = (21, 22);
    pub const REGISTRY_SUM: usize = 23;
    pub const HAS_REGISTRY: usize = 24;
    /// The Omstillingsplan's status (NULL: the programme has none).
    pub const OMSTILLINGSPLAN: usize = 25;
}

/// The overview's rows as one JSON text, for SQLite: the rows of [`overview_sql`] (`sql`)
/// aggregated into an array of arrays in the statement's column order. sqlx-sqlite copies
/// every value of every row out of the statement and hands each row across a thread, which
/// cost more than the query itself at 10 000 programmes (docs/benchmarks.md); one value
/// costs that once. Read back by [`rows_from_json`].
pub(crate) fn overview_json_sql(sql: &str) -> String {
    format!(
        "SELECT json_group_array(json_array(id, slug, name, area, county, period_from, \
         period_to, current_version, status, target_year, target_period, achieved, \
         total_cost, financing_state, financing_county, financing_municipality, \
         financing_other, errors, warnings, board_date, board_reference, council_date, \
         council_reference, registry_sum, has_registry, omstillingsplan_status) \
         ORDER BY slug) FROM ({sql})"
    )
}

/// One row of the overview as the statement gives it (both reads: [`overview_json_sql`]'s
/// JSON array, in its column order, and the row-by-row read), before the one mapping into
/// an [`OverviewRow`].
#[derive(serde::Deserialize)]
pub(crate) struct RawRow {
    pub(crate) id: i64,
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) area: String,
    pub(crate) county: Option<String>,
    pub(crate) period_from: i64,
    pub(crate) period_to: i64,
    pub(crate) current_version: Option<i64>,
    pub(crate) status: Option<String>,
    pub(crate) target_year: Option<i64>,
    pub(crate) target_period: Option<i64>,
    pub(crate) achieved: Option<i64>,
    pub(crate) total_cost: Option<i64>,
    pub(crate) financing_state: Option<i64>,
    pub(crate) financing_county: Option<i64>,
    pub(crate) financing_municipality: Option<i64>,
    pub(crate) financing_other: Option<i64>,
    pub(crate) errors: Option<i64>,
    pub(crate) warnings: Option<i64>,
    pub(crate) board_date: Option<String>,
    pub(crate) board_reference: Option<String>,
    pub(crate) council_date: Option<String>,
    pub(crate) council_reference: Option<String>,
    pub(crate) registry_sum: Option<i64>,
    pub(crate) has_registry: i64,
    pub(crate) omstillingsplan_status: Option<String>,
}

/// The rows of [`overview_json_sql`]'s one value: the same rows, in the same order, as the
/// row-by-row read gives.
pub(crate) fn rows_from_json(text: &str) -> Result<Vec<OverviewRow>, StoreError> {
    // A struct reads a JSON array field by field, in order: no value per column.
    let rows: Vec<RawRow> = serde_json::from_str(text).map_err(|error| {
        StoreError::Database(sqlx::Error::Decode(
            format!("the overview's rows: {error}").into(),
        ))
    })?;
    rows.into_iter().map(RawRow::into_overview).collect()
}

impl RawRow {
    pub(crate) fn into_overview(self) -> Result<OverviewRow, StoreError> {
        let programme = Programme {
            id: self.id,
            slug: crate::Slug::stored(self.slug),
            name: self.name,
            area: self.area,
            county: self.county,
            period_from: self.period_from as i32,
            period_to: self.period_to as i32,
        };
        let decision = |date: Option<String>, reference: Option<String>| {
            date.map(|date| Decision {
                date,
                reference: reference.unwrap_or_default(),
            })
        };
        let plan = match (self.current_version, self.status) {
            (Some(version), Some(status)) => {
                let financing = match (
                    self.financing_state,
                    self.financing_county,
                    self.financing_municipality,
                    self.financing_other,
                ) {
                    (Some(state), Some(county), Some(municipality), Some(other)) => {
                        Some(FinancingSplit {
                            state: Kroner(state),
                            county: Kroner(county),
                            municipality: Kroner(municipality),
                            other: Kroner(other),
                        })
                    }
                    _ => None,
                };
                Some(PlanSummary {
                    version,
                    status: crate::sql::status_from(&status)?,
                    summary: Summary {
                        target_year: self.target_year.unwrap_or(0),
                        target_period: self.target_period.unwrap_or(0),
                        achieved: self.achieved.unwrap_or(0),
                        total_cost: Kroner(self.total_cost.unwrap_or(0)),
                        financing,
                        errors: self.errors.unwrap_or(0),
                        warnings: self.warnings.unwrap_or(0),
                    },
                    board: decision(self.board_date, self.board_reference),
                    council: decision(self.council_date, self.council_reference),
                })
            }
            _ => None,
        };
        Ok(OverviewRow {
            programme,
            plan,
            registry_achieved: (self.has_registry != 0).then_some(self.registry_sum.unwrap_or(0)),
            omstillingsplan: self
                .omstillingsplan_status
                .as_deref()
                .map(crate::sql::status_from)
                .transpose()?,
        })
    }
}

/// How many versions [`fill_summaries`] reads at a time.
pub(crate) const FILL_BATCH: i64 = 500;

/// Binds the overview statement's parameters in their order (`$1` the year, `$2` it as
/// text, then the county and the member when the statement filters by them), for either
/// read: a `query_scalar` of the JSON value or a `query` of rows.
macro_rules! bind_filters {
    ($select:expr, $query:expr) => {{
        let mut select = $select
            .bind(i64::from($query.year))
            .bind($query.year.to_string());
        if let Some(county) = $query.county {
            select = select.bind(county);
        }
        if let Some(member) = $query.member {
            select = select.bind(member);
        }
        select
    }};
}
pub(crate) use bind_filters;

/// Implements [`OverviewStore`] for `$store` (a backend with a `pool` and `begin_write`)
/// and defines `write_summary`, which the backend's `put` and `transition` call, and
/// `fill_summaries`, which its `connect` calls.
macro_rules! impl_overview_store {
    ($store:ty, $db:ty, $row:ty, $decisions:ident, $rows_as_json:expr) => {
        mod overview_rows {
            use super::*;
            use plan::handlingsplan::summary::Summary;
            use $crate::overview::{
                OverviewQuery, OverviewRow, OverviewStore, SeedProgramme, SummaryColumns,
            };
            use $crate::{DocKey, StepDecision, StoreError, VersionStatus};

            /// Writes the summary of a new version of `doc` (Handlingsplaner only).
            pub(crate) async fn write_summary(
                tx: &mut sqlx::Transaction<'static, $db>,
                doc: &DocKey,
                document_id: i64,
                version: i64,
                body: &str,
                decisions: &[StepDecision],
            ) -> Result<(), StoreError> {
                if doc.kind != $crate::HANDLINGSPLAN {
                    return Ok(());
                }
                let summary = $crate::overview::summary_of_body(body);
                insert_summary(tx, document_id, version, &summary, decisions).await
            }

            async fn insert_summary(
                tx: &mut sqlx::Transaction<'static, $db>,
                document_id: i64,
                version: i64,
                summary: &Summary,
                decisions: &[StepDecision],
            ) -> Result<(), StoreError> {
                let c = SummaryColumns::new(summary, decisions);
                let [d0, d1, d2, d3] = c.decisions;
                sqlx::query($crate::overview::INSERT_SUMMARY)
                    .bind(document_id)
                    .bind(version)
                    .bind(c.values[0])
                    .bind(c.values[1])
                    .bind(c.values[2])
                    .bind(c.values[3])
                    .bind(c.financing[0])
                    .bind(c.financing[1])
                    .bind(c.financing[2])
                    .bind(c.financing[3])
                    .bind(c.counts[0])
                    .bind(c.counts[1])
                    .bind(d0)
                    .bind(d1)
                    .bind(d2)
                    .bind(d3)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            /// Summarizes every Handlingsplan version that has no summary yet (those
            /// written before the summaries existed), a batch per transaction.
            pub(crate) async fn fill_summaries(store: &$store) -> Result<u64, StoreError> {
                let mut filled = 0;
                loop {
                    let (_turn, mut tx) = store.begin_write().await?;
                    let rows = sqlx::query(concat!(
                        "SELECT v.document_id, v.version, v.body, ",
                        $crate::sql::$decisions!(),
                        " AS decisions FROM document_versions v \
                         JOIN documents d ON d.id = v.document_id \
                         WHERE d.kind = 'handlingsplan' AND NOT EXISTS (SELECT 1 FROM \
                         document_summaries s WHERE s.document_id = v.document_id \
                         AND s.version = v.version) \
                         ORDER BY v.document_id, v.version LIMIT $1"
                    ))
                    .bind($crate::overview::FILL_BATCH)
                    .fetch_all(&mut *tx)
                    .await?;
                    if rows.is_empty() {
                        return Ok(filled);
                    }
                    for row in &rows {
                        let body: String = row.try_get("body")?;
                        let decisions: Option<String> = row.try_get("decisions")?;
                        let decisions = $crate::sql::decisions_from_json(decisions.as_deref())?;
                        let summary = $crate::overview::summary_of_body(&body);
                        insert_summary(
                            &mut tx,
                            row.try_get("document_id")?,
                            row.try_get("version")?,
                            &summary,
                            &decisions,
                        )
                        .await?;
                        filled += 1;
                    }
                    tx.commit().await?;
                }
            }

            /// A row of the row-by-row read: its columns as they are, then the one mapping
            /// both reads share ([`RawRow::into_overview`]).
            fn overview_row(row: &$row) -> Result<OverviewRow, StoreError> {
                use $crate::overview::column as c;
                let [state, county, municipality, other] = c::FINANCING;
                let has_registry: bool = row.try_get(c::HAS_REGISTRY)?;
                $crate::overview::RawRow {
                    id: row.try_get(c::ID)?,
                    slug: row.try_get(c::SLUG)?,
                    name: row.try_get(c::NAME)?,
                    area: row.try_get(c::AREA)?,
                    county: row.try_get(c::COUNTY)?,
                    period_from: row.try_get(c::PERIOD_FROM)?,
                    period_to: row.try_get(c::PERIOD_TO)?,
                    current_version: row.try_get(c::CURRENT_VERSION)?,
                    status: row.try_get(c::STATUS)?,
                    target_year: row.try_get(c::TARGET_YEAR)?,
                    target_period: row.try_get(c::TARGET_PERIOD)?,
                    achieved: row.try_get(c::ACHIEVED)?,
                    total_cost: row.try_get(c::TOTAL_COST)?,
                    financing_state: row.try_get(state)?,
                    financing_county: row.try_get(county)?,
                    financing_municipality: row.try_get(municipality)?,
                    financing_other: row.try_get(other)?,
                    errors: row.try_get(c::ERRORS)?,
                    warnings: row.try_get(c::WARNINGS)?,
                    board_date: row.try_get(c::BOARD.0)?,
                    board_reference: row.try_get(c::BOARD.1)?,
                    council_date: row.try_get(c::COUNCIL.0)?,
                    council_reference: row.try_get(c::COUNCIL.1)?,
                    registry_sum: row.try_get(c::REGISTRY_SUM)?,
                    has_registry: i64::from(has_registry),
                    omstillingsplan_status: row.try_get(c::OMSTILLINGSPLAN)?,
                }
                .into_overview()
            }

            #[async_trait::async_trait]
            impl OverviewStore for $store {
                async fn overview(
                    &self,
                    query: &OverviewQuery<'_>,
                ) -> Result<Vec<OverviewRow>, StoreError> {
                    let sql = $crate::overview::overview_sql(
                        query.county.is_some(),
                        query.member.is_some(),
                    );
                    if $rows_as_json {
                        // Built from the constant statements only: nothing from the caller.
                        let sql = sqlx::AssertSqlSafe($crate::overview::overview_json_sql(sql));
                        let select = sqlx::query_scalar::<_, String>(sql);
                        let text = $crate::overview::bind_filters!(select, query).fetch_one(&self.pool).await?;
                        return $crate::overview::rows_from_json(&text);
                    }
                    let rows = $crate::overview::bind_filters!(sqlx::query(sql), query)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(overview_row).collect()
                }

                async fn seed(
                    &self,
                    programmes: &[SeedProgramme],
                    author: $crate::UserId,
                    now: time::OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let now = $crate::stored_time(now);
                    let (_turn, mut tx) = self.begin_write().await?;
                    for seed in programmes {
                        let p = &seed.programme;
                        let programme_id: i64 = sqlx::query_scalar(
                            "INSERT INTO programmes (slug, name, area, county, period_from, \
                             period_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                             RETURNING id",
                        )
                        .bind(p.slug.as_str())
                        .bind(&p.name)
                        .bind(&p.area)
                        .bind(&p.county)
                        .bind(i64::from(p.period_from))
                        .bind(i64::from(p.period_to))
                        .bind(now)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(|e| match &e {
                            sqlx::Error::Database(db) if db.is_unique_violation() => {
                                StoreError::Conflict(format!("programme {}", p.slug))
                            }
                            _ => StoreError::Database(e),
                        })?;
                        for (year, versions) in &seed.plans {
                            let Some(last) = versions.last() else { continue };
                            let document_id: i64 = sqlx::query_scalar(
                                "INSERT INTO documents (programme_id, kind, key, \
                                 current_version, status) VALUES ($1, 'handlingsplan', $2, $3, $4) \
                                 RETURNING id",
                            )
                            .bind(programme_id)
                            .bind(year.to_string())
                            .bind(versions.len() as i64)
                            .bind(last.status.as_str())
                            .fetch_one(&mut *tx)
                            .await?;
                            let mut decisions: Vec<StepDecision> = Vec::new();
                            let mut decisions_from: Option<i64> = None;
                            for (index, version) in versions.iter().enumerate() {
                                let number = index as i64 + 1;
                                if version.status == VersionStatus::Draft {
                                    decisions.clear();
                                    decisions_from = None;
                                } else if decisions_from.is_none() {
                                    decisions_from = Some(number);
                                }
                                sqlx::query($crate::sql::INSERT_VERSION)
                                    .bind(document_id)
                                    .bind(number)
                                    .bind(version.status.as_str())
                                    .bind(&version.body)
                                    .bind($crate::sha256_hex(version.body.as_bytes()))
                                    .bind(author)
                                    .bind(now)
                                    .bind(decisions_from)
                                    .bind(None::<Vec<u8>>)
                                    .execute(&mut *tx)
                                    .await?;
                                if let Some((step, decision)) = &version.decision {
                                    sqlx::query($crate::sql::INSERT_DECISION)
                                        .bind(document_id)
                                        .bind(number)
                                        .bind(step)
                                        .bind(&decision.date)
                                        .bind(&decision.reference)
                                        .bind(author)
                                        .execute(&mut *tx)
                                        .await?;
                                    decisions.push(StepDecision {
                                        step: step.clone(),
                                        decision: decision.clone(),
                                        decided_by: Some(author),
                                        version: number,
                                    });
                                }
                                let summary = $crate::overview::summary_of_body(&version.body);
                                insert_summary(&mut tx, document_id, number, &summary, &decisions)
                                    .await?;
                            }
                        }
                    }
                    tx.commit().await?;
                    Ok(())
                }
            }
        }
        #[allow(unused_imports)]
        use overview_rows::{fill_summaries, write_summary};
    };
}

pub(crate) use impl_overview_store;
