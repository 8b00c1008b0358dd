//! A history that moves: daily snapshots made from the bundled sample in which one asset drifts
//! from its circulation plan, for the history tests and the HTML pages that chart it.

use listingcheck::amount::Amount;
use listingcheck::snapshot::Snapshot;

use super::repo;

/// A folder with `snapshots/` holding `days` daily snapshots made from the bundled sample, from
/// 2026-11-20, in which Decentraland's DAO treasury pays out 19,450,000 MANA a day: 1 % of the
/// 1,945,000,000 its plan allows in 2026. MANA's circulation so climbs from −0.36 % of the plan
/// by one percentage point a day, toward CIRC-PLAN's warning above 5 % and failure above 10 %.
pub fn drifting(days: u64) -> tempfile::TempDir {
    daily_from_sample(days, 0, |snapshot, day| {
        let mana = snapshot
            .assets
            .iter_mut()
            .find(|asset| asset.id == "decentraland")
            .unwrap();
        assert_eq!(mana.wallet_balances[0].balance.to_string(), "255180000");
        mana.wallet_balances[0].balance = Amount::from_whole(255_180_000 - 19_450_000 * day);
    })
}

/// A folder with `snapshots/` holding `days` daily snapshots made from the bundled sample, the
/// first `first_day` days after the sample's 2026-11-20 (before it when negative), each changed
/// by `edit` with its day's number from 0.
pub fn daily_from_sample(
    days: u64,
    first_day: i64,
    edit: impl Fn(&mut Snapshot, u64),
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let snapshots = dir.path().join("snapshots");
    std::fs::create_dir(&snapshots).unwrap();
    let sample =
        listingcheck::snapshot::read(&repo("snapshots/sample-20261120T000000Z.json")).unwrap();
    for day in 0..days {
        let mut snapshot = sample.snapshot.clone();
        let offset = first_day + i64::try_from(day).unwrap();
        snapshot.taken_at = sample
            .snapshot
            .taken_at
            .checked_add(jiff::SignedDuration::from_hours(24 * offset))
            .unwrap();
        edit(&mut snapshot, day);
        let name = listingcheck::snapshot::file_name("run", snapshot.taken_at);
        listingcheck::snapshot::write(&snapshots.join(name), &snapshot).unwrap();
    }
    dir
}
