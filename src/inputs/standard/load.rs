//! Reading and validating standards files.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml::Spanned;
use toml::de::DeValue;

use super::{
    AppliesTo, Bound, LoadedStandard, OrderBreak, Rule, Severity, Standard, StandardMeta, Status,
    Thresholds, WhenMissing,
};
use crate::amount::Amount;
use crate::exchange::Exchange;
use crate::inputs::diag::{Code, FileDiagnostics, Invalid};
use crate::inputs::toml_read::{self, FromToml, Table, Value};
use crate::metric::{Limit, Metric, Unit};

/// The standards format this version reads.
pub const STANDARD_SCHEMA: i64 = 1;

/// Reads and validates one standards file, reporting every problem in it.
pub fn load(path: &Path) -> Result<LoadedStandard, Invalid> {
    load_text(path, crate::inputs::files::read_input(path)?)
}

/// Validates the text of a standards file that `path` names, such as a built-in one.
pub fn load_text(path: &Path, text: String) -> Result<LoadedStandard, Invalid> {
    let checked = crate::inputs::files::check_text(
        path,
        text,
        crate::inputs::kind::InputKind::Standard,
        parse,
    )?;
    Ok(LoadedStandard {
        path: path.to_owned(),
        sha256: crate::inputs::files::sha256_hex(checked.source.as_bytes()),
        standard: checked.value,
        warnings: checked.warnings,
    })
}

/// Every `.toml` under a standards directory: those directly in `dir`, then those of each family
/// folder (`<family>/<version>.toml`), in name order.
pub fn standard_files(dir: &Path) -> Result<Vec<PathBuf>, Invalid> {
    let entries = crate::inputs::files::entries_of(dir)?;
    let mut paths: Vec<PathBuf> = entries
        .iter()
        .filter(|path| crate::inputs::files::is_toml_file(path))
        .cloned()
        .collect();
    for family in entries.iter().filter(|path| path.is_dir()) {
        paths.extend(crate::inputs::files::toml_files_in(family)?);
    }
    Ok(paths)
}

/// Every standards file under `dir` (see [`standard_files`]), collecting every invalid file
/// rather than stopping at the first.
pub fn load_all(dir: &Path) -> Result<Vec<LoadedStandard>, Vec<Invalid>> {
    let paths = standard_files(dir).map_err(|error| vec![error])?;
    let (mut loaded, mut invalid) = (Vec::new(), Vec::new());
    for path in paths {
        match load(&path) {
            Ok(standard) => loaded.push(standard),
            Err(error) => invalid.push(error),
        }
    }
    if invalid.is_empty() {
        Ok(loaded)
    } else {
        Err(invalid)
    }
}

/// Parses standards text; every problem goes to `diagnostics`.
pub fn parse(source: &str, diagnostics: &mut FileDiagnostics) -> Option<Standard> {
    let root = toml_read::parse(source, diagnostics)?;
    let mut file = Table::new(&root, "the standards file");
    let schema_ok = toml_read::check_schema(&mut file, STANDARD_SCHEMA, "standards", diagnostics);
    let meta = match file.get("standard") {
        Some(value) => Table::of(value, "[standard]", diagnostics)
            .and_then(|table| read_meta(table, diagnostics)),
        None => {
            diagnostics
                .error(
                    Code::MissingKey,
                    0..0,
                    "the standards file has no [standard] table",
                )
                .help = Some("add [standard] with id, version, title, status and published".into());
            None
        }
    };
    let rule_values = file.array_of_tables("rule", diagnostics);
    if rule_values.is_empty() && root.get_ref().get("rule").is_none() {
        diagnostics
            .error(Code::MissingKey, 0..0, "the standard has no [[rule]]")
            .help = Some("a standard tests at least one metric; add a [[rule]] table".into());
    }
    let rules: Vec<(Option<Spanned<String>>, Option<Rule>)> = rule_values
        .into_iter()
        .map(|(index, value)| read_rule(value, index, diagnostics))
        .collect();
    file.finish(diagnostics);

    let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut complete = true;
    let mut kept = Vec::new();
    // Ids are checked even for rules with other problems, so that a duplicate is never hidden.
    for (id, rule) in rules {
        if let Some(id) = id {
            if let Some(first) = first_seen.get(id.get_ref()) {
                let (line, _) = diagnostics.line_col(first.start);
                diagnostics
                    .error(
                        Code::DuplicateRuleId,
                        id.span(),
                        format!("rule id `{}` is already used on line {line}", id.get_ref()),
                    )
                    .help =
                    Some("rule ids pair rules across versions, so each must be unique".into());
            } else {
                first_seen.insert(id.get_ref().clone(), id.span());
            }
        }
        match rule {
            Some(rule) => kept.push(rule),
            None => complete = false,
        }
    }
    let meta = meta?;
    (schema_ok && complete).then_some(Standard { meta, rules: kept })
}

fn read_meta(mut table: Table<'_, '_>, diagnostics: &mut FileDiagnostics) -> Option<StandardMeta> {
    let id = table.required::<String>("id", diagnostics);
    if let Some(id) = &id
        && !is_kebab(id.get_ref())
    {
        diagnostics.error(
            Code::InvalidValue,
            id.span(),
            format!(
                "standard id `{}` must be lowercase words joined by `-`, e.g. fss-listing",
                id.get_ref()
            ),
        );
    }
    let version = table.required::<String>("version", diagnostics);
    let title = table.required::<String>("title", diagnostics);
    let title_ko = table.optional::<String>("title_ko", diagnostics);
    let status = table.required::<Status>("status", diagnostics);
    let published = table.required::<Date>("published", diagnostics);
    let effective = table.optional::<Date>("effective", diagnostics);
    let supersedes = table.optional::<String>("supersedes", diagnostics);
    let source = table.optional::<String>("source", diagnostics);
    table.finish(diagnostics);
    Some(StandardMeta {
        id: id?.into_inner(),
        version: version?.into_inner(),
        title: title?.into_inner(),
        title_ko: title_ko.map(Spanned::into_inner),
        status: status?.into_inner(),
        published: published?.into_inner(),
        effective: effective.map(Spanned::into_inner),
        supersedes: supersedes.map(Spanned::into_inner),
        source: source.map(Spanned::into_inner),
    })
}

fn is_kebab(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn read_rule(
    value: &Value<'_>,
    index: usize,
    diagnostics: &mut FileDiagnostics,
) -> (Option<Spanned<String>>, Option<Rule>) {
    let Some(mut table) = Table::of(value, format!("[[rule]] #{}", index + 1), diagnostics) else {
        return (None, None);
    };
    let id = table.required::<String>("id", diagnostics);
    if let Some(id) = &id {
        table.set_what(format!("rule `{}`", id.get_ref()));
    }
    let title = table.required::<String>("title", diagnostics);
    let title_ko = table.optional::<String>("title_ko", diagnostics);
    let metric = table.required::<Metric>("metric", diagnostics);
    let unit = metric.as_ref().map(|metric| metric.get_ref().unit());
    let thresholds = read_thresholds(&mut table, unit, diagnostics);
    let severity = table.optional::<Severity>("severity", diagnostics);
    let when_missing = table.optional::<WhenMissing>("when_missing", diagnostics);
    let params = read_params(
        &mut table,
        metric.as_ref().map(|m| *m.get_ref()),
        diagnostics,
    );
    let applies_to = read_applies_to(&mut table, diagnostics);
    let rationale = table.optional::<String>("rationale", diagnostics);
    let rationale_ko = table.optional::<String>("rationale_ko", diagnostics);
    let reference = table.optional::<String>("reference", diagnostics);
    if rationale.is_none() && reference.is_none() {
        let span = id.as_ref().map_or(table.span(), Spanned::span);
        diagnostics.warning(Code::UncitedRule, span, format!("{} cites no `reference` and gives no `rationale`", table.what())).help =
            Some("say where the threshold comes from, or in `rationale` that it is a draft value and why".into());
    }
    table.finish(diagnostics);

    let rule = match (&id, title, metric, params, applies_to) {
        (Some(id), Some(title), Some(metric), Some(params), Some(applies_to)) => Some(Rule {
            id: id.get_ref().clone(),
            title: title.into_inner(),
            title_ko: title_ko.map(Spanned::into_inner),
            metric: metric.into_inner(),
            thresholds,
            severity: severity.map(Spanned::into_inner).unwrap_or_default(),
            when_missing: when_missing.map(Spanned::into_inner).unwrap_or_default(),
            params,
            applies_to,
            rationale: rationale.map(Spanned::into_inner),
            rationale_ko: rationale_ko.map(Spanned::into_inner),
            reference: reference.map(Spanned::into_inner),
        }),
        _ => None,
    };
    (id, rule)
}

/// Reads `min`, `max`, `warn_min`, `warn_max` and `require`, and checks that they suit the
/// metric's unit and each other.
fn read_thresholds(
    table: &mut Table<'_, '_>,
    unit: Option<Unit>,
    diagnostics: &mut FileDiagnostics,
) -> Thresholds {
    let what = table.what().to_owned();
    let header = table.span().start..table.span().start;
    let mut thresholds = Thresholds::default();
    let mut spans: HashMap<Bound, Range<usize>> = HashMap::new();
    for bound in Bound::ALL {
        let Some(value) = table.get(bound.key()) else {
            continue;
        };
        spans.insert(bound, value.span());
        if let Some(limit) = read_limit(value, bound.key(), unit, diagnostics) {
            thresholds.set(bound, limit.into_inner());
        }
    }
    let written = !spans.is_empty();
    let require = table.optional::<bool>("require", diagnostics);
    let Some(unit) = unit else {
        thresholds.require = require.map(Spanned::into_inner);
        return thresholds;
    };
    if unit == Unit::Bool {
        thresholds.require = require.map(Spanned::into_inner);
        if thresholds.require.is_none() && !written {
            diagnostics
                .error(
                    Code::MissingThreshold,
                    header,
                    format!("{what} tests a yes/no metric but has no `require`"),
                )
                .help = Some("add `require = true` (or false)".into());
        }
    } else if let Some(require) = require {
        diagnostics
            .error(
                Code::ThresholdUnitMismatch,
                require.span(),
                format!(
                    "`require` is for yes/no metrics, but this metric is measured in {}",
                    <&str>::from(unit)
                ),
            )
            .help = Some("use `min` or `max`".into());
    } else if !written {
        diagnostics
            .error(
                Code::MissingThreshold,
                header,
                format!("{what} has no threshold"),
            )
            .help = Some("add `min`, `max`, or a warning band (`warn_min`, `warn_max`)".into());
    }
    for OrderBreak { lower, upper, code } in thresholds.order_breaks() {
        let (lower_key, upper_key) = (lower.key(), upper.key());
        let message = if code == Code::MinAboveMax {
            format!("`{lower_key}` is greater than `{upper_key}`, so every value fails")
        } else {
            format!(
                "`{lower_key}` must be below `{upper_key}`: a warning band lies strictly inside the failing limits"
            )
        };
        diagnostics.error(code, spans[&lower].clone(), message);
    }
    thresholds
}

/// A limit of the kind the unit needs: whole numbers for counts and days, exact amounts for
/// tokens, numbers otherwise.
fn read_limit(
    value: &Value<'_>,
    key: &str,
    unit: Option<Unit>,
    diagnostics: &mut FileDiagnostics,
) -> Option<Spanned<Limit>> {
    let span = value.span();
    let mismatch = |diagnostics: &mut FileDiagnostics, message: String| {
        diagnostics.error(Code::ThresholdUnitMismatch, span.clone(), message);
        None
    };
    let limit = match unit {
        None => return None,
        Some(Unit::Bool) => {
            return mismatch(
                diagnostics,
                format!(
                    "`{key}` is for measured metrics, but this metric is yes/no: use `require = true` or `require = false`"
                ),
            );
        }
        Some(Unit::Tokens) => {
            if matches!(value.get_ref(), DeValue::Float(_)) {
                return mismatch(
                    diagnostics,
                    format!(
                        "`{key}` of a token metric is an exact amount, not a float: write an integer or a string such as \"1000000.5\""
                    ),
                );
            }
            Limit::Tokens(Amount::from_toml(value, diagnostics)?)
        }
        Some(unit) => {
            if matches!(value.get_ref(), DeValue::String(_)) {
                let help = if unit == Unit::Ratio {
                    "ratios are fractions: write 0.10 for 10 %"
                } else {
                    "write the number without quotes"
                };
                diagnostics
                    .error(
                        Code::WrongType,
                        span,
                        format!(
                            "`{key}` must be a number for a metric measured in {}, found a string",
                            <&str>::from(unit)
                        ),
                    )
                    .help = Some(help.into());
                return None;
            }
            let number = f64::from_toml(value, diagnostics)?;
            if matches!(unit, Unit::Count | Unit::Days) && (number.fract() != 0.0 || number < 0.0) {
                return mismatch(
                    diagnostics,
                    format!(
                        "`{key}` must be a whole number of {}, found {number}",
                        if unit == Unit::Days { "days" } else { "things" }
                    ),
                );
            }
            if matches!(unit, Unit::Krw | Unit::Usd) && number < 0.0 {
                return mismatch(
                    diagnostics,
                    format!("`{key}` is an amount of money and cannot be negative"),
                );
            }
            Limit::Number(number)
        }
    };
    Some(Spanned::new(span, limit))
}

fn read_params(
    table: &mut Table<'_, '_>,
    metric: Option<Metric>,
    diagnostics: &mut FileDiagnostics,
) -> Option<BTreeMap<String, i64>> {
    let what = table.what().to_owned();
    let start = table.span().start;
    let mut params = BTreeMap::new();
    let declared = metric
        .map(|metric| metric.info().params)
        .unwrap_or_default();
    let Some(value) = table.get("params") else {
        if let Some(metric) = metric {
            for param in declared {
                diagnostics
                    .error(
                        Code::MissingParam,
                        start..start,
                        format!(
                            "{what}: metric `{}` needs `params.{}` ({})",
                            metric.name(),
                            param.name,
                            param.meaning
                        ),
                    )
                    .help = Some(format!("add `params = {{ {} = … }}`", param.name));
            }
        }
        return Some(params);
    };
    let DeValue::Table(entries) = value.get_ref() else {
        diagnostics.error(
            Code::WrongType,
            value.span(),
            format!(
                "expected `params` to be a table, found {}",
                value.get_ref().type_str()
            ),
        );
        return None;
    };
    let Some(metric) = metric else {
        return Some(params);
    };
    for (key, param_value) in entries {
        let name = key.get_ref().as_ref();
        let Some(param) = declared.iter().find(|param| param.name == name) else {
            let takes = if declared.is_empty() {
                "takes no parameters".to_owned()
            } else {
                format!(
                    "takes: {}",
                    declared
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            diagnostics.error(
                Code::UnknownParam,
                key.span(),
                format!(
                    "metric `{}` has no parameter `{name}`; it {takes}",
                    metric.name()
                ),
            );
            continue;
        };
        let Some(number) = i64::from_toml(param_value, diagnostics) else {
            continue;
        };
        if !(param.min..=param.max).contains(&number) {
            diagnostics.error(
                Code::InvalidValue,
                param_value.span(),
                format!(
                    "`{name}` must be from {} to {}, found {number}",
                    param.min, param.max
                ),
            );
            continue;
        }
        params.insert(name.to_owned(), number);
    }
    for param in declared {
        if !entries.contains_key(param.name) {
            diagnostics.error(
                Code::MissingParam,
                value.span(),
                format!(
                    "metric `{}` needs `params.{}` ({})",
                    metric.name(),
                    param.name,
                    param.meaning
                ),
            );
        }
    }
    Some(params)
}

fn read_applies_to(
    table: &mut Table<'_, '_>,
    diagnostics: &mut FileDiagnostics,
) -> Option<AppliesTo> {
    let Some(value) = table.get("applies_to") else {
        return Some(AppliesTo::default());
    };
    let mut filters = Table::of(
        value,
        format!("`applies_to` of {}", table.what()),
        diagnostics,
    )?;
    let markets = filters.optional::<Vec<String>>("markets", diagnostics);
    if let Some(markets) = &markets {
        for market in markets.get_ref() {
            if market.is_empty() || market.bytes().any(|b| !b.is_ascii_uppercase()) {
                diagnostics.error(
                    Code::InvalidValue,
                    markets.span(),
                    format!("market `{market}` must be a quote currency in capitals, e.g. KRW"),
                );
            }
        }
    }
    let exchanges = filters.optional::<Vec<Exchange>>("exchanges", diagnostics);
    let chains = filters.optional::<Vec<String>>("chains", diagnostics);
    if let Some(chains) = &chains {
        // A chain is any `[sources.<name>]` of a user's config, so an unfamiliar name is only a
        // warning: it is more often a typo than a private node.
        let known = crate::source::registry::default_sources();
        for chain in chains
            .get_ref()
            .iter()
            .filter(|chain| !known.contains_key(chain.as_str()))
        {
            let names: Vec<&str> = known
                .iter()
                .filter(|(_, s)| {
                    matches!(
                        s.kind,
                        crate::inputs::config::SourceKind::Evm
                            | crate::inputs::config::SourceKind::Solana
                    )
                })
                .map(|(name, _)| name.as_str())
                .collect();
            diagnostics.warning(Code::UnknownValue, chains.span(), format!("chain `{chain}` is not a built-in chain source; the rule applies to no asset unless your listingcheck.toml defines it")).help =
                Some(format!("built-in chains: {}", names.join(", ")));
        }
    }
    let assets = filters.optional::<Vec<String>>("assets", diagnostics);
    // An empty list would read as "every asset" although it names none: refuse it.
    for (key, empty) in [
        (
            "markets",
            markets
                .as_ref()
                .filter(|list| list.get_ref().is_empty())
                .map(Spanned::span),
        ),
        (
            "exchanges",
            exchanges
                .as_ref()
                .filter(|list| list.get_ref().is_empty())
                .map(Spanned::span),
        ),
        (
            "chains",
            chains
                .as_ref()
                .filter(|list| list.get_ref().is_empty())
                .map(Spanned::span),
        ),
        (
            "assets",
            assets
                .as_ref()
                .filter(|list| list.get_ref().is_empty())
                .map(Spanned::span),
        ),
    ] {
        if let Some(span) = empty {
            diagnostics.error(Code::InvalidValue, span, format!("`applies_to.{key}` is empty; leave the key out to apply the rule to every asset"));
        }
    }
    filters.finish(diagnostics);
    Some(AppliesTo {
        markets: markets.map(Spanned::into_inner).unwrap_or_default(),
        exchanges: exchanges.map(Spanned::into_inner).unwrap_or_default(),
        chains: chains.map(Spanned::into_inner).unwrap_or_default(),
        assets: assets.map(Spanned::into_inner).unwrap_or_default(),
    })
}
