# Findings: how a value was reached, or why it could not be.
# Figures ($…) arrive already formatted for English (318,421,502 · +29.46 % · 2022-10-31 ·
# ₩10.00 bn); only the sentences are here.

## Shared words
yes = yes
no = no
none = none
# Text kept as it was written (a schema-1 report's detail read back by `diff`).
verbatim = { $text }
# Two reasons behind one gap.
two-reasons = { $first }; { $second }

## Where a supply figure comes from
basis-on-chain = measured on-chain
basis-reported = reported by { $source }; nothing measured on-chain
source-issuer = issuer
source-public-record = the public record

## Figures an aggregator or a descriptor reports
figure-circulating-supply = circulating supply
figure-self-reported-circulating-supply = self-reported circulating supply
figure-total-supply = total supply
figure-a-max-supply = a max supply
figure-a-circulation-schedule = a circulation schedule

## Supply: what the descriptor discloses
no-descriptor = no asset descriptor, so nothing is known of its disclosures
no-descriptor-no-wallets = no asset descriptor, so no excluded wallets are known
no-plan = the asset descriptor discloses no plan
no-contract = the descriptor declares no contract
no-schedule = the descriptor's plan has no circulation schedule
no-max-supply = the descriptor's plan discloses no max_supply
max-supply-zero = the disclosed max supply is zero
descriptor-discloses = the descriptor discloses { $what }
descriptor-does-not-disclose = the descriptor does not disclose { $what }

## Supply: what is measured on-chain
no-wallet-balance = no balance for excluded wallet `{ $label }` ({ $address } on { $chain }): the chain source failed or is not configured
no-chain-supply = no total supply for { $contract } on { $chain }: the chain source failed or is not configured
no-onchain-total = no on-chain total supply was observed
excluded-exceed-total = excluded wallets hold { $excluded } but the total supply is { $total }: a wallet may be listed on the wrong chain
excluded-overflow = excluded balances overflow 256 bits
total-overflow = total supply overflows 256 bits
amounts-overflow = amounts overflow 256 bits
zero-division = division by a zero amount
no-aggregator-reports = no aggregator reports a { $figure }
nothing-onchain-to-compare = { $why }, so nothing is measured on-chain to compare with
onchain-zero = on-chain circulating supply is zero, so a gap ratio is undefined
issued-zero = the issued supply is zero
circulating-zero = circulating supply is zero
plan-zero = the plan's circulating supply on { $as_of } is zero, so an excess ratio is undefined
days-overflow = cannot add { $days } days to { $as_of }: { $error }

## Supply: the measurements
circulating-supply = { $circulating } tokens, { $basis }
period-linear = linear from { $from } on { $from_date } to { $to } on { $to_date }
period-by = by { $date }
circ-plan-excess = circulating { $circulating } ({ $basis }) vs planned { $planned } { $period }: { $excess }
issuer-claim-excess = the issuer's own { $figure } { $claimed } ({ $source }) vs planned { $planned } { $period }: { $excess }
no-issuer-claim = no figure of the issuer's own: CoinMarketCap reports no self-reported circulating supply
circ-reported-gap = { $source } { $figure } { $reported } vs on-chain { $onchain }: gap { $gap }
total-supply-excess = issued { $issued } ({ $basis }) vs disclosed max { $max }: { $excess }
circulating-ratio = circulating { $circulating } / issued { $issued } ({ $basis }) = { $ratio }
unlock-ratio = plan allows { $planned } by { $date }, { $increase } more than the { $circulating } circulating now ({ $basis }): { $ratio }

## Markets: listings and trading history
no-foreign-exchange-list = no exchange list from CoinGecko tickers for this asset
foreign-exchange-count = { $count } foreign exchanges
market-lists-unread = the market list of { $exchanges } was not read (failed or disabled), so the count could be too low
not-listed-krw = not listed in a KRW market
listed-krw-on = listed in KRW on { $exchanges }
no-first-trade = the date of the first trade was not observed
first-traded-at-least = first traded on or before { $first }: at least { $days } days before { $as_of }
first-traded = first traded { $first }, { $days } days before { $as_of }

## Markets: prices and turnover
no-usd-krw = no USD/KRW rate in the snapshot
no-usd-price = no aggregator reports a USD price
market-cap-krw = { $circulating } circulating ({ $basis }) × { $price } × { $rate } KRW/USD = { $cap }
krw-market-unknown = no KRW market is known: the market list of { $exchanges } was not read (failed or disabled)
not-traded-krw = not traded in a KRW market
no-ticker = no ticker for { $market } on { $exchange }
market-cap-zero = market cap is zero
daily-turnover = { $traded } traded in 24 h in KRW markets / { $cap } market cap = { $ratio }
no-global-volume = no aggregator reports a global 24 h volume and price
global-turnover = { $volume } traded in 24 h worldwide / { $cap } market cap ({ $circulating } circulating, { $basis }) = { $ratio }
reference-price-zero = the global reference price is zero
domestic-premium = { $exchange } price vs global { $reference }: { $premium }
no-change-24h = { $exchange } reports no change since the previous close
price-change-24h = { $change } on { $exchange }

## Markets: investment warnings (유의) and cautions (주의)
market-list-unread = { $exchange }'s market list was not read
flags-unread = { $exchange } lists it, but its flags were not read
warning-designated = designated by { $exchanges }
warning-not-ruled-out = no designation seen, but a warning cannot be ruled out: { $gaps }
no-warning-publisher = none of the exchanges listing the asset publishes an investment-warning designation
no-warning = no warning on { $exchanges }
caution-count-could-be-low = the count could be too low: { $gaps }
no-caution-publisher = none of the exchanges listing the asset publishes caution flags
no-caution = no active caution flag
# Each kind of market event once, with every exchange's own name for it.
caution-kinds = { $kinds }
caution-kind-seen = { $kind } ({ $exchanges })
caution-kind-unplaced = { $flag }

## The record: changes of the plan and joint delistings
plan-revisions = { $count } revisions of the circulation plan in the { $days } days to { $as_of }
jointly-delisted = jointly delisted by { $exchanges } (decided { $decided }: { $reason }; { $source }), trading support ended { $ended }: { $days } days before { $as_of }
no-joint-delisting = no joint delisting on record since { $covers_from }: at least { $days } days
delisting-history-starts-later = the record of joint delistings starts on { $covers_from }, after the as-of date

## Windows of days: the zombie-coin exit examples
no-market-days = the asset's market day by day was not observed (no daily market chart, and no history database)
quarterly-turnover = average daily global turnover by quarter: { $quarters }; the highest { $ratio }
no-quarter-covered = no complete quarter was seen every day: { $quarters }
quarter-turnover = { $first } to { $last } { $ratio } ({ $seen } of { $days } days)
quarter-not-covered = { $first } to { $last } not covered ({ $seen } of { $days } days seen)
market-cap-high = highest daily global market cap from { $first } to { $last }: { $usd } × { $rate } KRW/USD = { $cap } on { $date } ({ $seen } of { $days } days seen)
market-cap-high-part = highest daily global market cap seen from { $first } to { $last }: { $usd } × { $rate } KRW/USD = { $cap } on { $date }, but only { $seen } of { $days } days were seen, so the true high may be higher
no-market-day-in-window = no day from { $first } to { $last } was seen (0 of { $days } days)

## What evaluation adds
missing-data-fails = { $reason } (the rule treats missing data as a failure)
lower-bound-unsettled = { $reason }; only a lower bound is known, which does not settle this rule

## Powers: who can mint, upgrade or freeze
power-mint = mint
power-upgrade = upgrade
power-freeze = freeze
via-mint-authority = mint authority
via-freeze-authority = freeze authority
via-owner = owner()
via-minter-role = MINTER_ROLE member
via-proxy-admin = proxy admin
via-proxy-admin-owner = owner of the ProxyAdmin
via-beacon-owner = owner of the beacon
holder-key = key { $address }
holder-safe = Safe { $threshold } of { $signers } { $address }
holder-spl-multisig = SPL multisig { $threshold } of { $signers } { $address }
holder-multisig = multisig of { $threshold } signatures { $address }
holder-contract = contract { $address }
holder-renounced = renounced ({ $address })
holder-none = nobody
holder-in-place = { $holder }, { $via } of { $contract } on { $chain }
powers-not-read = the powers over its contracts were not read: the chain source failed or is not configured
power-unread = who can { $power } { $contract } on { $chain } was not read (the chain source failed)
holder-unread = { $contract } on { $chain } can { $power }, but who calls it was not read
guard-unknown = neither an owner() nor a role holder of { $contract } on { $chain } was found, so who can { $power } is unknown
source-unread = the source of { $contract } on { $chain } was not read (Etherscan failed, or has no key)
source-unverified = the source of { $contract } on { $chain } is not verified, so its functions are unknown
source-verified = { $contract } on { $chain } is verified ({ $name })
source-token-program = { $contract } on { $chain } is a mint of { $name }, whose source is public
items-listed = { $items }
mint-not-upgradeable = a Solana mint is an account of its token program, which the issuer cannot upgrade
not-a-proxy = { $contract } on { $chain } sets no EIP-1967 slot: it is not an upgradeable proxy
no-mint-function = the verified ABI of { $contract } on { $chain } has no mint function
no-freeze-function = the verified ABI of { $contract } on { $chain } has no pause, freeze or blacklist function
single-key-holds = one key can { $power }: { $holders }
no-single-key = no single key can { $power }: { $holders }
power-undecided = who can { $power } is unknown: { $gaps }
freeze-functions = { $contract } on { $chain } has { $functions }
freeze-possible = holders can be frozen: { $holders }
freeze-impossible = nobody can freeze holders: { $reasons }
no-powers-declared = the descriptor declares no [powers]
powers-differ = { $power } on { $contract } ({ $chain }): declared { $declared }, on-chain { $observed }
powers-disagree = the chain disagrees with the disclosure: { $differences }
powers-chain-unread = the powers on { $chain } were not read: its chain source is disabled or failed
powers-match-undecided = the disclosure cannot be checked: { $gaps }
powers-agree = the chain agrees with the { $count } declared holders ({ $source })
