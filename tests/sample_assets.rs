//! The bundled sample: its descriptors (`assets/sample/`) load cleanly, and the sample snapshot
//! embeds them as they are, in the layout `fetch` writes. A descriptor edited without
//! regenerating the snapshot would make the sample something no fetch could have produced.

mod support;

use listingcheck::inputs::asset::{LoadedAsset, load_dir};
use listingcheck::snapshot::{self, SnapshotFile};
use support::repo;

fn sample_descriptors() -> Vec<LoadedAsset> {
    load_dir(&repo("assets/sample")).unwrap_or_else(|invalid| {
        let problems: Vec<String> = invalid.iter().map(ToString::to_string).collect();
        panic!("invalid sample descriptors:\n{}", problems.join("\n"))
    })
}

fn sample_snapshot() -> SnapshotFile {
    let path = snapshot::newest_in(&repo("snapshots")).expect("a snapshot in snapshots/");
    let file = snapshot::read(&path).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        file.snapshot.sample,
        "{} is not marked as sample data",
        path.display()
    );
    file
}

#[test]
fn every_sample_descriptor_loads_without_a_problem() {
    assert!(
        !sample_descriptors().is_empty(),
        "assets/sample/ holds no descriptor"
    );
}

#[test]
fn sample_descriptors_are_named_after_their_asset_id() {
    for asset in sample_descriptors() {
        let stem = asset.path.file_stem().and_then(|s| s.to_str());
        assert_eq!(
            stem,
            Some(asset.descriptor.asset.id.as_str()),
            "{}",
            asset.path.display()
        );
    }
}

#[test]
fn sample_plans_say_they_are_illustrative() {
    for asset in sample_descriptors() {
        let plan = asset.descriptor.plan.as_ref();
        let source = plan.and_then(|plan| plan.source.as_deref()).unwrap_or("");
        assert!(
            source.starts_with("SAMPLE"),
            "{}: the plan's source must say it is sample data, found {source:?}",
            asset.path.display()
        );
    }
}

#[test]
fn the_sample_snapshot_embeds_each_descriptor_as_it_is_on_disk() {
    let file = sample_snapshot();
    for asset in sample_descriptors() {
        let id = &asset.descriptor.asset.id;
        let disclosure = file
            .snapshot
            .assets
            .iter()
            .find(|record| &record.id == id)
            .and_then(|record| record.disclosure.as_ref())
            .unwrap_or_else(|| panic!("the sample snapshot has no disclosure for `{id}`"));
        assert_eq!(
            disclosure.sha256,
            asset.sha256,
            "{} changed since the sample snapshot was made; regenerate the snapshot",
            asset.path.display()
        );
        assert_eq!(disclosure.descriptor, asset.descriptor, "{id}");
    }
}

#[test]
fn the_sample_snapshot_is_laid_out_as_fetch_writes_it() {
    let file = sample_snapshot();
    let text = std::fs::read_to_string(&file.path).expect("the snapshot reads");
    assert!(
        snapshot::to_json(&file.snapshot) == text,
        "{} differs from what `snapshot::write` would write for the same content",
        file.path.display()
    );
}
