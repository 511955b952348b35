// The list of rules, in docs/lint.md's order. A new rule: a file rules/<id>.cpp, a line here, a section
// in docs/lint.md, and its positive and negative cases in tests/sql/.
#include <array>

#include "sql/rules/rule.hpp"

namespace retort::sql {

extern const rule index_not_concurrent_rule;
extern const rule drop_index_not_concurrent_rule;
extern const rule concurrently_in_transaction_rule;
extern const rule reindex_not_concurrent_rule;
extern const rule vacuum_full_rule;
extern const rule cluster_rule;
extern const rule foreign_key_not_valid_rule;
extern const rule check_not_valid_rule;
extern const rule set_not_null_rule;
extern const rule not_null_without_default_rule;
extern const rule volatile_default_rule;
extern const rule stored_generated_column_rule;
extern const rule column_type_change_rule;
extern const rule add_serial_column_rule;
extern const rule unique_without_using_index_rule;
extern const rule drop_table_rule;
extern const rule drop_column_rule;
extern const rule truncate_rule;
extern const rule rename_table_rule;
extern const rule rename_column_rule;
extern const rule statements_after_exclusive_lock_rule;
extern const rule missing_lock_timeout_rule;
extern const rule transaction_control_rule;
extern const rule prefer_timestamptz_rule;
extern const rule prefer_bigint_rule;
extern const rule prefer_identity_rule;
extern const rule prefer_text_rule;
extern const rule prefer_jsonb_rule;

namespace {

// Reported by the engine (lint.cpp), listed so that they can be configured and documented like the others.
constexpr rule unused_allow{{unused_allow_rule, level::warning, "",
                             "a retort:allow that suppresses nothing (the statement below it has no such finding)"},
                            nullptr};
constexpr rule not_parsed{{not_parsed_rule, level::info, "",
                           "a statement or file opted out of parsing with retort:no-parse or retort:no-parse-file"},
                          nullptr};

constexpr std::array<const rule*, 30> registered{&index_not_concurrent_rule,
                                                 &drop_index_not_concurrent_rule,
                                                 &concurrently_in_transaction_rule,
                                                 &reindex_not_concurrent_rule,
                                                 &vacuum_full_rule,
                                                 &cluster_rule,
                                                 &foreign_key_not_valid_rule,
                                                 &check_not_valid_rule,
                                                 &set_not_null_rule,
                                                 &not_null_without_default_rule,
                                                 &volatile_default_rule,
                                                 &stored_generated_column_rule,
                                                 &column_type_change_rule,
                                                 &add_serial_column_rule,
                                                 &unique_without_using_index_rule,
                                                 &drop_table_rule,
                                                 &drop_column_rule,
                                                 &truncate_rule,
                                                 &rename_table_rule,
                                                 &rename_column_rule,
                                                 &statements_after_exclusive_lock_rule,
                                                 &missing_lock_timeout_rule,
                                                 &transaction_control_rule,
                                                 &prefer_timestamptz_rule,
                                                 &prefer_bigint_rule,
                                                 &prefer_identity_rule,
                                                 &prefer_text_rule,
                                                 &prefer_jsonb_rule,
                                                 &unused_allow,
                                                 &not_parsed};

}  // namespace

std::span<const rule* const> all_rules() noexcept { return registered; }

std::span<const rule_info> rule_catalog() noexcept {
    // Copied on first use, after every rule file's constant has been initialized.
    static const auto infos = [] {
        std::array<rule_info, registered.size()> out{};
        for (std::size_t i = 0; i < registered.size(); ++i) out[i] = registered[i]->info;
        return out;
    }();
    return infos;
}

const rule_info* find_rule(std::string_view id) noexcept {
    for (const auto& r : rule_catalog())
        if (r.id == id) return &r;
    return nullptr;
}

}  // namespace retort::sql
