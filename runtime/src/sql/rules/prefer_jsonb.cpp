// prefer-jsonb: json instead of jsonb.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_column_definition(s, [&](const rules::column_definition& c) {
        if (tree::type_base(*c.type) != "json") return;
        out.report(*c.statement,
                   fmt::format("column {} of {} is json: it keeps the text as written and parses it on every access, "
                               "has no equality operator (no DISTINCT, GROUP BY or UNIQUE) and no GIN index; use jsonb",
                               c.name, c.table),
                   rules::location_of(*c.type));
    });
}

}  // namespace

extern const rule prefer_jsonb_rule{{"prefer-jsonb", level::info, "", "json instead of jsonb"}, &check};

}  // namespace retort::sql
