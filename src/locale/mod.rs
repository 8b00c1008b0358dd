//! Putting findings into words: a [`Message`] and its figures become a sentence in one language.
//!
//! The sentences are Fluent messages in `locales/<lang>/*.ftl`, files a translator edits, embedded
//! in the binary. Figures are formatted here, per language, before Fluent sees them
//! ([`numbers`]), so that amounts, percentages and dates stay under our control and Fluent only
//! builds sentences.

mod names;
mod numbers;
mod units;

pub use names::{Named, caution_kind_id};

use std::sync::LazyLock;
use strum::{EnumIter, IntoStaticStr};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use crate::message::{Arg, Message};

/// A language findings can be worded in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(clap::ValueEnum)]
#[derive(strum::Display, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    /// The language of the environment: `LC_ALL`, else `LC_MESSAGES`, else `LANG`; Korean when
    /// the first one set starts with `ko`, English otherwise.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Lang::from_locale(locale.as_deref().unwrap_or(""))
    }

    /// The language of a POSIX locale name such as `ko_KR.UTF-8`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// The Fluent files of the language, by name.
    fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => &[
                (
                    "findings.ftl",
                    include_str!("../../locales/en/findings.ftl"),
                ),
                (
                    "evidence.ftl",
                    include_str!("../../locales/en/evidence.ftl"),
                ),
                ("report.ftl", include_str!("../../locales/en/report.ftl")),
                ("metrics.ftl", include_str!("../../locales/en/metrics.ftl")),
                ("history.ftl", include_str!("../../locales/en/history.ftl")),
                ("watch.ftl", include_str!("../../locales/en/watch.ftl")),
            ],
            Lang::Ko => &[
                (
                    "findings.ftl",
                    include_str!("../../locales/ko/findings.ftl"),
                ),
                (
                    "evidence.ftl",
                    include_str!("../../locales/ko/evidence.ftl"),
                ),
                ("report.ftl", include_str!("../../locales/ko/report.ftl")),
                ("metrics.ftl", include_str!("../../locales/ko/metrics.ftl")),
                ("history.ftl", include_str!("../../locales/ko/history.ftl")),
                ("watch.ftl", include_str!("../../locales/ko/watch.ftl")),
            ],
        }
    }
}

/// The messages of one language, ready to word findings.
pub struct Localizer {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

static ENGLISH: LazyLock<Localizer> = LazyLock::new(|| Localizer::new(Lang::En));
static KOREAN: LazyLock<Localizer> = LazyLock::new(|| Localizer::new(Lang::Ko));

/// Why a message could not be worded: a missing message or figure, a Fluent syntax error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{lang} message `{id}`: {problem}")]
pub struct WordingError {
    pub lang: Lang,
    pub id: String,
    pub problem: String,
}

impl Localizer {
    /// Parses the embedded Fluent files of `lang`. They are part of the binary and tested, so a
    /// syntax error in them is a bug, and panics.
    pub fn new(lang: Lang) -> Self {
        let langid: unic_langid::LanguageIdentifier = <&str>::from(lang)
            .parse()
            .expect("en and ko are language ids");
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        for (name, source) in lang.sources() {
            let resource = FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{name}: {errors:?}"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("locales/{lang}/{name}: {errors:?}"));
        }
        Localizer { lang, bundle }
    }

    /// The shared localizer of `lang`, parsed once.
    pub fn of(lang: Lang) -> &'static Localizer {
        match lang {
            Lang::En => &ENGLISH,
            Lang::Ko => &KOREAN,
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message in words. A missing message or figure is a bug that tests catch (debug builds
    /// panic); a release build shows the id and what it could.
    pub fn text(&self, message: &Message) -> String {
        self.try_text(message).unwrap_or_else(|error| {
            debug_assert!(false, "{error}");
            format!("{}: {error}", message.id)
        })
    }

    /// The message in words, or why it cannot be worded.
    pub fn try_text(&self, message: &Message) -> Result<String, WordingError> {
        let problem = |problem: String| WordingError {
            lang: self.lang,
            id: message.id.to_string(),
            problem,
        };
        let pattern = self
            .bundle
            .get_message(&message.id)
            .and_then(|m| m.value())
            .ok_or_else(|| problem("no such message".to_owned()))?;
        let mut args = FluentArgs::new();
        for (name, arg) in message.args.iter() {
            args.set(name, self.try_arg(arg)?);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(problem(format!("{errors:?}")))
        }
    }

    /// One figure in words, as this language writes it.
    pub fn arg(&self, arg: &Arg) -> String {
        self.try_arg(arg).unwrap_or_else(|error| {
            debug_assert!(false, "{error}");
            error.to_string()
        })
    }

    fn try_arg(&self, arg: &Arg) -> Result<String, WordingError> {
        Ok(match arg {
            Arg::Message(value) => self.try_text(value)?,
            Arg::Bool(value) => self.try_text(&Message::new(if *value { "yes" } else { "no" }))?,
            Arg::List(items) if items.is_empty() => self.try_text(&Message::new("none"))?,
            Arg::List(items) => {
                // Reasons read as clauses ("X; Y"), other figures as a list ("a, b").
                let separator = if matches!(items[0], Arg::Message { .. }) {
                    "; "
                } else {
                    ", "
                };
                let words = items
                    .iter()
                    .map(|item| self.try_arg(item))
                    .collect::<Result<Vec<_>, _>>()?;
                words.join(separator)
            }
            Arg::Exchange(exchange) => self.try_text(&Message::new(exchange.message_id()))?,
            Arg::Caution { exchange, kind } => {
                // New kinds appear without notice; one without a name of ours keeps its raw name.
                let kind = match caution_kind_id(kind) {
                    Some(id) => self.try_text(&Message::new(id))?,
                    None => kind.clone(),
                };
                self.try_text(
                    &Message::new("caution-kind-on")
                        .with("exchange", Arg::Exchange(*exchange))
                        .with("kind", Arg::Text(kind)),
                )?
            }
            figure => numbers::figure(self.lang, figure),
        })
    }

    /// A message without figures, such as a column's name.
    pub fn word(&self, id: &str) -> String {
        self.text(&Message::new(id.to_owned()))
    }

    /// The name of a verdict, severity, status or exchange in this language.
    pub fn name(&self, named: impl Named) -> String {
        self.word(named.message_id())
    }

    /// A status with the severity of its rule: `fail (block)`, `부적합(차단 규칙)`.
    pub fn outcome(
        &self,
        status: crate::eval::Verdict,
        severity: crate::inputs::standard::Severity,
    ) -> String {
        self.outcome_text(&self.name(status), &self.name(severity))
    }

    /// [`Localizer::outcome`] of a status and a severity already in words.
    pub fn outcome_text(&self, status: &str, severity: &str) -> String {
        self.text(
            &Message::new("outcome-with-severity")
                .with("status", Arg::text(status))
                .with("severity", Arg::text(severity)),
        )
    }

    /// The message ids this language defines.
    pub fn ids(&self) -> Vec<String> {
        self.lang
            .sources()
            .iter()
            .flat_map(|(_, source)| message_ids(source))
            .collect()
    }
}

/// The ids of the messages in one Fluent file (lines that start a message: `id = …`).
fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests;
