//! Asset descriptors (`assets/<id>.toml`): what an issuer disclosed about one asset.
//!
//! A descriptor names the asset and its contracts, lists the wallets whose tokens do not
//! circulate, and carries the disclosed plan: the maximum supply and a cumulative circulation
//! schedule. `fetch` copies each descriptor into the snapshot, so a verdict can always be
//! reproduced from the snapshot alone.
//!
//! Schedule semantics: issuers disclose "circulating supply **by** the end of each period", so an
//! entry's amount is the target for the period that ends on its date. Between two entries the
//! later one applies; after the last, the last amount applies; an entry marked `linear`
//! interpolates from the entry before it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
pub use crate::inputs::powers::{DeclaredHolder, DeclaredPowers, HolderKind, Power};
use crate::inputs::toml_read::{self, Table};
use crate::kst::days_between;

/// The descriptor format this version reads.
pub const ASSET_SCHEMA: i64 = 1;

/// One asset descriptor, as written in `assets/<id>.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssetDescriptor {
    pub asset: Identity,
    #[serde(rename = "chain", default, skip_serializing_if = "Vec::is_empty")]
    pub chains: Vec<ChainContract>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<ExcludedWallet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Who holds the powers over the token, as the issuer discloses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powers: Option<DeclaredPowers>,
}

/// Who the asset is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Identity {
    /// Lowercase id used in reports, waivers and `applies_to.assets`, e.g. `wemix`.
    pub id: String,
    /// Ticker symbol as the exchanges list it, e.g. `WEMIX`.
    pub symbol: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub korean_name: Option<String>,
    /// CoinGecko coin id, e.g. `wemix-token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coingecko: Option<String>,
    /// CoinMarketCap numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coinmarketcap: Option<u32>,
    /// The issuer's own endpoint answering its circulating supply as a plain number, as
    /// aggregators require of issuers, e.g. `https://example.org/api/circulating-supply`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply_url: Option<String>,
}

/// A contract (or Solana mint) that issues the asset on one chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChainContract {
    /// A chain name with a `[sources.<chain>]` entry in `listingcheck.toml`.
    pub chain: String,
    /// Token contract (EVM, `0x…`) or mint (Solana, base58).
    pub contract: String,
    /// Decimals as disclosed; fetched from the chain when absent, and checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Whether this chain's supply counts: natively issued supply counts, a lock-and-mint copy
    /// on another chain does not (the source chain already counts it).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub native: bool,
}

/// A wallet whose balance the disclosure marks as not circulating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExcludedWallet {
    pub chain: String,
    /// The holder's address (EVM), or the token account (Solana: a wallet holds its tokens in a
    /// token account of the mint, not in the wallet itself).
    pub address: String,
    pub label: String,
    /// From this Korean calendar date on, the wallet's tokens count as circulating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::kst::CalendarDate>")]
    pub until: Option<Date>,
    /// The principal the wallet has staked: what its balance holds above it is staking rewards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staked: Option<Amount>,
    /// Whether the wallet's staking rewards (its balance above `staked`) count as circulating.
    /// By default they do not: the FSC/FSS definition (June 2024) keeps staked foundation tokens
    /// non-circulating, and the rewards stay in the excluded wallet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub staking_rewards_circulate: bool,
}

/// The disclosed issuance and circulation plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_supply: Option<Amount>,
    /// Where the plan was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::kst::CalendarDate>")]
    pub disclosed: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduleEntry>,
    /// Changes made to the circulation plan after it was first disclosed, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<PlanRevision>,
}

/// One change of the circulation plan: the 2024 best practices treat an arbitrary change of the
/// plan as a red flag (SOMESING changed its plan three times in one year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanRevision {
    /// The Korean date the change was made (or, where that is not published, first reported).
    #[schemars(with = "crate::kst::CalendarDate")]
    pub date: Date,
    pub reason: String,
    /// Where the change is recorded.
    pub source: String,
}

/// Cumulative circulating supply planned by the end of the period ending on `date`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScheduleEntry {
    #[schemars(with = "crate::kst::CalendarDate")]
    pub date: Date,
    pub circulating: Amount,
    /// Interpolate linearly from the previous entry instead of stepping.
    #[serde(default, skip_serializing_if = "is_false")]
    pub linear: bool,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_true(flag: &bool) -> bool {
    *flag
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(flag: &bool) -> bool {
    !*flag
}

fn yes() -> bool {
    true
}

/// The planned circulating supply at one date, with the schedule entries that produced it.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub amount: Amount,
    /// The entry whose period contains the date (the last entry, past the end of the plan).
    pub target: ScheduleEntry,
    /// For a linear section, the entry it starts from.
    pub from: Option<ScheduleEntry>,
}

impl Plan {
    pub fn has_schedule(&self) -> bool {
        !self.schedule.is_empty()
    }

    /// The planned cumulative circulating supply on `date`, or `None` without a schedule.
    pub fn planned_at(&self, date: Date) -> Option<Planned> {
        let index = self
            .schedule
            .iter()
            .position(|entry| entry.date >= date)
            .unwrap_or(self.schedule.len().checked_sub(1)?);
        let target = self.schedule[index].clone();
        let start = index.checked_sub(1).map(|i| &self.schedule[i]);
        match start {
            Some(start) if target.linear && date < target.date => {
                let elapsed = u64::try_from(days_between(start.date, date).max(0)).unwrap_or(0);
                let length = u64::try_from(days_between(start.date, target.date))
                    .unwrap_or(1)
                    .max(1);
                // Loading guarantees a linear section never falls, so the increase is defined.
                let increase = target
                    .circulating
                    .checked_sub(start.circulating)?
                    .mul_div(elapsed, length)?;
                Some(Planned {
                    amount: start.circulating.checked_add(increase)?,
                    target,
                    from: Some(start.clone()),
                })
            }
            _ => Some(Planned {
                amount: target.circulating,
                target,
                from: None,
            }),
        }
    }
}

/// What can be wrong with the order of a plan schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// An entry's date is not after the previous entry's.
    DateNotAfter,
    /// The schedule is cumulative, but an entry's amount is below the previous one.
    AmountFalls,
    /// The first entry is linear, with nothing to interpolate from.
    FirstIsLinear,
}

impl ScheduleProblem {
    pub fn describe(self, previous: Option<&ScheduleEntry>, entry: &ScheduleEntry) -> String {
        match (self, previous) {
            (ScheduleProblem::DateNotAfter, Some(previous)) => format!("schedule dates must increase: {} is not after {}", entry.date, previous.date),
            (ScheduleProblem::AmountFalls, Some(previous)) => format!("the schedule is cumulative, but {} is below the previous entry's {}", entry.circulating.grouped(), previous.circulating.grouped()),
            _ => "the first schedule entry cannot be linear: a linear section interpolates from the entry before it".to_owned(),
        }
    }
}

/// The problems of `entry` following `previous` in a schedule. Descriptors are checked with it
/// when read from TOML and again when read back from a snapshot.
pub fn schedule_problems(
    previous: Option<&ScheduleEntry>,
    entry: &ScheduleEntry,
) -> Vec<ScheduleProblem> {
    let Some(previous) = previous else {
        return if entry.linear {
            vec![ScheduleProblem::FirstIsLinear]
        } else {
            Vec::new()
        };
    };
    let mut problems = Vec::new();
    if entry.date <= previous.date {
        problems.push(ScheduleProblem::DateNotAfter);
    }
    if entry.circulating < previous.circulating {
        problems.push(ScheduleProblem::AmountFalls);
    }
    problems
}

impl Plan {
    /// The first problem of the schedule, described, or `None` when it is in order.
    pub fn schedule_problem(&self) -> Option<String> {
        self.schedule.iter().enumerate().find_map(|(index, entry)| {
            let previous = index.checked_sub(1).map(|i| &self.schedule[i]);
            schedule_problems(previous, entry).first().map(|problem| {
                format!(
                    "entry {} ({}): {}",
                    index + 1,
                    entry.date,
                    problem.describe(previous, entry)
                )
            })
        })
    }
}

/// A descriptor read from a file, with where it came from.
#[derive(Clone, Debug)]
pub struct LoadedAsset {
    pub path: PathBuf,
    pub sha256: String,
    pub descriptor: AssetDescriptor,
}

/// Reads and validates one descriptor, reporting every problem in it.
pub fn load(path: &Path) -> Result<LoadedAsset, Invalid> {
    let checked =
        crate::inputs::files::read_checked(path, crate::inputs::kind::InputKind::Asset, parse)?;
    Ok(LoadedAsset {
        path: path.to_owned(),
        sha256: crate::inputs::files::sha256_hex(checked.source.as_bytes()),
        descriptor: checked.value,
    })
}

/// Reads every `*.toml` in a directory, collecting all invalid files rather than stopping at one.
pub fn load_dir(dir: &Path) -> Result<Vec<LoadedAsset>, Vec<Invalid>> {
    let mut loaded = Vec::new();
    let mut invalid = Vec::new();
    for path in crate::inputs::files::toml_files_in(dir).map_err(|error| vec![error])? {
        match load(&path) {
            Ok(asset) => loaded.push(asset),
            Err(error) => invalid.push(error),
        }
    }
    let mut first_of: HashMap<&str, &Path> = HashMap::new();
    for asset in &loaded {
        let id = asset.descriptor.asset.id.as_str();
        if let Some(first) = first_of.get(id) {
            let source = std::fs::read_to_string(&asset.path).unwrap_or_default();
            let mut diagnostics = FileDiagnostics::new(&asset.path, &source);
            diagnostics
                .error(
                    Code::Duplicate,
                    id_span(&source),
                    format!("asset id `{id}` is already used by {}", first.display()),
                )
                .help =
                Some("each asset has one descriptor; merge the two or give one another id".into());
            invalid.push(Invalid(diagnostics));
        } else {
            first_of.insert(id, &asset.path);
        }
    }
    if invalid.is_empty() {
        Ok(loaded)
    } else {
        Err(invalid)
    }
}

/// The span of `[asset] id` in descriptor text that has already parsed.
fn id_span(source: &str) -> Range<usize> {
    let root = toml::de::DeTable::parse(source).ok();
    let id = root.as_ref().and_then(|root| {
        root.get_ref()
            .get("asset")?
            .get_ref()
            .get("id")
            .map(toml::Spanned::span)
    });
    id.unwrap_or(0..0)
}

/// Parses descriptor text; diagnostics go to `diagnostics`.
pub fn parse(source: &str, diagnostics: &mut FileDiagnostics) -> Option<AssetDescriptor> {
    let root = toml_read::parse(source, diagnostics)?;
    let mut file = Table::new(&root, "the asset descriptor");
    let schema_ok =
        toml_read::check_schema(&mut file, ASSET_SCHEMA, "asset descriptor", diagnostics);
    let asset = file
        .get("asset")
        .and_then(|value| Table::of(value, "[asset]", diagnostics))
        .map(|table| read_identity(table, diagnostics));
    if asset.is_none() && !root.get_ref().contains_key("asset") {
        diagnostics
            .error(
                Code::MissingKey,
                0..0,
                "the asset descriptor has no [asset] table",
            )
            .help = Some("add [asset] with id, symbol and name".into());
    }
    let chains: Vec<Option<(ChainContract, Range<usize>)>> = file
        .array_of_tables("chain", diagnostics)
        .into_iter()
        .map(|(i, value)| read_chain(value, i, diagnostics))
        .collect();
    let excluded: Vec<Option<(ExcludedWallet, Range<usize>)>> = file
        .array_of_tables("excluded", diagnostics)
        .into_iter()
        .map(|(i, value)| read_excluded(value, i, diagnostics))
        .collect();
    let plan = file
        .get("plan")
        .and_then(|value| Table::of(value, "[plan]", diagnostics))
        .map(|table| read_plan(table, diagnostics));
    let powers = file
        .get("powers")
        .and_then(|value| Table::of(value, "[powers]", diagnostics))
        .and_then(|table| crate::inputs::powers::read(table, check_address, diagnostics));
    file.finish(diagnostics);

    let chains = check_chains(chains.into_iter().flatten().collect(), diagnostics);
    let excluded = check_excluded(
        excluded.into_iter().flatten().collect(),
        &chains,
        diagnostics,
    );
    let plan = plan.flatten();
    let powers = powers.map(|(powers, spans)| {
        for (holder, span) in powers.holders.iter().zip(spans) {
            if !chains.iter().any(|chain| chain.chain == holder.chain) {
                diagnostics
                    .error(
                        Code::UnknownChain,
                        span,
                        format!(
                            "the {} power is declared on chain `{}`, which no [[chain]] declares",
                            holder.power, holder.chain
                        ),
                    )
                    .help = Some("declare the chain's contract in a [[chain]] table".into());
            }
        }
        powers
    });
    let asset = asset.flatten()?;
    schema_ok.then_some(AssetDescriptor {
        asset,
        chains,
        excluded,
        plan,
        powers,
    })
}

fn read_identity(mut table: Table<'_, '_>, diagnostics: &mut FileDiagnostics) -> Option<Identity> {
    let id = table.required::<String>("id", diagnostics);
    if let Some(id) = &id {
        let valid = !id.get_ref().is_empty()
            && id
                .get_ref()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid {
            diagnostics.error(
                Code::InvalidValue,
                id.span(),
                format!(
                    "asset id `{}` must be lowercase letters, digits, `-` or `_`",
                    id.get_ref()
                ),
            );
        }
    }
    let symbol = table.required::<String>("symbol", diagnostics);
    if let Some(symbol) = &symbol
        && (symbol.get_ref().is_empty() || symbol.get_ref().chars().any(char::is_whitespace))
    {
        diagnostics.error(
            Code::InvalidValue,
            symbol.span(),
            "a symbol is one word, as the exchanges list it (e.g. WEMIX)",
        );
    }
    let name = table.required::<String>("name", diagnostics);
    let korean_name = table.optional::<String>("korean_name", diagnostics);
    let coingecko = table.optional::<String>("coingecko", diagnostics);
    let coinmarketcap = table.optional::<u32>("coinmarketcap", diagnostics);
    let supply_url = table.optional::<String>("supply_url", diagnostics);
    let web = |url: &&toml::Spanned<String>| {
        ["https://", "http://"]
            .iter()
            .any(|s| url.get_ref().starts_with(s))
    };
    if let Some(url) = supply_url.as_ref().filter(|url| !web(url)) {
        let why = "`supply_url` is the address of the issuer's endpoint, starting with https://";
        diagnostics.error(Code::InvalidValue, url.span(), why);
    }
    table.finish(diagnostics);
    Some(Identity {
        id: id?.into_inner(),
        symbol: symbol?.into_inner(),
        name: name?.into_inner(),
        korean_name: korean_name.map(toml::Spanned::into_inner),
        coingecko: coingecko.map(toml::Spanned::into_inner),
        coinmarketcap: coinmarketcap.map(toml::Spanned::into_inner),
        supply_url: supply_url.map(toml::Spanned::into_inner),
    })
}

fn read_chain(
    value: &toml_read::Value<'_>,
    index: usize,
    diagnostics: &mut FileDiagnostics,
) -> Option<(ChainContract, Range<usize>)> {
    let mut table = Table::of(value, format!("[[chain]] #{}", index + 1), diagnostics)?;
    let chain = table.required::<String>("chain", diagnostics);
    let contract = table.required::<String>("contract", diagnostics);
    if let Some(contract) = &contract {
        check_address(contract, diagnostics);
    }
    let decimals = table.optional::<u8>("decimals", diagnostics);
    let native = table.optional::<bool>("native", diagnostics);
    table.finish(diagnostics);
    let chain = chain?;
    let span = chain.span();
    let contract = ChainContract {
        chain: chain.into_inner(),
        contract: contract?.into_inner(),
        decimals: decimals.map(toml::Spanned::into_inner),
        native: native.is_none_or(toml::Spanned::into_inner),
    };
    Some((contract, span))
}

fn read_excluded(
    value: &toml_read::Value<'_>,
    index: usize,
    diagnostics: &mut FileDiagnostics,
) -> Option<(ExcludedWallet, Range<usize>)> {
    let mut table = Table::of(value, format!("[[excluded]] #{}", index + 1), diagnostics)?;
    let chain = table.required::<String>("chain", diagnostics);
    let address = table.required::<String>("address", diagnostics);
    if let Some(address) = &address {
        check_address(address, diagnostics);
    }
    let label = table.required::<String>("label", diagnostics);
    let until = table.optional::<Date>("until", diagnostics);
    let staked = table.optional::<Amount>("staked", diagnostics);
    let rewards_circulate = table.optional::<bool>("staking_rewards_circulate", diagnostics);
    if let Some(flag) = rewards_circulate.as_ref().filter(|flag| *flag.get_ref())
        && staked.is_none()
    {
        diagnostics
            .error(
                Code::MissingKey,
                flag.span(),
                "staking rewards that circulate need the principal they are counted above",
            )
            .help = Some(
            "add `staked = …`, the amount the wallet has staked: its balance above it is the rewards"
                .into(),
        );
    }
    table.finish(diagnostics);
    let chain = chain?;
    let span = chain.span();
    Some((
        ExcludedWallet {
            chain: chain.into_inner(),
            address: address?.into_inner(),
            label: label?.into_inner(),
            until: until.map(toml::Spanned::into_inner),
            staked: staked.map(toml::Spanned::into_inner),
            staking_rewards_circulate: rewards_circulate.is_some_and(toml::Spanned::into_inner),
        },
        span,
    ))
}

fn read_plan(mut table: Table<'_, '_>, diagnostics: &mut FileDiagnostics) -> Option<Plan> {
    let max_supply = table.optional::<Amount>("max_supply", diagnostics);
    let source = table.optional::<String>("source", diagnostics);
    let disclosed = table.optional::<Date>("disclosed", diagnostics);
    let entries = table.array_of_tables("schedule", diagnostics);
    let revision_tables = table.array_of_tables("revisions", diagnostics);
    table.finish(diagnostics);
    let revisions: Vec<Option<PlanRevision>> = revision_tables
        .into_iter()
        .map(|(index, value)| read_revision(value, index, diagnostics))
        .collect();
    let mut schedule: Vec<ScheduleEntry> = Vec::new();
    let mut complete = true;
    for (index, value) in entries {
        let Some(mut entry) = Table::of(
            value,
            format!("[[plan.schedule]] #{}", index + 1),
            diagnostics,
        ) else {
            complete = false;
            continue;
        };
        let date = entry.required::<Date>("date", diagnostics);
        let circulating = entry.required::<Amount>("circulating", diagnostics);
        let linear = entry.optional::<bool>("linear", diagnostics);
        entry.finish(diagnostics);
        let (Some(date), Some(circulating)) = (date, circulating) else {
            complete = false;
            continue;
        };
        let linear_flag = linear.as_ref().is_some_and(|flag| *flag.get_ref());
        let entry = ScheduleEntry {
            date: *date.get_ref(),
            circulating: *circulating.get_ref(),
            linear: linear_flag,
        };
        for problem in schedule_problems(schedule.last(), &entry) {
            let span = match problem {
                ScheduleProblem::DateNotAfter => date.span(),
                ScheduleProblem::AmountFalls => circulating.span(),
                ScheduleProblem::FirstIsLinear => {
                    linear.as_ref().map_or(date.span(), toml::Spanned::span)
                }
            };
            diagnostics.error(
                Code::ScheduleOutOfOrder,
                span,
                problem.describe(schedule.last(), &entry),
            );
        }
        if let Some(max) = &max_supply
            && circulating.get_ref() > max.get_ref()
        {
            diagnostics.error(
                Code::ScheduleAboveMaxSupply,
                circulating.span(),
                format!(
                    "planned circulation {} exceeds the plan's max_supply {}",
                    circulating.get_ref().grouped(),
                    max.get_ref().grouped()
                ),
            );
        }
        schedule.push(entry);
    }
    complete &= revisions.iter().all(Option::is_some);
    complete.then_some(Plan {
        max_supply: max_supply.map(toml::Spanned::into_inner),
        source: source.map(toml::Spanned::into_inner),
        disclosed: disclosed.map(toml::Spanned::into_inner),
        schedule,
        revisions: revisions.into_iter().flatten().collect(),
    })
}

fn read_revision(
    value: &toml_read::Value<'_>,
    index: usize,
    diagnostics: &mut FileDiagnostics,
) -> Option<PlanRevision> {
    let mut table = Table::of(
        value,
        format!("[[plan.revisions]] #{}", index + 1),
        diagnostics,
    )?;
    let date = table.required::<Date>("date", diagnostics);
    let reason = table.required::<String>("reason", diagnostics);
    let source = table.required::<String>("source", diagnostics);
    table.finish(diagnostics);
    Some(PlanRevision {
        date: date?.into_inner(),
        reason: reason?.into_inner(),
        source: source?.into_inner(),
    })
}

/// An EVM address is `0x` and 40 hex digits; anything else must be a Solana key.
fn check_address(address: &toml::Spanned<String>, diagnostics: &mut FileDiagnostics) {
    let text = address.get_ref();
    let valid = if text.starts_with("0x") {
        crate::address::is_evm(text)
    } else {
        crate::address::is_solana(text)
    };
    if !valid {
        diagnostics.error(Code::InvalidValue, address.span(), format!("`{text}` is not an address")).help = Some("an EVM address is 0x and 40 hex digits; a Solana address is 32 bytes in base58 (32 to 44 characters)".into());
    }
}

fn check_chains(
    chains: Vec<(ChainContract, Range<usize>)>,
    diagnostics: &mut FileDiagnostics,
) -> Vec<ChainContract> {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(chains.len());
    for (chain, span) in chains {
        if !seen.insert(chain.chain.clone()) {
            diagnostics.error(
                Code::Duplicate,
                span,
                format!(
                    "chain `{}` is declared twice; a descriptor has one contract per chain",
                    chain.chain
                ),
            );
        }
        kept.push(chain);
    }
    kept
}

fn check_excluded(
    wallets: Vec<(ExcludedWallet, Range<usize>)>,
    chains: &[ChainContract],
    diagnostics: &mut FileDiagnostics,
) -> Vec<ExcludedWallet> {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(wallets.len());
    for (wallet, span) in wallets {
        if !chains.iter().any(|chain| chain.chain == wallet.chain) {
            diagnostics
                .error(
                    Code::UnknownChain,
                    span.clone(),
                    format!(
                        "excluded wallet `{}` is on chain `{}`, which no [[chain]] declares",
                        wallet.label, wallet.chain
                    ),
                )
                .help = Some("declare the chain's contract in a [[chain]] table".into());
        }
        if !seen.insert((wallet.chain.clone(), wallet.address.to_ascii_lowercase())) {
            diagnostics.error(
                Code::Duplicate,
                span,
                format!(
                    "wallet {} on {} is excluded twice; its balance would be subtracted twice",
                    wallet.address, wallet.chain
                ),
            );
        }
        kept.push(wallet);
    }
    kept
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn plan(entries: &[(Date, u64, bool)]) -> Plan {
        Plan {
            max_supply: None,
            source: None,
            disclosed: None,
            schedule: entries
                .iter()
                .map(|(d, amount, linear)| ScheduleEntry {
                    date: *d,
                    circulating: Amount::from_whole(*amount),
                    linear: *linear,
                })
                .collect(),
            revisions: vec![],
        }
    }

    #[test]
    fn between_two_entries_the_later_target_applies() {
        let plan = plan(&[
            (date(2022, 7, 31), 200, false),
            (date(2022, 10, 31), 245_966_797, false),
        ]);
        assert_eq!(
            plan.planned_at(date(2022, 10, 25)).unwrap().amount,
            Amount::from_whole(245_966_797)
        );
    }

    #[test]
    fn before_the_first_entry_its_target_applies() {
        let plan = plan(&[(date(2022, 10, 31), 100, false)]);
        assert_eq!(
            plan.planned_at(date(2020, 1, 1)).unwrap().amount,
            Amount::from_whole(100)
        );
    }

    #[test]
    fn after_the_last_entry_the_last_amount_applies() {
        let plan = plan(&[
            (date(2022, 10, 31), 100, false),
            (date(2023, 10, 31), 150, false),
        ]);
        assert_eq!(
            plan.planned_at(date(2030, 1, 1)).unwrap().amount,
            Amount::from_whole(150)
        );
    }

    #[test]
    fn a_linear_section_interpolates_from_the_entry_before() {
        let plan = plan(&[
            (date(2023, 1, 1), 100, false),
            (date(2023, 1, 11), 200, true),
        ]);
        let planned = plan.planned_at(date(2023, 1, 4)).unwrap();
        assert_eq!(planned.amount, Amount::from_whole(130));
        assert_eq!(planned.from.unwrap().date, date(2023, 1, 1));
        assert_eq!(
            plan.planned_at(date(2023, 1, 11)).unwrap().amount,
            Amount::from_whole(200)
        );
    }

    #[test]
    fn an_empty_schedule_plans_nothing() {
        assert_eq!(plan(&[]).planned_at(date(2023, 1, 1)), None);
    }

    #[test]
    fn a_solana_address_that_is_not_32_bytes_is_an_invalid_value_at_its_span() {
        // 44 base58 characters, which make 33 bytes: no Solana key.
        let bad = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";
        let source = format!(
            "schema = 1\n[asset]\nid = \"t\"\nsymbol = \"T\"\nname = \"T\"\n\
             [[chain]]\nchain = \"solana\"\ncontract = \"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v\"\n\
             [[excluded]]\nchain = \"solana\"\naddress = \"{bad}\"\nlabel = \"team\"\n"
        );
        let mut diagnostics = FileDiagnostics::new(Path::new("t.toml"), &source);

        crate::inputs::asset::parse(&source, &mut diagnostics);

        let found = diagnostics.diagnostics();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::InvalidValue);
        assert_eq!(found[0].message, format!("`{bad}` is not an address"));
        assert_eq!(&source[found[0].span.clone()], format!("\"{bad}\""));
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("32 bytes in base58"),
            "{:?}",
            found[0].help
        );
    }
}
