// The built-in functions' volatility, for the ones that defaults use.
#include "sql/volatility.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "sql/tree.hpp"

namespace retort::sql {

namespace {

// pg_proc.provolatile = 'v' among the functions that column defaults call.
constexpr std::string_view volatile_functions[] = {"clock_timestamp",  "gen_random_uuid",
                                                   "nextval",          "random",
                                                   "setval",           "timeofday",
                                                   "txid_current",     "pg_current_xact_id",
                                                   "uuid_generate_v1", "uuid_generate_v1mc",
                                                   "uuid_generate_v4", "random_normal",
                                                   "currval",          "lastval"};

// Stable or immutable built-ins that defaults and generated columns commonly use.
constexpr std::string_view stable_functions[] = {"now",
                                                 "transaction_timestamp",
                                                 "statement_timestamp",
                                                 "current_setting",
                                                 "lower",
                                                 "upper",
                                                 "length",
                                                 "char_length",
                                                 "octet_length",
                                                 "concat",
                                                 "concat_ws",
                                                 "btrim",
                                                 "ltrim",
                                                 "rtrim",
                                                 "substr",
                                                 "substring",
                                                 "replace",
                                                 "left",
                                                 "right",
                                                 "lpad",
                                                 "rpad",
                                                 "repeat",
                                                 "md5",
                                                 "to_char",
                                                 "to_timestamp",
                                                 "to_date",
                                                 "to_number",
                                                 "date_trunc",
                                                 "date_part",
                                                 "extract",
                                                 "make_date",
                                                 "make_time",
                                                 "make_timestamp",
                                                 "make_timestamptz",
                                                 "make_interval",
                                                 "jsonb_build_object",
                                                 "jsonb_build_array",
                                                 "json_build_object",
                                                 "json_build_array",
                                                 "to_json",
                                                 "to_jsonb",
                                                 "array_to_string",
                                                 "string_to_array",
                                                 "abs",
                                                 "round",
                                                 "ceil",
                                                 "floor",
                                                 "trunc",
                                                 "timezone",
                                                 "format",
                                                 "encode",
                                                 "decode",
                                                 "sha256",
                                                 "initcap",
                                                 "reverse",
                                                 "split_part",
                                                 "regexp_replace",
                                                 "array_length",
                                                 "cardinality",
                                                 "coalesce",
                                                 "to_tsvector",
                                                 "setweight"};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], std::string_view name) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

}  // namespace

std::optional<volatile_call> find_volatile_call(const json::value& expr,
                                                const std::unordered_map<std::string, bool>& declared) {
    std::optional<volatile_call> found;
    tree::walk(expr, [&](const json::value& node) {
        if (found) return;
        const auto& call = tree::as(node, "FuncCall");
        if (call.is_null()) return;
        auto names = tree::names(call["funcname"]);
        if (names.empty()) return;
        const bool builtin_schema = names.size() == 1 || names.front() == "pg_catalog";
        const std::string& name = names.back();
        std::string written = names.front();
        for (std::size_t i = 1; i < names.size(); ++i) written += "." + names[i];
        // A function of the revisions' own shadows a built-in of the same name in their schema.
        if (auto it = declared.find(tree::relation_key_of_names(call["funcname"])); it != declared.end()) {
            if (it->second) found = volatile_call{written, true, true};
            return;
        }
        if (builtin_schema && listed(stable_functions, name)) return;
        found = volatile_call{written, builtin_schema && listed(volatile_functions, name), false};
    });
    return found;
}

}  // namespace retort::sql
