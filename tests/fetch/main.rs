//! `fetch` and `precheck` through the real code path: every source a wiremock server serving the
//! sample world's real-shaped answers ([`sample_world`]), the library's `fetch::run_with` or the binary
//! pointed at them by a `listingcheck.toml`. One behaviour each.

mod binary;
mod faults;
mod history;
mod interrupt;
mod secrets;
#[path = "../support/mod.rs"]
mod support;
mod trust;

use listingcheck::fetch::{FetchOptions, FetchOutcome, Scope, run_with};
use listingcheck::snapshot::{AssetRecord, IdentifiedBy, Snapshot};
use listingcheck::source::Http;
use serde_json::Value;
use wiremock::ResponseTemplate;

use support::sample_world::{self, EvmNode, World, normalize_timestamps};
use support::{fixture, get, repo};

/// The sample's descriptors, as the golden test passes them.
fn sample_options() -> FetchOptions {
    FetchOptions {
        assets_dir: Some(repo("assets/sample")),
        scope: Scope::Universe,
        ..FetchOptions::default()
    }
}

/// Fetches the world with the sample's descriptors and the CoinMarketCap key.
async fn fetch(world: &World) -> FetchOutcome {
    fetch_with(
        &world.http(&[("CMC_API_KEY", "test-cmc-key")]),
        &sample_options(),
    )
    .await
}

async fn fetch_with(http: &Http, options: &FetchOptions) -> FetchOutcome {
    run_with(http, options).await.expect("the fetch starts")
}

fn asset<'a>(snapshot: &'a Snapshot, id: &str) -> &'a AssetRecord {
    snapshot
        .assets
        .iter()
        .find(|asset| asset.id == id)
        .unwrap_or_else(|| panic!("no asset `{id}` in the snapshot"))
}

fn exchanges_of(asset: &AssetRecord) -> Vec<&str> {
    asset
        .listings
        .iter()
        .map(|listing| listing.exchange.as_str())
        .collect()
}

#[tokio::test]
async fn an_asset_with_a_descriptor_is_identified_by_it_and_embeds_it() {
    let world = World::sample().await;

    let snapshot = fetch(&world).await.snapshot;

    let kaito = asset(&snapshot, "kaito");
    assert_eq!(kaito.identified_by, IdentifiedBy::Descriptor);
    assert_eq!(kaito.identity_note, None);
    let disclosure = kaito.disclosure.as_ref().unwrap();
    let file = repo("assets/sample/kaito.toml");
    assert_eq!(
        disclosure.sha256,
        listingcheck::inputs::files::sha256_hex(&std::fs::read(&file).unwrap())
    );
    let request = snapshot.request(disclosure.req);
    assert_eq!(request.source, "disclosure");
    assert_eq!(request.endpoint, listingcheck::text::display_path(&file));
    assert_eq!(kaito.chain_supplies.len(), 1, "{:?}", kaito.chain_supplies);
    assert_eq!(kaito.wallet_balances.len(), 3);
}

#[tokio::test]
async fn a_symbol_without_a_descriptor_is_matched_on_coingecko_by_symbol_and_name() {
    let world = World::sample().await;

    let snapshot = fetch(&world).await.snapshot;

    let ethereum = asset(&snapshot, "ethereum");
    assert_eq!(ethereum.identified_by, IdentifiedBy::Coingecko);
    assert_eq!(
        ethereum.identity_note.as_deref(),
        Some("matched CoinGecko `ethereum` by symbol ETH and name Ethereum"),
        "`ethereum-wormhole` shares the symbol but not the name"
    );
    assert_eq!(ethereum.aggregator_quotes[0].id, "ethereum");
    assert!(ethereum.foreign_exchanges.is_some());
    assert!(ethereum.first_trade.is_some());
    assert!(
        ethereum.chain_supplies.is_empty(),
        "no descriptor, no excluded wallets: chain data is not fetched"
    );
}

#[tokio::test]
async fn a_name_from_korbit_identifies_a_symbol_upbit_and_bithumb_do_not_list() {
    let world = World::sample().await;

    let snapshot = fetch(&world).await.snapshot;

    let curve = asset(&snapshot, "curve-dao-token");
    assert_eq!(
        curve.identity_note.as_deref(),
        Some("matched CoinGecko `curve-dao-token` by symbol CRV and name Curve DAO Token"),
        "Korbit's `Curve DAO Token` is CoinGecko's `Curve DAO`"
    );
    assert_eq!(
        curve.korean_name.as_deref(),
        Some("커브"),
        "from GOPAX's /assets"
    );
}

#[tokio::test]
async fn two_coingecko_coins_with_the_symbol_and_the_name_leave_it_unresolved_with_a_note() {
    let world = World::sample().await;

    let snapshot = fetch(&world).await.snapshot;

    let beam = asset(&snapshot, "symbol:BEAM");
    assert_eq!(beam.identified_by, IdentifiedBy::Unresolved);
    assert_eq!(
        beam.identity_note.as_deref(),
        Some(
            "CoinGecko lists 2 coins with symbol BEAM and name Beam (ids `beam` and `beam-2`), so the symbol was not matched; add a descriptor naming the intended coin. Without one, no aggregator or chain data is fetched"
        )
    );
    assert!(beam.aggregator_quotes.is_empty());
    assert!(beam.foreign_exchanges.is_none());
    assert_eq!(exchanges_of(beam), ["bithumb"], "its listing is kept");
}

#[tokio::test]
async fn a_symbol_whose_coingecko_coins_have_other_names_is_unresolved() {
    let world = World::sample().await;
    let mut coins: Vec<Value> =
        serde_json::from_str(&fixture("sample/coingecko/coins_list.json")).unwrap();
    coins.retain(|coin| coin["id"] != "curve-dao-token");
    get(&format!(
        "{}/coins/list?include_platform=true",
        sample_world::COINGECKO_PREFIX
    ))
    .respond_with(ResponseTemplate::new(200).set_body_json(coins))
    .with_priority(1)
    .mount(world.server("coingecko"))
    .await;

    let snapshot = fetch(&world).await.snapshot;

    let curve = asset(&snapshot, "symbol:CRV");
    assert_eq!(curve.identified_by, IdentifiedBy::Unresolved);
    assert!(
        curve.identity_note.as_deref().unwrap().starts_with(
            "CoinGecko lists 1 coin with symbol CRV (id `curve-dao-token-bridged`), none named Curve DAO Token;"
        ),
        "{:?}",
        curve.identity_note
    );
    assert!(snapshot.failures.is_empty(), "no match is no failure");
}

#[tokio::test]
async fn a_symbol_listed_on_three_exchanges_is_one_asset() {
    let world = World::sample().await;

    let snapshot = fetch(&world).await.snapshot;

    let curves: Vec<&AssetRecord> = snapshot
        .assets
        .iter()
        .filter(|asset| asset.symbol == "CRV")
        .collect();
    assert_eq!(curves.len(), 1);
    assert_eq!(exchanges_of(curves[0]), ["coinone", "korbit", "gopax"]);
    assert_eq!(snapshot.assets.len(), 38);
}

#[tokio::test]
async fn a_failing_exchange_leaves_the_snapshot_incomplete_and_keeps_the_others() {
    let world = World::sample().await;
    get(listingcheck::source::exchanges::gopax::PAIRS_PATH)
        .respond_with(ResponseTemplate::new(503).set_body_string("maintenance"))
        .with_priority(1)
        .mount(world.server("gopax"))
        .await;

    let snapshot = fetch(&world).await.snapshot;

    assert!(!snapshot.complete);
    let [failure] = snapshot.failures.as_slice() else {
        panic!("{:#?}", snapshot.failures)
    };
    assert_eq!(failure.source, "gopax");
    assert_eq!(
        failure.endpoint,
        format!("{}/trading-pairs", world.base_url("gopax"))
    );
    assert!(failure.error.contains("HTTP 503"), "{}", failure.error);
    assert!(
        snapshot
            .market_list(listingcheck::exchange::Exchange::Gopax)
            .is_none()
    );
    assert_eq!(snapshot.market_lists.len(), 4);
    assert_eq!(
        exchanges_of(asset(&snapshot, "bitcoin")),
        ["upbit", "bithumb", "coinone", "korbit"]
    );
}

#[tokio::test]
async fn a_reverting_chain_call_is_a_failure_naming_the_contract_and_the_chain() {
    let world = World::sample().await;
    let blur = "0x5283D291DBCF85356A21bA090E6db59121208b44";
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(EvmNode::sample("ethereum").reverting(blur))
        .with_priority(1)
        .mount(world.server("ethereum"))
        .await;

    let snapshot = fetch(&world).await.snapshot;

    assert!(!snapshot.complete);
    let blur_failures: Vec<_> = snapshot
        .failures
        .iter()
        .filter(|failure| failure.assets == ["blur"])
        .collect();
    assert!(!blur_failures.is_empty(), "{:#?}", snapshot.failures);
    for failure in &blur_failures {
        assert_eq!(failure.source, "ethereum");
        assert!(
            failure.error.contains(blur) && failure.error.contains("ethereum"),
            "{}",
            failure.error
        );
        assert!(failure.error.contains("reverted"), "{}", failure.error);
    }
    let supply = blur_failures
        .iter()
        .find(|failure| failure.error.contains("totalSupply()"))
        .expect("the total supply's failure");
    assert_eq!(
        supply.error,
        format!(
            "ethereum: totalSupply() of contract {blur} reverted (execution reverted); check that {blur} is the token's contract on ethereum"
        )
    );
    assert!(asset(&snapshot, "blur").chain_supplies.is_empty());
    assert_eq!(
        asset(&snapshot, "pepe").chain_supplies.len(),
        1,
        "the other contracts of the batch are read"
    );
}

#[tokio::test]
async fn coinmarketcap_without_its_key_is_a_note_and_not_a_failure() {
    let world = World::sample().await;

    let snapshot = fetch_with(&world.http(&[]), &sample_options())
        .await
        .snapshot;

    assert!(snapshot.complete, "{:#?}", snapshot.failures);
    assert!(snapshot.assets.iter().all(|asset| {
        asset
            .aggregator_quotes
            .iter()
            .all(|quote| quote.source != listingcheck::snapshot::Aggregator::Coinmarketcap)
    }));
    let note = snapshot.note.as_deref().unwrap();
    assert!(
        note.contains(
            "CoinMarketCap was not asked: it needs an API key in the environment variable CMC_API_KEY, which is not set. 16 descriptors name a CoinMarketCap id"
        ),
        "{note}"
    );
    assert!(
        world
            .server("coinmarketcap")
            .received_requests()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn descriptor_reads_do_not_wait_for_the_exchanges() {
    let world = World::sample().await;
    let slow = std::time::Duration::from_secs(2);
    get(listingcheck::source::exchanges::upbit::MARKETS_PATH)
        .respond_with(sample_world::sample("upbit/market_all.json").set_delay(slow))
        .with_priority(1)
        .mount(world.server("upbit"))
        .await;

    let snapshot = fetch(&world).await.snapshot;

    let sent = |source: &str| {
        snapshot
            .requests
            .iter()
            .filter(|request| request.source == source)
            .map(|request| request.fetched_at)
            .min()
            .unwrap_or_else(|| panic!("no request to {source}"))
    };
    let upbit_answered = sent("upbit") + slow;
    for source in ["ethereum", "solana", "coinmarketcap"] {
        assert!(
            sent(source) < upbit_answered,
            "{source} was asked only after Upbit's market list arrived"
        );
    }
    assert!(snapshot.complete, "{:#?}", snapshot.failures);
}

#[tokio::test]
async fn a_descriptor_of_a_symbol_no_exchange_lists_leaves_no_failure_behind() {
    let world = World::sample().await;
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo("assets/sample")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    // Its contract is unknown to the node and its CoinMarketCap id to CoinMarketCap: both would
    // be failures of an asset in the snapshot.
    let unlisted = fixture("fetch/curve-dao-token.toml")
        .replace("id = \"curve-dao-token\"", "id = \"delisted\"")
        .replace("symbol = \"CRV\"", "symbol = \"GONE\"")
        .replace("coingecko = \"curve-dao-token\"", "coinmarketcap = 999999")
        .replace(
            "0xD533a949740bb3306d119CC777fa900bA034cd52",
            "0x000000000000000000000000000000000000dEaD",
        );
    std::fs::write(dir.path().join("delisted.toml"), unlisted).unwrap();
    let options = FetchOptions {
        assets_dir: Some(dir.path().to_owned()),
        ..sample_options()
    };

    let snapshot = fetch_with(&world.http(&[("CMC_API_KEY", "k")]), &options)
        .await
        .snapshot;

    assert!(snapshot.complete, "{:#?}", snapshot.failures);
    assert!(snapshot.assets.iter().all(|asset| asset.id != "delisted"));
    let note = snapshot.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("describes GONE, which no market list that was read lists in KRW"),
        "{note}"
    );
}

#[tokio::test]
async fn a_decimals_mismatch_is_a_failure_naming_both_values() {
    let world = World::sample().await;
    let dir = tempfile::tempdir().unwrap();
    let descriptor = fixture("fetch/curve-dao-token.toml").replace("decimals = 18", "decimals = 6");
    let path = dir.path().join("curve-dao-token.toml");
    std::fs::write(&path, descriptor).unwrap();
    let options = FetchOptions {
        candidates: vec![path.clone()],
        ..sample_options()
    };

    let snapshot = fetch_with(&world.http(&[("CMC_API_KEY", "k")]), &options)
        .await
        .snapshot;

    let [failure] = snapshot.failures.as_slice() else {
        panic!("{:#?}", snapshot.failures)
    };
    assert_eq!(failure.source, "ethereum");
    assert_eq!(failure.assets, ["curve-dao-token"]);
    assert_eq!(
        failure.error,
        format!(
            "ethereum: contract 0xD533a949740bb3306d119CC777fa900bA034cd52 reports 18 decimals, but {} declares 6; amounts use the chain's 18. Correct `decimals` in the descriptor's [[chain]] entry",
            listingcheck::text::display_path(&path)
        )
    );
    let supply = &asset(&snapshot, "curve-dao-token").chain_supplies[0];
    assert_eq!(supply.decimals, 18);
    assert_eq!(supply.total_supply.to_string(), "2370000000");
}

#[tokio::test]
async fn two_fetches_of_the_same_answers_make_the_same_snapshot_up_to_timestamps() {
    let world = World::sample().await;
    let taken_at = "2026-11-20T00:00:00Z".parse().unwrap();

    let mut first = fetch(&world).await.snapshot;
    let mut second = fetch(&world).await.snapshot;
    normalize_timestamps(&mut first, taken_at);
    normalize_timestamps(&mut second, taken_at);

    assert!(
        listingcheck::snapshot::to_json(&first) == listingcheck::snapshot::to_json(&second),
        "two fetches of the same answers differ"
    );
}

#[tokio::test]
async fn a_precheck_fetches_only_the_candidate_and_finds_its_listings_elsewhere() {
    let world = World::sample().await;
    let options = FetchOptions {
        candidates: vec![repo("tests/fixtures/fetch/curve-dao-token.toml")],
        scope: Scope::Candidates,
        ..FetchOptions::default()
    };

    let snapshot = fetch_with(&world.http(&[]), &options).await.snapshot;

    let [curve] = snapshot.assets.as_slice() else {
        panic!(
            "{:?}",
            snapshot.assets.iter().map(|a| &a.id).collect::<Vec<_>>()
        )
    };
    assert!(curve.candidate);
    assert_eq!(curve.identified_by, IdentifiedBy::Descriptor);
    assert_eq!(exchanges_of(curve), ["coinone", "korbit", "gopax"]);
    assert_eq!(snapshot.market_lists.len(), 5);
    assert_eq!(curve.chain_supplies.len(), 1);
    assert_eq!(curve.wallet_balances.len(), 2);
    assert!(curve.first_trade.is_some() && curve.foreign_exchanges.is_some());
    assert!(
        snapshot
            .requests
            .iter()
            .all(|request| !request.endpoint.contains("/coins/list")),
        "a precheck identifies by descriptor, without the coin list"
    );
    assert!(snapshot.complete, "{:#?}", snapshot.failures);
}

#[tokio::test]
async fn a_disabled_chain_source_is_a_note_not_a_failure() {
    let world = World::sample().await;
    let http = world.http_with(&[("CMC_API_KEY", "test-cmc-key")], |config| {
        config.sources.get_mut("ethereum").unwrap().enabled = false;
    });

    let snapshot = fetch_with(&http, &sample_options()).await.snapshot;

    assert!(snapshot.complete, "{:#?}", snapshot.failures);
    let note = snapshot.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("The chain source `ethereum` is disabled"),
        "{note}"
    );
    assert!(asset(&snapshot, "axie-infinity").chain_supplies.is_empty());
}

#[tokio::test]
async fn a_candidate_whose_ticker_collides_with_a_listed_coin_does_not_inherit_its_markets() {
    let world = World::sample().await;
    let dir = tempfile::tempdir().unwrap();
    let crave = dir.path().join("crave.toml");
    let curve = std::fs::read_to_string(repo("tests/fixtures/fetch/curve-dao-token.toml")).unwrap();
    let renamed = curve
        .replace("id = \"curve-dao-token\"", "id = \"crave-finance\"")
        .replace("name = \"Curve DAO\"", "name = \"Crave Finance\"");
    assert_ne!(renamed, curve, "the fixture names Curve DAO");
    std::fs::write(&crave, renamed).unwrap();
    let options = FetchOptions {
        candidates: vec![crave],
        scope: Scope::Candidates,
        ..FetchOptions::default()
    };

    let snapshot = fetch_with(&world.http(&[]), &options).await.snapshot;

    let candidate = &snapshot.assets[0];
    assert_eq!(candidate.id, "crave-finance");
    assert!(candidate.listings.is_empty(), "{:?}", candidate.listings);
    let note = candidate.identity_note.as_deref().unwrap();
    assert!(
        note.contains("named \"Curve DAO Token\"") && note.contains("not Crave Finance"),
        "{note}"
    );
}

#[tokio::test]
async fn a_failed_evm_total_supply_is_read_from_etherscan_when_it_has_a_key() {
    let world = World::sample().await;
    let blur = "0x5283D291DBCF85356A21bA090E6db59121208b44";
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(EvmNode::sample("ethereum").reverting(blur))
        .with_priority(1)
        .mount(world.server("ethereum"))
        .await;
    let etherscan = wiremock::MockServer::start().await;
    get(&format!(
        "/v2/api?chainid=1&module=stats&action=tokensupply&contractaddress={blur}&apikey=test-etherscan-key"
    ))
    .respond_with(ResponseTemplate::new(200).set_body_raw(
        fixture("etherscan/tokensupply.json").replace(
            "21265524714464",
            "3000000000000000000000000000",
        ),
        "application/json",
    ))
    .mount(&etherscan)
    .await;
    let http = world.http_with(
        &[
            ("CMC_API_KEY", "k"),
            ("ETHERSCAN_API_KEY", "test-etherscan-key"),
        ],
        |config| {
            let settings = config.sources.get_mut("etherscan").unwrap();
            settings.base_url = etherscan.uri();
            settings.rate_limit = listingcheck::inputs::config::RateLimit::per_second(1000);
        },
    );

    let snapshot = fetch_with(&http, &sample_options()).await.snapshot;

    let blur_record = asset(&snapshot, "blur");
    let [supply] = blur_record.chain_supplies.as_slice() else {
        panic!("{:?}", blur_record.chain_supplies)
    };
    assert_eq!(supply.total_supply.to_string(), "3000000000");
    assert_eq!(snapshot.request(supply.req).source, "etherscan");
    assert!(
        snapshot.note.as_deref().unwrap_or_default().contains(&format!(
            "ethereum: totalSupply() of contract {blur} reverted (execution reverted); check that {blur} is the token's contract on ethereum; the total supply was read from Etherscan instead."
        )),
        "{:?}",
        snapshot.note
    );
    assert!(
        snapshot
            .failures
            .iter()
            .all(|failure| !failure.error.contains("totalSupply()")),
        "the supply did not fail: {:#?}",
        snapshot.failures
    );
    assert!(
        snapshot
            .failures
            .iter()
            .any(|failure| failure.error.contains("balanceOf(")),
        "the wallets' balances still failed"
    );
}

/// Serves `exchange`'s market list (Upbit's or Bithumb's shape) with the English name of `market`
/// changed to `name`.
async fn rename_market(world: &World, exchange: &str, path: &str, market: &str, name: &str) {
    let mut rows: Vec<Value> =
        serde_json::from_str(&fixture(&format!("sample/{exchange}/market_all.json"))).unwrap();
    let row = rows
        .iter_mut()
        .find(|row| row["market"] == market)
        .unwrap_or_else(|| panic!("no {market} in the {exchange} fixture"));
    row["english_name"] = Value::from(name);
    get(path)
        .respond_with(ResponseTemplate::new(200).set_body_json(rows))
        .with_priority(1)
        .mount(world.server(exchange))
        .await;
}

#[tokio::test]
async fn two_exchanges_that_name_one_ticker_differently_are_kept_apart_as_two_assets() {
    let world = World::sample().await;
    rename_market(
        &world,
        "bithumb",
        listingcheck::source::exchanges::bithumb::MARKETS_PATH,
        "KRW-ETH",
        "Ether Universe",
    )
    .await;

    let snapshot = fetch(&world).await.snapshot;

    let ethereum = asset(&snapshot, "ethereum");
    assert_eq!(ethereum.identified_by, IdentifiedBy::Coingecko);
    assert_eq!(
        exchanges_of(ethereum),
        ["upbit", "coinone", "korbit", "gopax"]
    );
    let other = asset(&snapshot, "symbol:ETH@bithumb");
    assert_eq!(other.identified_by, IdentifiedBy::Unresolved);
    assert_eq!(other.name.as_deref(), Some("Ether Universe"));
    assert_eq!(exchanges_of(other), ["bithumb"]);
    assert!(
        other.identity_note.as_deref().unwrap().starts_with(
            "the exchanges name ETH differently (Upbit \"Ethereum\", Korbit \"Ethereum\", GOPAX \"Ethereum\", Bithumb \"Ether Universe\"; Coinone gives no name, so its listing stays with the first); this asset is the ETH of Bithumb \"Ether Universe\", kept apart from the others; CoinGecko lists"
        ),
        "{:?}",
        other.identity_note
    );
    assert!(
        snapshot
            .note
            .as_deref()
            .unwrap()
            .contains("The exchanges name ETH differently"),
        "{:?}",
        snapshot.note
    );
    assert_eq!(snapshot.assets.len(), 39);
}

#[tokio::test]
async fn a_descriptor_takes_the_listings_that_give_its_name_when_the_exchanges_disagree() {
    let world = World::sample().await;
    rename_market(
        &world,
        "upbit",
        listingcheck::source::exchanges::upbit::MARKETS_PATH,
        "KRW-KAITO",
        "Kaito Finance",
    )
    .await;

    let snapshot = fetch(&world).await.snapshot;

    let kaito = asset(&snapshot, "kaito");
    assert_eq!(kaito.identified_by, IdentifiedBy::Descriptor);
    assert_eq!(exchanges_of(kaito), ["bithumb"]);
    assert!(
        kaito.disclosure.is_some(),
        "the descriptor still describes it"
    );
    let other = asset(&snapshot, "symbol:KAITO");
    assert_eq!(other.identified_by, IdentifiedBy::Unresolved);
    assert_eq!(
        exchanges_of(other),
        ["upbit", "coinone"],
        "Coinone names nothing, so it stays with the first name given"
    );
    assert!(other.disclosure.is_none());
}
