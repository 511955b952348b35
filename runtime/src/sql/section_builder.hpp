// Builds a section_view: every statement the parser accepted, parsed into its tree, with its changes,
// locks and the graph knowledge before it.
#pragma once

#include <vector>

#include "retort/revision.hpp"
#include "sql/schema_model.hpp"
#include "sql/section.hpp"

namespace retort::sql {

// `accepted[i]`: statement i of `sec` passed the parse checks (the others come without a tree). `model` holds what
// the revisions before this one created; an upgrade's changes are applied to it, statement by statement,
// so that it holds this revision too afterwards. A downgrade only reads it; `upgrade` is the same
// revision's upgrade view.
section_view build_section(const revision& r, section_kind kind, const section& sec, const std::vector<bool>& accepted,
                           schema_model& model, const section_view* upgrade);

}  // namespace retort::sql
