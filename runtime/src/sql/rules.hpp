// The lint rules as data: what each one catches, how serious it is by default and which lock it is about.
// docs/lint.md describes each rule with an example and the safe rewrite.
#pragma once

#include <span>
#include <string_view>

#include "sql/finding.hpp"

namespace retort::sql {

struct rule_info {
    std::string_view id;       // kebab-case, as written in -- retort:allow and LINT_RULES
    level severity;            // the default
    std::string_view lock;     // the lock the flagged statement takes, e.g. "ACCESS EXCLUSIVE"; "" when none
    std::string_view summary;  // one sentence: what it catches and why it matters
};

// Every lint rule, in the order docs/lint.md lists them.
std::span<const rule_info> rule_catalog() noexcept;

// The rule with this id; nullptr when there is none.
const rule_info* find_rule(std::string_view id) noexcept;

}  // namespace retort::sql
