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
    let catalog: Vec<MetricInfo> = Metric::iter().map(Metric::info).collect();
    let text = if args.format.is_json() {
        serde_json::to_string_pretty(&catalog).expect("the catalog serializes") + "\n"
    } else {
        let mut rows = Vec::new();
        for info in &catalog {
            let params: Vec<String> = info
                .params
                .iter()
                .map(|p| format!("{} ({}..={})", p.name, p.min, p.max))
                .collect();
            rows.push(vec![
                info.name.to_owned(),
                <&str>::from(info.unit).to_owned(),
                params.join(", "),
                info.formula.to_owned(),
                info.needs.to_owned(),
            ]);
        }
        let table = listingcheck::report::text_table(
            &["Metric", "Unit", "Params", "Formula", "Needs"],
            &rows,
            &[(2, 20), (3, 50), (4, 34)],
            super::output_width(true),
        );
        format!("{table}\n")
    };
    write_output(None, text.as_bytes())?;
    Ok(Exit::Clean)
}
