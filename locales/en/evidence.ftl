# Evidence: what each cited observation is, and the figures that are sentences of their own.
# Figures ($…) arrive already formatted.

wallet-released = balance of `{ $label }` { $address } on { $chain } (circulating since { $until })
wallet-locked = balance of excluded `{ $label }` { $address } on { $chain } (locked until { $until })
wallet-excluded = balance of excluded `{ $label }` { $address } on { $chain }
total-supply-of = total supply of { $contract } on { $chain }
total-supply-raw = { $total } (raw { $raw }, { $decimals } decimals)
reported-figure = { $figure } reported by { $source } for `{ $id }`
planned-circulating = planned circulating supply { $period }, for { $as_of }
planned-circulating-sourced = planned circulating supply { $period }, for { $as_of }; source: { $source }
planned-circulating-by = planned circulating supply by { $date } (target by { $target })
disclosed-max-supply = disclosed max supply
descriptor-discloses-evidence = descriptor discloses { $what }
foreign-exchanges = exchanges outside Korea trading the asset
krw-market-on = KRW market on { $exchange }
first-trade-history-start = first trade (the source's history starts here)
on-or-before = on or before { $date }
first-trade = first trade
usd-krw-rate = USD/KRW rate
global-usd-price = global USD price reported by { $source }
trade-value-24h = 24 h trade value on { $exchange }
global-volume-24h = global 24 h volume reported by { $source }
krw-price-on = KRW price on { $exchange }
krw-price = ₩{ $price }
change-24h-on = change since the previous close on { $exchange }
investment-warning-on = investment warning (유의) on { $exchange }
caution-flags-on = caution (주의) flags on { $exchange }
plan-revision-of = revision of the circulation plan of { $date } ({ $source })
market-days-of = days from { $first } to { $last } seen here (of { $days })
market-status-on = { $field } of the market on { $exchange } (as the exchange writes it)
staking-rewards-excluded = staking rewards of `{ $label }` above its staked { $staked } (kept out of circulation, as staked foundation tokens are)
staking-rewards-circulating = staking rewards of `{ $label }` above its staked { $staked } (counted as circulating, as its descriptor says)
