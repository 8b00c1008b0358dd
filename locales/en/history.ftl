# History: one asset's runs over time (`listingcheck history ASSET`), and the projection of its
# drift from the circulation plan. Figures ($…) arrive already formatted for English.

history-heading = { $asset } under { $standard }, from { $from } to { $to }; runs recorded: { $runs } (history { $database })
history-empty = No recorded run of { $asset } matches (history { $database }).

## Column headings
history-column-date = Date
history-column-verdict = Verdict
history-column-measured = Circulating
history-column-planned = Planned
history-column-excess = vs plan
history-column-not-passing = Not passing
history-column-value = { $rule } value
history-column-status = { $rule } status

## Marks after a date
history-sample-note = * read the sample shipped with listingcheck, not a fetch.
history-incomplete-note = ! a source failed in that run, so some of its results are unknown.

## The projection: always labelled as one, never a verdict
history-projection = Projection, not a verdict: at the rate of the last { $days } days ({ $points } runs, { $slope } a day against the plan), { $crossings }.
history-warns-on = { $rule } warns ({ $bound }) on { $date }
history-fails-on = { $rule } fails ({ $bound }) on { $date }
history-warns-already = the line is past { $rule }'s warning bound ({ $bound }) already
history-fails-already = the line is past { $rule }'s failing bound ({ $bound }) already
history-above = above { $limit }
history-below = below { $limit }
history-too-few = Projection, not a verdict: none; a trend needs { $needed } runs with a plan in the last { $days } days, and there are { $points }.
history-flat = Projection, not a verdict: at the rate of the last { $days } days ({ $points } runs, { $slope } a day against the plan), { $rule } reaches no bound within 10 years.
history-receding = Projection, not a verdict: over the last { $days } days ({ $points } runs, { $slope } a day against the plan), circulation moves back toward the plan, away from { $rule }'s bounds.
history-no-plan = No projection: the asset discloses no circulation plan.
history-no-rule = No projection: the standard has no rule on circulation_plan_excess, so there are no bounds to project.
