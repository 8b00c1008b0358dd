//! Who can change a token's supply, through the binary: `precheck` of one candidate against
//! mock chains (an EVM node answering from a small chain state, a Solana node, Etherscan), one
//! case of the issue each, judged by the five powers metrics of `tests/fixtures/powers/standard.toml`.

mod support;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use support::{batch_answer, fixture, fixture_json, run_with_env};

const TOKEN: &str = "0x1111111111111111111111111111111111111111";
const IMPLEMENTATION: &str = "0x2222222222222222222222222222222222222222";
const KEY: &str = "0x3333333333333333333333333333333333333333";
const SAFE: &str = "0x4444444444444444444444444444444444444444";
const MINT: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const WALLET: &str = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";

/// A word holding an address or a number.
fn word(hex: &str) -> String {
    format!("0x{:0>64}", hex.trim_start_matches("0x"))
}

/// An EVM chain's state: which addresses have code, what their calls return, their storage.
/// An account without code answers every call with no data, as a node does; a contract reverts
/// a call it does not know.
#[derive(Clone, Default)]
struct EvmChain {
    code: HashSet<String>,
    calls: HashMap<(String, String), String>,
    storage: HashMap<(String, String), String>,
    /// `eth_getStorageAt` answers this node error.
    storage_fails: bool,
}

impl EvmChain {
    /// An ERC-20 token with 18 decimals, and `owner()` answering `owner` if given.
    fn token(owner: Option<&str>) -> Self {
        let mut chain = EvmChain::default();
        chain.code.insert(TOKEN.to_owned());
        chain.answer_call(TOKEN, "0x313ce567", &word("12"));
        chain.answer_call(TOKEN, "0x18160ddd", &word("33b2e3c9fd0803ce8000000"));
        if let Some(owner) = owner {
            chain.answer_call(TOKEN, "0x8da5cb5b", &word(owner));
        }
        chain
    }

    fn answer_call(&mut self, to: &str, data: &str, result: &str) {
        self.calls.insert(
            (to.to_ascii_lowercase(), data.to_owned()),
            result.to_owned(),
        );
    }

    /// A Safe of `threshold` of `owners`.
    fn safe(mut self, address: &str, threshold: u32, owners: u32) -> Self {
        self.code.insert(address.to_owned());
        self.answer_call(address, "0xe75235b8", &word(&format!("{threshold:x}")));
        let mut array = format!("0x{:064x}{:064x}", 0x20, owners);
        for owner in 0..owners {
            let _ = write!(array, "{:064x}", 0xa0 + owner);
        }
        self.answer_call(address, "0xa0e67e2b", &array);
        self
    }

    fn answer(&self, call: &Value) -> Value {
        if let Some(answer) =
            listingcheck::source::multicall::answer_as_node(call, |one| self.answer(one))
        {
            return answer;
        }
        let params = &call["params"];
        match call["method"].as_str().unwrap() {
            "eth_getStorageAt" if self.storage_fails => {
                json!({"error": {"code": -32000, "message": "missing trie node 1f2e3d (path )"}})
            }
            "eth_getStorageAt" => {
                let key = (
                    params[0].as_str().unwrap().to_ascii_lowercase(),
                    params[1].as_str().unwrap().to_owned(),
                );
                json!({"result": self.storage.get(&key).cloned().unwrap_or_else(|| word("0"))})
            }
            "eth_getCode" => {
                let address = params[0].as_str().unwrap().to_ascii_lowercase();
                let code = if self.code.contains(&address) {
                    "0x608060405234801561001057600080fd5b50"
                } else {
                    "0x"
                };
                json!({"result": code})
            }
            "eth_call" => {
                let to = params[0]["to"].as_str().unwrap().to_ascii_lowercase();
                let data = params[0]["data"].as_str().unwrap().to_owned();
                if !self.code.contains(&to) {
                    return json!({"result": "0x"});
                }
                match self.calls.get(&(to, data)) {
                    Some(result) => json!({"result": result}),
                    None => json!({"error": {"code": 3, "message": "execution reverted"}}),
                }
            }
            other => panic!("the test node does not know {other}"),
        }
    }
}

impl Respond for EvmChain {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        batch_answer(&request.body, |call| self.answer(call))
    }
}

/// A Solana node answering `getAccountInfo` from fixtures (the mint's also gives its supply).
#[derive(Clone, Default)]
struct SolanaChain {
    accounts: HashMap<String, Value>,
}

impl Respond for SolanaChain {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        batch_answer(&request.body, |call| {
            let address = call["params"][0].as_str().unwrap();
            match call["method"].as_str().unwrap() {
                "getAccountInfo" => match self.accounts.get(address) {
                    Some(account) => json!({"result": account["result"]}),
                    None => {
                        json!({"result": {"context": {"apiVersion": "2.2.14", "slot": 381_662_117}, "value": null}})
                    }
                },
                other => panic!("the test node does not know {other}"),
            }
        })
    }
}

/// The mock sources of one case, and a working directory whose `listingcheck.toml` points at
/// them with every exchange and aggregator off.
struct World {
    evm: MockServer,
    solana: MockServer,
    etherscan: MockServer,
    dir: tempfile::TempDir,
}

impl World {
    async fn new(evm: EvmChain, solana: SolanaChain, sources: &[(&str, &str)]) -> World {
        let world = World {
            evm: MockServer::start().await,
            solana: MockServer::start().await,
            etherscan: MockServer::start().await,
            dir: tempfile::tempdir().unwrap(),
        };
        Mock::given(method("POST"))
            .respond_with(evm)
            .mount(&world.evm)
            .await;
        Mock::given(method("POST"))
            .respond_with(solana)
            .mount(&world.solana)
            .await;
        for (address, body) in sources {
            Mock::given(method("GET"))
                .and(path("/v2/api"))
                .and(query_param("action", "getsourcecode"))
                .and(query_param("address", *address))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_raw(fixture(&format!("powers/{body}")), "application/json"),
                )
                .mount(&world.etherscan)
                .await;
        }
        let mut config = String::from("schema = 1\n\n[http]\nmax_retries = 0\n\n");
        let _ = writeln!(
            config,
            "[cache]\ndir = \"{}\"",
            world.dir.path().join("cache").display()
        );
        for off in [
            "upbit",
            "bithumb",
            "coinone",
            "korbit",
            "gopax",
            "coingecko",
            "coinmarketcap",
        ] {
            let _ = writeln!(config, "\n[sources.{off}]\nenabled = false");
        }
        for (source, server) in [
            ("ethereum", &world.evm),
            ("solana", &world.solana),
            ("etherscan", &world.etherscan),
        ] {
            let _ = writeln!(
                config,
                "\n[sources.{source}]\nbase_url = \"{}\"\nrate_limit = {{ requests = 1000, per_seconds = 1 }}",
                server.uri()
            );
        }
        std::fs::write(world.dir.path().join("listingcheck.toml"), config).unwrap();
        world
    }

    /// `precheck` of a candidate on `chain` at `contract`, as CSV: the exit code, the rows by
    /// rule, and stderr.
    async fn precheck(&self, chain: &str, contract: &str, extra: &str) -> Checked {
        self.precheck_with(
            chain,
            contract,
            extra,
            &[("ETHERSCAN_API_KEY", "test-etherscan-key")],
        )
        .await
    }

    /// [`World::precheck`] with `env` as the only keys.
    async fn precheck_with(
        &self,
        chain: &str,
        contract: &str,
        extra: &str,
        env: &'static [(&'static str, &'static str)],
    ) -> Checked {
        let descriptor = format!(
            "schema = 1\n\n[asset]\nid = \"candidate\"\nsymbol = \"CAND\"\nname = \"Candidate\"\n\n[[chain]]\nchain = \"{chain}\"\ncontract = \"{contract}\"\n{extra}"
        );
        let path = self.dir.path().join("candidate.toml");
        std::fs::write(&path, descriptor).unwrap();
        let dir = self.dir.path().to_owned();
        let standard = support::repo("tests/fixtures/powers/standard.toml");
        let run = tokio::task::spawn_blocking(move || {
            run_with_env(
                &dir,
                &[
                    "precheck",
                    path.to_str().unwrap(),
                    "--standard",
                    standard.to_str().unwrap(),
                    "--format",
                    "csv",
                    "--no-progress",
                ],
                env,
            )
        })
        .await
        .unwrap();
        let rows = run
            .stdout
            .lines()
            .skip(1)
            .map(|line| {
                let rule = line.split(',').nth(3).unwrap_or_default().to_owned();
                (rule, line.to_owned())
            })
            .collect();
        Checked {
            code: run.code,
            rows,
            stderr: run.stderr,
            dir: self.dir.path().to_owned(),
        }
    }
}

struct Checked {
    code: i32,
    rows: HashMap<String, String>,
    stderr: String,
    dir: std::path::PathBuf,
}

impl Checked {
    /// The status of a rule's row, and the row.
    fn status(&self, rule: &str) -> (&str, &str) {
        let row = self
            .rows
            .get(rule)
            .unwrap_or_else(|| panic!("no row for {rule}: {:#?}\n{}", self.rows, self.stderr));
        (row.split(',').nth(6).unwrap(), row.as_str())
    }

    /// The snapshot the precheck wrote.
    fn snapshot(&self) -> listingcheck::snapshot::Snapshot {
        let dir = self.dir.join("snapshots");
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| path.extension().is_some_and(|ext| ext == "json"))
            .unwrap();
        listingcheck::snapshot::read(&file).unwrap().snapshot
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_null_solana_mint_authority_is_no_single_key() {
    let mut solana = SolanaChain::default();
    solana.accounts.insert(
        MINT.to_owned(),
        fixture_json("powers/solana_getaccountinfo_mint_null_authorities.json"),
    );
    let world = World::new(EvmChain::default(), solana, &[]).await;

    let checked = world.precheck("solana", MINT, "").await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "pass", "{row}");
    assert!(
        row.contains(&format!(
            "no single key can mint: nobody, mint authority of {MINT} on solana"
        )),
        "{row}"
    );
    assert_eq!(checked.status("FREEZE").0, "pass");
    assert_eq!(checked.status("SOURCE-VERIFIED").0, "pass");
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_solana_mint_authority_held_by_a_plain_wallet_is_a_single_key() {
    let mut solana = SolanaChain::default();
    solana.accounts.insert(
        MINT.to_owned(),
        fixture_json("powers/solana_getaccountinfo_mint_wallet_authority.json"),
    );
    solana.accounts.insert(
        WALLET.to_owned(),
        fixture_json("powers/solana_getaccountinfo_wallet.json"),
    );
    let world = World::new(EvmChain::default(), solana, &[]).await;

    let checked = world.precheck("solana", MINT, "").await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "fail", "{row}");
    assert!(
        row.contains(&format!(
            "one key can mint: key {WALLET}, mint authority of {MINT} on solana"
        )),
        "{row}"
    );
    assert_eq!(checked.code, 1, "{}", checked.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ownable_mintable_token_owned_by_a_key_is_a_single_key() {
    let world = World::new(
        EvmChain::token(Some(KEY)),
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_ownable_mint.json")],
    )
    .await;

    let checked = world.precheck("ethereum", TOKEN, "").await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "fail", "{row}");
    assert!(
        row.contains(&format!("key {KEY}, owner() of {TOKEN}")),
        "{row}"
    );
    assert_eq!(checked.status("SOURCE-VERIFIED").0, "pass");
    assert_eq!(
        checked.status("UPGRADE-SINGLE-KEY").0,
        "pass",
        "not a proxy"
    );
    assert_eq!(checked.status("FREEZE").0, "pass", "no pause function");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ownable_mintable_token_owned_by_a_safe_is_no_single_key_and_says_its_threshold() {
    let world = World::new(
        EvmChain::token(Some(SAFE)).safe(SAFE, 3, 5),
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_ownable_mint.json")],
    )
    .await;
    let declared = format!(
        "\n[powers]\nsource = \"https://example.org/token-governance\"\n\n[[powers.holder]]\npower = \"mint\"\nchain = \"ethereum\"\naddress = \"{SAFE}\"\nkind = \"multisig\"\nthreshold = 3\n"
    );

    let checked = world.precheck("ethereum", TOKEN, &declared).await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "pass", "{row}");
    assert!(row.contains(&format!("Safe 3 of 5 {SAFE}")), "{row}");
    let (status, row) = checked.status("POWERS-DISCLOSED");
    assert_eq!(status, "pass", "{row}");
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renounced_owner_is_no_single_key() {
    let world = World::new(
        EvmChain::token(Some("0x0000000000000000000000000000000000000000")),
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_ownable_mint.json")],
    )
    .await;
    let declared = format!(
        "\n[powers]\nsource = \"https://example.org/token-governance\"\n\n[[powers.holder]]\npower = \"mint\"\nchain = \"ethereum\"\naddress = \"{KEY}\"\nkind = \"key\"\n"
    );

    let checked = world.precheck("ethereum", TOKEN, &declared).await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "pass", "{row}");
    assert!(
        row.contains("renounced (0x0000000000000000000000000000000000000000)"),
        "{row}"
    );
    let (status, row) = checked.status("POWERS-DISCLOSED");
    assert_eq!(
        status, "fail",
        "the disclosure names a key, the chain nobody: {row}"
    );
    assert!(
        row.contains(&format!("declared key {KEY}, on-chain nobody")),
        "{row}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_eip1967_proxy_whose_admin_is_a_key_can_be_upgraded_by_one_key() {
    let mut chain = EvmChain::token(None);
    let slot = |name: &str| match name {
        "implementation" => "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc",
        _ => "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103",
    };
    chain.storage.insert(
        (TOKEN.to_owned(), slot("implementation").to_owned()),
        word(IMPLEMENTATION),
    );
    chain
        .storage
        .insert((TOKEN.to_owned(), slot("admin").to_owned()), word(KEY));
    let world = World::new(
        chain,
        SolanaChain::default(),
        &[
            (TOKEN, "etherscan_getsourcecode_proxy.json"),
            (IMPLEMENTATION, "etherscan_getsourcecode_pausable.json"),
        ],
    )
    .await;

    let checked = world.precheck("ethereum", TOKEN, "").await;

    let (status, row) = checked.status("UPGRADE-SINGLE-KEY");
    assert_eq!(status, "fail", "{row}");
    assert!(
        row.contains(&format!(
            "one key can upgrade: key {KEY}, proxy admin of {TOKEN}"
        )),
        "{row}"
    );
    let (status, row) = checked.status("FREEZE");
    assert_eq!(status, "fail", "the implementation can pause: {row}");
    assert!(row.contains("pause"), "{row}");
    assert_eq!(
        checked.status("MINT-SINGLE-KEY").0,
        "pass",
        "no mint function"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unverified_source_fails_its_rule_and_leaves_what_its_abi_decides_unknown() {
    let world = World::new(
        EvmChain::token(Some(KEY)),
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_unverified.json")],
    )
    .await;

    let checked = world.precheck("ethereum", TOKEN, "").await;

    let (status, row) = checked.status("SOURCE-VERIFIED");
    assert_eq!(status, "fail", "{row}");
    for rule in ["MINT-SINGLE-KEY", "FREEZE"] {
        let (status, row) = checked.status(rule);
        assert_eq!(status, "unknown", "never pass: {row}");
        assert!(row.contains("is not verified"), "{row}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_error_on_the_proxy_slots_is_unknown_and_a_recorded_failure() {
    let chain = EvmChain {
        storage_fails: true,
        ..EvmChain::token(Some(KEY))
    };
    let world = World::new(
        chain,
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_ownable_mint.json")],
    )
    .await;

    let checked = world.precheck("ethereum", TOKEN, "").await;

    let (status, row) = checked.status("UPGRADE-SINGLE-KEY");
    assert_eq!(status, "unknown", "{row}");
    assert!(row.contains("was not read"), "{row}");
    assert_eq!(checked.code, 3, "a source failed: {}", checked.stderr);
    let snapshot = checked.snapshot();
    let failure = snapshot
        .failures
        .iter()
        .find(|failure| failure.error.contains("eth_getStorageAt"))
        .unwrap_or_else(|| panic!("{:#?}", snapshot.failures));
    assert_eq!(failure.source, "ethereum");
    assert_eq!(failure.assets, ["candidate"]);
    assert!(
        failure.error.contains("missing trie node"),
        "{}",
        failure.error
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_minter_role_member_without_code_is_a_single_key_whatever_the_abi() {
    let mut chain = EvmChain::token(None);
    let role = "9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6";
    chain.answer_call(TOKEN, &format!("0xca15c873{role}"), &word("1"));
    chain.answer_call(TOKEN, &format!("0x9010d07c{role}{:064x}", 0), &word(KEY));
    let world = World::new(
        chain,
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_unverified.json")],
    )
    .await;

    let checked = world.precheck("ethereum", TOKEN, "").await;

    let (status, row) = checked.status("MINT-SINGLE-KEY");
    assert_eq!(status, "fail", "{row}");
    assert!(
        row.contains(&format!("key {KEY}, MINTER_ROLE member of {TOKEN}")),
        "{row}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_an_etherscan_key_the_source_is_unknown_and_a_note_says_why() {
    let world = World::new(
        EvmChain::token(Some(KEY)),
        SolanaChain::default(),
        &[(TOKEN, "etherscan_getsourcecode_ownable_mint.json")],
    )
    .await;

    let checked = world.precheck_with("ethereum", TOKEN, "", &[]).await;

    let (status, row) = checked.status("SOURCE-VERIFIED");
    assert_eq!(status, "unknown", "{row}");
    assert!(row.contains("was not read"), "{row}");
    let snapshot = checked.snapshot();
    assert!(
        snapshot.failures.is_empty(),
        "a missing key is no failure: {:#?}",
        snapshot.failures
    );
    assert!(
        snapshot
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("ETHERSCAN_API_KEY, which is not set"),
        "{:?}",
        snapshot.note
    );
    assert!(
        world
            .etherscan
            .received_requests()
            .await
            .unwrap()
            .is_empty(),
        "Etherscan is not asked without its key"
    );
}

#[test]
fn precheck_lists_the_powers_rules_first() {
    let (code, stdout, stderr) = support::run_in_repo(&[
        "precheck",
        "assets/sample/ondo-finance.toml",
        "--snapshot",
        "snapshots/sample-20261120T000000Z.json",
        "--standard",
        "standards/fss-listing/2026-draft-b.toml",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 1, "ONDO's unlocks fail: {stderr}");
    let rules: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(3).unwrap())
        .collect();
    assert_eq!(
        rules[..3],
        ["MINT-SINGLE-KEY", "UPGRADE-SINGLE-KEY", "SOURCE-VERIFIED"],
        "{stdout}"
    );
    assert!(stdout.contains("Safe 3 of 5"), "{stdout}");
}
