//! `listingcheck metrics`: the metric catalog.

use strum::IntoEnumIterator;
use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

use super::{Failure, ListingFormatArgs, write_output};
use listingcheck::exit::Exit;
use listingcheck::metric::{Metric, MetricInfo};

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub format: ListingFormatArgs,
}

pub fn run(args: &MetricsArgs) -> Result<Exit, Failure> {
    let catalog: Vec<MetricInfo> = Metric::iter().map(Metric::info).collect();
    let text = if args.format.is_json() {
        serde_json::to_string_pretty(&catalog).expect("the catalog serializes") + "\n"
    } else {
        let mut builder = Builder::default();
        builder.push_record(["Metric", "Unit", "Params", "Formula", "Needs"]);
        for info in &catalog {
            let params: Vec<String> = info
                .params
                .iter()
                .map(|p| format!("{} ({}..={})", p.name, p.min, p.max))
                .collect();
            builder.push_record([
                info.name.to_owned(),
                <&str>::from(info.unit).to_owned(),
                params.join(", "),
                info.formula.to_owned(),
                info.needs.to_owned(),
            ]);
        }
        let mut table = builder.build();
        table
            .with(Style::sharp())
            .modify(Columns::one(3), Width::wrap(50).keep_words(true))
            .modify(Columns::one(4), Width::wrap(34).keep_words(true));
        format!("{table}\n")
    };
    write_output(None, text.as_bytes())?;
    Ok(Exit::Clean)
}
