# The words around the findings: names, column headers, headings and summaries of every
# document (check, compare, diff, standards diff, sweep). Figures arrive already formatted.

## Names
verdict-pass = pass
verdict-warn = warn
verdict-fail = fail
verdict-unknown = unknown
verdict-waived = waived
not-checked = not checked
severity-block = block
severity-warn = warn
severity-info = info
status-draft = draft
status-adopted = adopted
status-withdrawn = withdrawn
exchange-upbit = upbit
exchange-bithumb = bithumb
exchange-coinone = coinone
exchange-korbit = korbit
exchange-gopax = gopax
# A caution kind of one exchange: `upbit:PRICE_FLUCTUATIONS`.
caution-kind-on = { $exchange }:{ $kind }
caution-price-fluctuations = PRICE_FLUCTUATIONS
caution-trading-volume-soaring = TRADING_VOLUME_SOARING
caution-deposit-amount-soaring = DEPOSIT_AMOUNT_SOARING
caution-global-price-differences = GLOBAL_PRICE_DIFFERENCES
caution-concentration-of-small-accounts = CONCENTRATION_OF_SMALL_ACCOUNTS
caution-price-sudden-fluctuation = PRICE_SUDDEN_FLUCTUATION
caution-trading-volume-sudden-fluctuation = TRADING_VOLUME_SUDDEN_FLUCTUATION
caution-deposit-amount-sudden-fluctuation = DEPOSIT_AMOUNT_SUDDEN_FLUCTUATION
caution-price-difference-high = PRICE_DIFFERENCE_HIGH
caution-specific-account-high-transaction = SPECIFIC_ACCOUNT_HIGH_TRANSACTION
caution-exchange-trading-concentration = EXCHANGE_TRADING_CONCENTRATION
# The kind of market event behind a caution, whichever exchange flagged it.
caution-class-price = price
caution-class-volume = volume
caution-class-deposits = deposits
caution-class-global-price-gap = global price gap
caution-class-small-accounts = small-account concentration
caution-class-exchange-concentration = exchange concentration

## What was checked against what
inputs-standard = Standard: { $id } { $version } ({ $status }) — { $title }
inputs-snapshot = Snapshot: { $path } taken { $taken }
inputs-snapshot-sample = Snapshot: { $path } taken { $taken } — SAMPLE DATA, not a real fetch
inputs-as-of = As of:    { $date } (Korean date)
incomplete-unnamed = INCOMPLETE: the snapshot says so, without naming a failed source
incomplete-sources = INCOMPLETE: { $count } source(s) failed: { $failures }

## Counts
one-asset = 1 asset
n-assets = { $count } assets
one-result = 1 result
n-results = { $count } results
check-summary = { $assets }, { $results }: { $pass } pass, { $warn } warn, { $fail } fail ({ $blocking } blocking), { $unknown } unknown, { $waived } waived
nothing-checked = No rule applied to any asset, so nothing was checked: look at the rules' `applies_to`.
no-findings = No findings: every result passes.

## Waivers
waiver-expiring = waiver { $asset } / { $rule } expires on { $expires } ({ $days } days left)
waiver-expired = waiver { $asset } / { $rule } expired on { $expires }; the result stands
waiver-not-needed = waiver { $asset } / { $rule } is not needed: the result is not a failure
waiver-unmatched = waiver { $asset } / { $rule } matched nothing in this check (typo, or the asset or rule is gone)
not-known = not known

## Titles and headings
title-check = Listing check: { $id } { $version }
title-comparison = Draft comparison: { $a_id } { $a_version } → { $b_id } { $b_version }
title-standards-diff = Standards diff: { $a_id } { $a_version } → { $b_id } { $b_version }
title-sweep = Threshold sweep: { $rule } `{ $bound }`
title-run-diff = Changes since the last run
title-coverage = Disclosure coverage of { $path }: the listed assets that lack a descriptor, a circulation plan or excluded wallets, the largest market cap first
coverage-summary = { $gaps } of { $listed } listed assets lack part of their disclosure; without it their disclosure rules say unknown.
coverage-complete = Every one of the { $listed } listed assets has a descriptor with a circulation plan and excluded wallets.
heading-assets = Assets
heading-findings = Findings
heading-findings-listed = Findings (passing results are not listed; --all lists them)
heading-all-results = All results
heading-evidence = Evidence
heading-waivers = Waivers
heading-rules-paired = Rules, paired by id
heading-every-asset = Every asset
heading-assets-changing = Assets whose verdict changes ({ $unchanged } unchanged; --all lists every asset):
heading-assets-changing-short = Assets whose verdict changes
heading-sweep-changes = Assets that start (+) or stop (−) failing
heading-new-failures = New failures ({ $count }, { $blocking } blocking)
heading-new-unknowns = New unknowns: the data is gone ({ $count })
heading-resolved = Resolved failures ({ $count })
heading-other-changes = Other changes of status ({ $count })
heading-moved = Values moved by more than { $points } percentage points (ratios) or { $percent } % (other numbers) ({ $count })

## Column headers
col-asset = Asset
col-rule = Rule
col-status = Status
col-severity = Severity
col-value = Value
col-threshold = Threshold
col-detail = Detail
col-verdict = Verdict
col-deciding-rules = Deciding rules
col-was = Was
col-now = Now
col-value-change = Value (old → new)
col-old = Old
col-new = New
col-change = Change
col-a-to-b = A → B
col-results-changed =
    Results
    changed
col-assets-flipped =
    Assets
    flipped
col-under-a = Under A
col-under-b = Under B
col-flipped-by = Flipped by (value: A → B)
col-field = Field
col-a = A
col-b = B
col-direction = Direction
col-fail = Fail
col-warn = Warn
col-pass = Pass
col-unknown = Unknown
col-waived = Waived
col-draft = Draft
col-failing = Failing
col-market-cap = Market cap
col-descriptor = Descriptor
col-plan = Circulation plan
col-excluded-wallets = Excluded wallets
coverage-present = yes
coverage-missing = missing

## Lines of a check
status-waived = waived ({ $would_be }, until { $expires })
one-more-asset = 1 more asset
n-more-assets = { $count } more assets
more-pass = { $assets } pass every rule (--all lists them).
every-asset-passes = Every asset passes.
no-observation = no observation was available
evidence-at = at { $time }
evidence-at-cached = at { $time }, cached { $age } s
note-line = Note: { $text }
waiver-line = Waiver: { $text }
none-listed = None.

## Comparisons and standards diffs
standard-side = { $label }: { $id } { $version } ({ $status }) — { $path }
comparison-as-of = As of: { $date } (Korean date)
comparison-summary = { $assets } assets: { $failing_a } failing under A, { $failing_b } under B; { $newly_failing } newly failing, { $newly_passing } newly passing, { $other } other verdict changes, { $unchanged } unchanged
metadata-line = Metadata: { $change }
unchanged-assets-note = { $count } assets are unchanged; `--all` lists every asset.
flip-side = { $outcome } under { $threshold }
verdict-change-newly-failing = newly failing
verdict-change-newly-passing = newly passing
verdict-change-changed = changed
verdict-change-unchanged = unchanged
change-added = added
change-removed = removed
change-changed = changed
change-unchanged = unchanged
change-reworded = reworded
field-rule = rule
direction-stricter = stricter
direction-looser = looser
rule-summary = { $metric } { $thresholds } ({ $severity }, missing data: { $when_missing })
fields-reworded = { $fields } reworded
rule-counts = Rules: { $added } added, { $removed } removed, { $changed } changed, { $unchanged } unchanged
standards-same = The two standards define the same rules and metadata.
unchanged-rules = Unchanged: { $rules }
reworded-note = Reworded prose is named, not quoted; --all quotes it.

## Sweeps
sweep-of = Sweep of { $rule } `{ $bound }` ({ $title }, { $metric }) as { $id } { $version } defines it
sweep-snapshot = Snapshot: { $path } taken { $taken }; as of { $date }; the rule applies to { $assets } assets
sweep-snapshot-sample = Snapshot: { $path } taken { $taken } — SAMPLE DATA; as of { $date }; the rule applies to { $assets } assets
sweep-draft-at = { $bound } = { $value } → { $fail } of { $assets } assets fail
sweep-step-changes = at { $value }: { $changes }

## Run diffs
run-side = { $label }: { $id } { $version } on { $path } taken { $taken } (as of { $date })
run-side-sample = { $label }: { $id } { $version } on { $path } taken { $taken } (as of { $date }) — SAMPLE DATA
run-diff-summary = { $new_failures } new failures ({ $blocking } blocking), { $resolved } resolved, { $new_unknowns } new unknowns, { $other } other changes, { $moved } values moved, { $listed } listed, { $delisted } delisted, { $waivers } waiver notes
run-diff-summary-not-seen = { $summary }; { $count } not seen (their market lists were not read)
no-run-changes = No changes between the two runs.
new-asset = new asset
listed-since = Listed since OLD: { $assets }
delisted-since = Delisted since OLD: { $assets }
not-seen-in-new = Not seen in NEW, whose market lists were not all read (not known to be delisted): { $assets }
note-unread-market-lists = NEW did not read the market list of { $exchanges }: an asset missing from NEW may still be listed there, so { $count } of OLD's assets are not seen rather than delisted
note-standards-differ = OLD applied { $old_id } { $old_version } and NEW applied { $new_id } { $new_version }: some changes come from the standard, not the data
note-new-before-old = NEW's snapshot ({ $new }) was taken before OLD's ({ $old }): are the arguments in the right order?
note-source-failed = NEW: source { $source } failed ({ $error }); results that need it are unknown
note-first-run = no previous run in this snapshots directory: this run is the baseline, so every failure is new
note-previous-incomplete = the previous run's report { $path } was passed over: its data was incomplete (a source failed)

## JUnit
junit-fail-not-blocking = fail ({ $severity } severity, not blocking): { $value } breaks { $threshold }; { $detail }
junit-fail-body =
    value: { $value }
    threshold: { $threshold }
    detail: { $detail }
junit-evidence = evidence: { $what } = { $value } ({ $source } { $endpoint } at { $time })
junit-fail-message = { $rule } { $severity }: { $value } breaks { $threshold }
junit-unknown = unknown: { $detail }
junit-warn = warn: { $value } is outside the warning band of { $threshold }; { $detail }
junit-waived = waived (would be { $would_be }) until { $expires }, granted by { $granted_by }: { $reason }
junit-source-failed = source { $source } failed: { $error }
junit-source-body =
    endpoint: { $endpoint }
    assets without its data: { $assets }
junit-incomplete = the snapshot is marked incomplete
junit-incomplete-body = results that need the missing data are unknown
not-listed-before = not listed
junit-change-body =
    was: { $was }
    value: { $from } → { $to }
    threshold: { $threshold }
    detail: { $detail }
junit-new-blocking = new blocking failure of { $rule }: { $to } breaks { $threshold }
junit-new-failure =
    new failure of a { $severity } rule (not blocking)
    { $body }
junit-data-gone = data gone: was { $from }, now { $now }: { $detail }
junit-resolved = resolved: now { $now }

## More names
outcome-with-severity = { $status } ({ $severity })
when-missing-unknown = unknown
when-missing-fail = fail
run-label-old = OLD
run-label-new = NEW

## Reference documents: standards show, metrics
sheet-standard = { $id } { $version } ({ $status }) — { $title }
sheet-published = published { $date }
sheet-effective = effective { $date }
sheet-supersedes = supersedes { $version }
sheet-source = source: { $source }
applies-markets = markets { $list }
applies-exchanges = exchanges { $list }
applies-chains = chains { $list }
applies-assets = assets { $list }
applies-all = all
col-metric = Metric
col-missing-data = Missing data
col-applies-to = Applies to
col-reference-rationale = Reference / rationale
col-unit = Unit
col-params = Params
col-formula = Formula
col-needs = Needs

## The HTML pages: banners, charts and controls
banner-sample = SAMPLE DATA: this page was made from the sample shipped with listingcheck, not from a real fetch. Do not use it for a listing decision.
banner-incomplete = INCOMPLETE DATA: { $count } source(s) failed, so the results that need them are unknown. Do not read an unknown as a pass.
heading-status-by-rule = Statuses by rule
heading-circulation = Circulation of { $asset } over time
filter-every = (every)
col-evidence = Evidence
chart-status-title = Assets in each status, by rule
chart-status-caption = Each bar is one rule, split by status and labelled where it fits; the figures are in the table below.
chart-figures = The chart's figures
chart-axis-assets = Assets (count)
chart-sweep-title-fail = Failing assets as { $rule } { $bound } moves
chart-sweep-title-warn = Assets at warning as { $rule } { $bound } moves
chart-axis-threshold = { $rule } { $bound } (threshold)
chart-axis-fail = Failing assets (count)
chart-axis-warn = Assets at warning (count)
chart-draft-mark-fail = { $label }: { $value } → { $count } failing
chart-draft-mark-warn = { $label }: { $value } → { $count } at warning
chart-sweep-caption = The line counts the assets that fail the rule (or, for a warning bound, that it warns) at each value of the threshold; the dashed lines mark each draft's value.
chart-circulation-title = { $asset }: planned and measured circulation
chart-axis-date = Korean date
chart-axis-tokens = Circulation (tokens)
chart-planned = planned (disclosed plan)
chart-measured = measured
chart-tolerance = tolerance of the rule
chart-circulation-caption = Measured circulation against the disclosed plan on each recorded date; the shaded band is the rule's tolerance around the plan (the yellow part warns).
chart-drift-title = { $asset }: gap between measured and planned circulation
chart-axis-gap = Measured above plan (% of plan)
chart-bound-fail = fails beyond
chart-bound-warn = warns beyond
chart-projection = projection at the last { $days } days' rate, not a verdict
chart-drift-caption = The gap on each recorded date, the rule's bounds, and (dashed) where the gap heads at the recent rate: a projection, never a verdict.
heading-history-runs = Runs, one per Korean date
heading-threshold-curves = Where the moved thresholds bite
chart-warning-band = warning band of the rule
chart-plan-gaps-title = Circulation against the disclosed plan, by asset
chart-plan-gaps-caption = Each bar is an asset's measured circulation above (or below) its disclosed plan, in per cent of the plan, with its status; the dashed lines are the rule's bounds (the 20 furthest above their plan when there are more).
