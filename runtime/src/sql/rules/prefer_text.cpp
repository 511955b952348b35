// prefer-text: varchar(n) and char(n) instead of text with a CHECK constraint.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_column_definition(s, [&](const rules::column_definition& c) {
        const auto base = tree::type_base(*c.type);
        std::string message;
        if (base == "varchar" && tree::has_type_modifiers(*c.type)) {
            message = fmt::format(
                "column {} of {} is {}: the length limit is a rule of the data that cannot be "
                "lowered without a full scan under ACCESS EXCLUSIVE; use text with CHECK "
                "(char_length({}) <= n), which can be replaced with NOT VALID and validated beside "
                "traffic",
                c.name, c.table, tree::type_text(*c.type), c.name);
        } else if (base == "bpchar") {
            message = fmt::format(
                "column {} of {} is {}: char(n) pads values with spaces and compares them without "
                "the padding, which surprises every client; use text (with a CHECK on the length if "
                "needed)",
                c.name, c.table, tree::type_text(*c.type));
        } else {
            return;
        }
        out.report(*c.statement, std::move(message), rules::location_of(*c.type));
    });
}

}  // namespace

extern const rule prefer_text_rule{{"prefer-text", level::info, "",
                                    "varchar(n) or char(n) instead of text with a CHECK constraint"},
                                   &check};

}  // namespace retort::sql
