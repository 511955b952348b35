// Runs the rules over one section and turns what they report into findings: placed at file:line:column,
// filtered by the retort:allow directives above each statement, at the level the settings give.
#pragma once

#include <vector>

#include "retort/revision.hpp"
#include "sql/directives.hpp"
#include "sql/finding.hpp"
#include "sql/section.hpp"
#include "sql/settings.hpp"

namespace retort::sql {

// Lints `view` (built from `sec`), whose directives are `d`, and appends the findings to `out`; an allow
// that suppressed nothing is reported as unused-allow.
void lint_section(const section_view& view, const section& sec, const directives& d, const severities& levels,
                  std::vector<finding>& out);

}  // namespace retort::sql
