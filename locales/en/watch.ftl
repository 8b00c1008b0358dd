# Watch alerts (`listingcheck watch`): the `text` of each alert, which Slack shows. Figures ($…)
# arrive already formatted for English; $before and $now are verdict names.

watch-raised = { $symbol }: { $rule } went from { $before } to { $now } (measured { $value }). { $moved }
watch-worsened = { $symbol }: { $rule } worsened from { $before } to { $now } (measured { $value }). { $moved }
watch-resolved = { $symbol }: { $rule } is back to { $now } from { $before } (measured { $value }). { $moved }
watch-wallets-moved = Excluded wallets that moved since the previous poll: { $wallets }.
watch-no-wallet-moved = No excluded wallet moved since the previous poll.
watch-wallet-moved = { $label } ({ $address }) { $change }
watch-cannot-see = Cannot see { $assets }: the source { $source } failed { $polls } polls in a row, so their supply rules are not being watched.
watch-can-see-again = The source { $source } answers again: { $assets } are watched again.
watch-holders-changed = { $symbol }: who can mint, upgrade or freeze { $contract } on { $chain } changed: was { $before }, now { $now }.
