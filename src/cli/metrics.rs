//! `listingcheck metrics`: the metric catalog.

use super::{Failure, ListingFormatArgs, write_output};
use listingcheck::exit::Exit;
use listingcheck::metric::{Metric, MetricInfo};
use strum::IntoEnumIterator;

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub format: ListingFormatArgs,
}

pub fn run(args: &MetricsArgs) -> Result<Exit, Failure> {
    let text = if args.format.is_json() {
        let catalog: Vec<MetricInfo> = Metric::iter().map(Metric::info).collect();
        serde_json::to_string_pretty(&catalog).expect("the catalog serializes") + "\n"
    } else {
        listingcheck::report::metric_catalog(
            listingcheck::locale::Localizer::of(super::lang()),
            super::output_width(true),
        )
    };
    write_output(None, text.as_bytes())?;
    Ok(Exit::Clean)
}
