# Findings: how a value was reached, or why it could not be.
# Figures ($…) arrive already formatted for English; do not reformat them here.

## Shared words
yes = yes
no = no
none = none
# Text kept as it was written (a schema-1 report's detail read back by `diff`).
verbatim = { $text }
