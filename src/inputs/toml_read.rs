//! Reading TOML files with a span on every value, collecting every problem.
//!
//! All four file formats a user writes (standards, asset descriptors, waivers, `listingcheck.toml`)
//! are read through [`Table`]: each loader asks for its keys by name, and [`Table::finish`] reports
//! every key that nobody asked for. A wrong value is reported and skipped, so one bad rule never
//! hides the problems of the next one. This is cargo-deny's approach to config errors, on the
//! `toml` crate's spanned document.

use std::ops::Range;
use std::str::FromStr;

use jiff::civil::Date;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::amount::Amount;
use crate::inputs::diag::{Code, FileDiagnostics};
use crate::text::closest;

/// A TOML value with its byte span.
pub type Value<'i> = Spanned<DeValue<'i>>;

/// Parses a document. Syntax errors are pushed as diagnostics and give `None`: reading the rest
/// of a broken file would only add confusing follow-on errors.
pub fn parse<'i>(
    source: &'i str,
    diagnostics: &mut FileDiagnostics,
) -> Option<Spanned<DeTable<'i>>> {
    let (table, errors) = DeTable::parse_recoverable(source);
    for error in &errors {
        let span = error.span().unwrap_or(0..0);
        diagnostics.error(
            Code::TomlSyntax,
            span,
            error.message().trim_end().to_owned(),
        );
    }
    errors.is_empty().then_some(table)
}

/// Checks the top-level `schema = N` key that every file format starts with.
pub fn check_schema(
    root: &mut Table<'_, '_>,
    supported: i64,
    format: &str,
    diagnostics: &mut FileDiagnostics,
) -> bool {
    match root.required::<i64>("schema", diagnostics) {
        Some(schema) if *schema.get_ref() == supported => true,
        Some(schema) => {
            diagnostics
                .error(Code::UnsupportedSchema, schema.span(), format!("{format} schema {} is not supported; this listingcheck reads schema {supported}", schema.get_ref()))
                .help = Some("upgrade listingcheck, or write the file in the supported schema".into());
            false
        }
        None => false,
    }
}

/// A TOML table being read: it remembers which keys were asked for, so that [`Table::finish`]
/// can report the rest as unknown.
pub struct Table<'a, 'i> {
    entries: &'a DeTable<'i>,
    span: Range<usize>,
    what: String,
    asked: Vec<&'static str>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// `what` names the table in messages, e.g. "[standard]" or "rule `CIRC-PLAN`".
    pub fn new(table: &'a Spanned<DeTable<'i>>, what: impl Into<String>) -> Self {
        Table {
            entries: table.get_ref(),
            span: table.span(),
            what: what.into(),
            asked: Vec::new(),
        }
    }

    /// Reads `value` as a table, or reports that it is not one.
    pub fn of(
        value: &'a Value<'i>,
        what: impl Into<String>,
        diagnostics: &mut FileDiagnostics,
    ) -> Option<Self> {
        let what = what.into();
        if let DeValue::Table(entries) = value.get_ref() {
            Some(Table {
                entries,
                span: value.span(),
                what,
                asked: Vec::new(),
            })
        } else {
            wrong_type(value, &format!("{what} to be a table"), diagnostics);
            None
        }
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    /// Renames the table in later messages, once its id is known.
    pub fn set_what(&mut self, what: impl Into<String>) {
        self.what = what.into();
    }

    /// The raw value of `key`, marking the key as known.
    pub fn get(&mut self, key: &'static str) -> Option<&'a Value<'i>> {
        self.asked.push(key);
        self.entries.get(key)
    }

    pub fn optional<T: FromToml>(
        &mut self,
        key: &'static str,
        diagnostics: &mut FileDiagnostics,
    ) -> Option<Spanned<T>> {
        let value = self.get(key)?;
        T::from_toml(value, diagnostics).map(|parsed| Spanned::new(value.span(), parsed))
    }

    pub fn required<T: FromToml>(
        &mut self,
        key: &'static str,
        diagnostics: &mut FileDiagnostics,
    ) -> Option<Spanned<T>> {
        if !self.entries.contains_key(key) {
            self.asked.push(key);
            let header = self.span.start..self.span.start;
            diagnostics
                .error(
                    Code::MissingKey,
                    header,
                    format!("{} has no `{key}`", self.what),
                )
                .help = Some(format!("add `{key} = …` to {}", self.what));
            return None;
        }
        self.optional(key, diagnostics)
    }

    /// An array of tables (`[[rule]]`), each given to `read` with its index.
    pub fn array_of_tables(
        &mut self,
        key: &'static str,
        diagnostics: &mut FileDiagnostics,
    ) -> Vec<(usize, &'a Value<'i>)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => items.iter().enumerate().collect(),
            _ => {
                wrong_type(
                    value,
                    &format!("`{key}` to be an array of tables, written [[{key}]]"),
                    diagnostics,
                );
                Vec::new()
            }
        }
    }

    /// Reports every key nobody asked for, with the closest known key as a hint.
    pub fn finish(self, diagnostics: &mut FileDiagnostics) {
        for (key, _) in self.entries {
            let name = key.get_ref().as_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let help = match closest(&self.asked, name) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the keys of {} are: {}", self.what, self.asked.join(", ")),
            };
            diagnostics
                .error(
                    Code::UnknownKey,
                    key.span(),
                    format!("unknown key `{name}` in {}", self.what),
                )
                .help = Some(help);
        }
    }
}

fn wrong_type(value: &Value<'_>, expected: &str, diagnostics: &mut FileDiagnostics) {
    diagnostics.error(
        Code::WrongType,
        value.span(),
        format!("expected {expected}, found {}", value.get_ref().type_str()),
    );
}

/// A type that can be read from one TOML value. On failure the implementation pushes a
/// diagnostic and returns `None`.
pub trait FromToml: Sized {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self>;
}

impl FromToml for String {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                wrong_type(value, "a string", diagnostics);
                None
            }
        }
    }
}

impl FromToml for bool {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        if let Some(flag) = value.get_ref().as_bool() {
            Some(flag)
        } else {
            wrong_type(value, "true or false", diagnostics);
            None
        }
    }
}

impl FromToml for i64 {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let Some(integer) = value.get_ref().as_integer() else {
            wrong_type(value, "an integer", diagnostics);
            return None;
        };
        let parsed = i64::from_str_radix(integer.as_str(), integer.radix()).ok();
        if parsed.is_none() {
            diagnostics.error(Code::InvalidValue, value.span(), "integer out of range");
        }
        parsed
    }
}

impl FromToml for u32 {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let integer = i64::from_toml(value, diagnostics)?;
        let parsed = u32::try_from(integer).ok();
        if parsed.is_none() {
            diagnostics.error(
                Code::InvalidValue,
                value.span(),
                format!("expected a non-negative integer below 2^32, found {integer}"),
            );
        }
        parsed
    }
}

impl FromToml for u8 {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let integer = i64::from_toml(value, diagnostics)?;
        let parsed = u8::try_from(integer).ok();
        if parsed.is_none() {
            diagnostics.error(
                Code::InvalidValue,
                value.span(),
                format!("expected an integer from 0 to 255, found {integer}"),
            );
        }
        parsed
    }
}

/// A number: TOML integers are accepted where a float is meant (`max = 1` means 1.0).
impl FromToml for f64 {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let number = match value.get_ref() {
            DeValue::Float(float) => float.as_str().parse::<f64>().ok(),
            DeValue::Integer(_) => i64::from_toml(value, diagnostics).map(|i| i as f64),
            _ => {
                wrong_type(value, "a number", diagnostics);
                return None;
            }
        };
        match number {
            Some(number) if number.is_finite() => Some(number),
            _ => {
                diagnostics.error(Code::InvalidValue, value.span(), "expected a finite number");
                None
            }
        }
    }
}

/// A calendar date, written as a TOML date (`2024-07-19`) or, leniently, as a quoted one.
impl FromToml for Date {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let parsed = match value.get_ref() {
            DeValue::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
                datetime.date.and_then(|d| {
                    jiff::civil::Date::new(
                        i16::try_from(d.year).ok()?,
                        i8::try_from(d.month).ok()?,
                        i8::try_from(d.day).ok()?,
                    )
                    .ok()
                })
            }
            DeValue::Datetime(_) => {
                diagnostics
                    .error(
                        Code::InvalidValue,
                        value.span(),
                        "expected a calendar date such as 2024-07-19, found a date with a time",
                    )
                    .help =
                    Some("dates here are Korean calendar dates; drop the time and offset".into());
                return None;
            }
            DeValue::String(text) => text.parse::<Date>().ok(),
            _ => {
                wrong_type(value, "a date such as 2024-07-19", diagnostics);
                return None;
            }
        };
        if parsed.is_none() {
            diagnostics.error(
                Code::InvalidValue,
                value.span(),
                "expected a valid calendar date such as 2024-07-19",
            );
        }
        parsed
    }
}

/// An exact amount: a TOML integer, or a string for fractions and numbers beyond 2^63. A float is
/// refused, since it would not be exact.
impl FromToml for Amount {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let parsed = match value.get_ref() {
            DeValue::Integer(integer) if integer.radix() == 10 => {
                integer.as_str().parse::<Amount>()
            }
            DeValue::String(text) => text.parse::<Amount>(),
            DeValue::Float(_) => {
                diagnostics
                    .error(
                        Code::WrongType,
                        value.span(),
                        "amounts are exact: a float is not accepted",
                    )
                    .help =
                    Some("write an integer (245_966_797) or a string (\"245966797.5\")".into());
                return None;
            }
            _ => {
                wrong_type(
                    value,
                    "an amount: an integer or a decimal string",
                    diagnostics,
                );
                return None;
            }
        };
        parsed
            .map_err(|error| diagnostics.error(Code::InvalidValue, value.span(), error.to_string()))
            .ok()
    }
}

impl<T: FromToml> FromToml for Vec<T> {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let DeValue::Array(items) = value.get_ref() else {
            wrong_type(value, "an array", diagnostics);
            return None;
        };
        let parsed: Vec<Option<T>> = items
            .iter()
            .map(|item| T::from_toml(item, diagnostics))
            .collect();
        parsed.into_iter().collect()
    }
}

/// A string from a fixed list of words, like a `status` or an exchange name.
pub trait Keyword: FromStr + strum::VariantNames {
    /// The diagnostic code of a word outside the list.
    const CODE: Code;
    /// What the word is, for messages: "a standard status".
    const WHAT: &'static str;
}

impl<K: Keyword> FromToml for K {
    fn from_toml(value: &Value<'_>, diagnostics: &mut FileDiagnostics) -> Option<Self> {
        let word = String::from_toml(value, diagnostics)?;
        let parsed = word.parse::<K>().ok();
        if parsed.is_none() {
            diagnostics
                .error(
                    K::CODE,
                    value.span(),
                    format!("`{word}` is not {}", K::WHAT),
                )
                .help = Some(match closest(K::VARIANTS, &word) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("expected one of: {}", K::VARIANTS.join(", ")),
            });
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn read(source: &str, read: impl FnOnce(&mut Table<'_, '_>, &mut FileDiagnostics)) -> String {
        let mut diagnostics = FileDiagnostics::new(Path::new("t.toml"), source);
        let root = parse(source, &mut diagnostics).unwrap();
        let mut table = Table::new(&root, "the file");
        read(&mut table, &mut diagnostics);
        table.finish(&mut diagnostics);
        diagnostics.render()
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let rendered = read("titel = 'x'\nzzz = 1\n", |table, d| {
            table.optional::<String>("title", d);
        });
        assert!(
            rendered.contains("t.toml:1:1: error[unknown-key]: unknown key `titel` in the file"),
            "{rendered}"
        );
        assert!(rendered.contains("did you mean `title`?"), "{rendered}");
        assert!(
            rendered.contains("t.toml:2:1: error[unknown-key]: unknown key `zzz`"),
            "{rendered}"
        );
    }

    #[test]
    fn a_float_amount_is_refused_as_inexact() {
        let rendered = read("amount = 1.5\n", |table, d| {
            assert!(table.optional::<Amount>("amount", d).is_none());
        });
        assert!(
            rendered.contains("t.toml:1:10: error[wrong-type]: amounts are exact"),
            "{rendered}"
        );
    }

    #[test]
    fn a_date_with_a_time_is_refused() {
        let rendered = read("published = 2024-01-08T10:00:00Z\n", |table, d| {
            assert!(table.optional::<Date>("published", d).is_none());
        });
        assert!(
            rendered.contains("error[invalid-value]: expected a calendar date"),
            "{rendered}"
        );
    }

    #[test]
    fn a_missing_required_key_points_at_its_table() {
        let rendered = read("[standard]\nid = 'x'\n", |table, d| {
            let value = table.get("standard").unwrap();
            let mut standard = Table::of(value, "[standard]", d).unwrap();
            standard.required::<String>("id", d);
            standard.required::<String>("title", d);
            standard.finish(d);
        });
        assert!(
            rendered.contains("error[missing-key]: [standard] has no `title`"),
            "{rendered}"
        );
    }
}
