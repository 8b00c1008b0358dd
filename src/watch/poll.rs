//! One poll of a watch: re-read what moves fast (each descriptor contract's total supply and its
//! excluded wallets' balances) through the same chain readers, HTTP layer, rate limits and
//! failure rules as `fetch`, put the fresh figures into a copy of the snapshot, and evaluate the
//! standard's supply rules on it with the same [`crate::eval::evaluate`] as `check`.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::alert::{BalanceFigure, Figures, SupplyFigure};
use super::episodes::{PollOutcome, RuleStatus, SourceOutcome};
use crate::inputs::config::settings::SourceKind;
use crate::inputs::standard::LoadedStandard;
use crate::inputs::waiver::Waivers;
use crate::metric::Metric;
use crate::snapshot::{AssetRecord, SnapshotFile};
use crate::source::chain::{TokenQuery, TokenReading};
use crate::source::packing::Shares;
use crate::source::{Http, evm, solana};

/// Whether a rule on `metric` can change between two fetches of the market data: it reads the
/// on-chain supply or the excluded balances (the disclosure metrics read only the descriptor).
pub fn is_supply_metric(metric: Metric) -> bool {
    matches!(
        metric,
        Metric::CirculatingSupply
            | Metric::CirculationPlanExcess
            | Metric::CirculationReportedGap
            | Metric::TotalSupplyExcess
            | Metric::CirculatingRatio
            | Metric::UnlockRatio
    )
}

/// The standard with only its supply rules, or `None` when it has none.
pub fn supply_rules(standard: &LoadedStandard) -> Option<LoadedStandard> {
    let mut supply = standard.clone();
    supply
        .standard
        .rules
        .retain(|rule| is_supply_metric(rule.metric));
    (!supply.standard.rules.is_empty()).then_some(supply)
}

/// What a watch polls: a snapshot and, per asset with a descriptor with chain contracts, the
/// queries of its contracts.
#[derive(Clone, Debug)]
pub struct Watched {
    pub snapshot: SnapshotFile,
    pub standard: LoadedStandard,
    /// (position of the asset in the snapshot, query), in asset order.
    pub queries: Vec<(usize, TokenQuery)>,
}

impl Watched {
    /// The assets of `snapshot` with chain contracts in their descriptor, and their queries.
    pub fn new(snapshot: SnapshotFile, standard: LoadedStandard) -> Self {
        let queries = snapshot
            .snapshot
            .assets
            .iter()
            .enumerate()
            .filter_map(|(at, asset)| Some((at, &asset.disclosure.as_ref()?.descriptor)))
            .flat_map(|(at, descriptor)| TokenQuery::of(descriptor).map(move |query| (at, query)))
            .collect();
        Watched {
            snapshot,
            standard,
            queries,
        }
    }

    /// The ids of the watched assets, each once.
    pub fn assets(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .queries
            .iter()
            .map(|(at, _)| self.snapshot.snapshot.assets[*at].id.as_str())
            .collect();
        ids.dedup();
        ids
    }

    /// The excluded balances in the snapshot, per watched asset: what the first poll's wallet
    /// moves are measured from.
    pub fn baseline(&self) -> BTreeMap<String, Vec<BalanceFigure>> {
        self.watched_records()
            .map(|asset| (asset.id.clone(), figures(asset).balances))
            .collect()
    }

    /// Who held the watched assets' powers when the snapshot was taken: what the first re-read
    /// of `--powers-every` is compared with.
    pub fn known_holders(&self) -> super::powers::KnownHolders {
        super::powers::KnownHolders::from_snapshot(self.watched_records())
    }

    fn watched_records(&self) -> impl Iterator<Item = &AssetRecord> {
        let assets = &self.snapshot.snapshot.assets;
        let mut positions: Vec<usize> = self.queries.iter().map(|(at, _)| *at).collect();
        positions.dedup();
        positions.into_iter().map(move |at| &assets[at])
    }

    /// Reads every query through `http` (which must not answer from the cache), then evaluates
    /// the supply rules on the snapshot with the fresh figures, as of `at`.
    pub async fn poll(&self, http: &Http, at: Timestamp) -> PollOutcome {
        let readings = read(http, &self.queries).await;
        let mut fresh = self.snapshot.clone();
        let first_req = u32::try_from(fresh.snapshot.requests.len()).expect("few requests");
        let mut sources: BTreeMap<String, SourceOutcome> = BTreeMap::new();
        for (position, _) in &self.queries {
            let asset = &mut fresh.snapshot.assets[*position];
            asset.chain_supplies.clear();
            asset.wallet_balances.clear();
        }
        for ((position, query), reading) in self.queries.iter().zip(readings) {
            let asset = &mut fresh.snapshot.assets[*position];
            let outcome = sources.entry(query.contract.chain.clone()).or_default();
            let errors = apply(asset, reading, first_req);
            if let Some(error) = errors.into_iter().next() {
                outcome.blinded.insert(asset.id.clone());
                outcome.error.get_or_insert(error);
            }
        }
        fresh
            .snapshot
            .requests
            .extend(http.requests().into_iter().map(std::sync::Arc::new));
        fresh.snapshot.taken_at = at;
        let as_of = fresh.snapshot.as_of(None);
        let report = crate::eval::evaluate(&self.standard, &fresh, &Waivers::default(), as_of);
        let watched: BTreeMap<&str, Figures> = self
            .queries
            .iter()
            .map(|(position, _)| &fresh.snapshot.assets[*position])
            .map(|asset| (asset.id.as_str(), figures(asset)))
            .collect();
        let results = report
            .results
            .into_iter()
            .filter(|result| watched.contains_key(result.asset.as_ref()))
            .map(|result| RuleStatus {
                asset: result.asset.to_string(),
                symbol: result.symbol.to_string(),
                rule: result.rule.to_string(),
                status: result.status,
                unit: result.unit,
                value: result.value,
            })
            .collect();
        PollOutcome {
            results,
            figures: watched
                .into_iter()
                .map(|(id, figures)| (id.to_owned(), figures))
                .collect(),
            sources,
        }
    }
}

/// Reads the queries, EVM and Solana at once, one reading per query in their order.
async fn read(http: &Http, queries: &[(usize, TokenQuery)]) -> Vec<TokenReading> {
    let is_solana = |query: &TokenQuery| match http
        .settings(&query.contract.chain)
        .map(|settings| settings.kind)
    {
        Some(kind) => kind == SourceKind::Solana,
        None => !query.contract.contract.starts_with("0x"),
    };
    let (solana_at, evm_at): (Vec<usize>, Vec<usize>) =
        (0..queries.len()).partition(|at| is_solana(&queries[*at].1));
    let pick =
        |at: &[usize]| -> Vec<TokenQuery> { at.iter().map(|at| queries[*at].1.clone()).collect() };
    let (evm_queries, solana_queries) = (pick(&evm_at), pick(&solana_at));
    let (evm_readings, solana_readings) = tokio::join!(
        evm::read_tokens(http, &evm_queries, Shares::none()),
        solana::read_tokens(http, &solana_queries, Shares::none())
    );
    let mut readings: Vec<(usize, TokenReading)> = evm_at
        .into_iter()
        .zip(evm_readings)
        .chain(solana_at.into_iter().zip(solana_readings))
        .collect();
    readings.sort_by_key(|(at, _)| *at);
    readings.into_iter().map(|(_, reading)| reading).collect()
}

/// Puts a reading's supply and balances into the asset, their `req` moved past the snapshot's
/// own requests; returns the reading's errors.
fn apply(asset: &mut AssetRecord, reading: TokenReading, first_req: u32) -> Vec<String> {
    let mut errors = Vec::new();
    match reading.supply {
        Ok(mut supply) => {
            supply.req += first_req;
            asset.chain_supplies.push(supply);
        }
        Err(error) => errors.push(error.to_string()),
    }
    for balance in reading.balances {
        match balance {
            Ok(mut balance) => {
                balance.req += first_req;
                asset.wallet_balances.push(balance);
            }
            Err(error) => errors.push(error.to_string()),
        }
    }
    errors
}

/// An asset's on-chain figures.
fn figures(asset: &AssetRecord) -> Figures {
    Figures {
        supplies: asset
            .chain_supplies
            .iter()
            .map(|supply| SupplyFigure {
                chain: supply.chain.clone(),
                contract: supply.contract.clone(),
                total_supply: supply.total_supply,
            })
            .collect(),
        balances: asset
            .wallet_balances
            .iter()
            .map(|wallet| BalanceFigure {
                chain: wallet.chain.clone(),
                address: wallet.address.clone(),
                label: wallet.label.clone(),
                balance: wallet.balance,
            })
            .collect(),
    }
}
