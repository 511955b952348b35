// prefer-timestamptz: timestamp without time zone stores wall-clock readings without their zone.
#include "sql/rules/rule.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_column_definition(s, [&](const rules::column_definition& c) {
        if (tree::type_base(*c.type) != "timestamp") return;
        out.report(*c.statement,
                   fmt::format("column {} of {} is timestamp (without time zone): it stores a wall-clock reading with "
                               "no zone, so the same value means another instant for a session or server in another "
                               "TimeZone, and daylight-saving changes make readings repeat; use timestamptz, which "
                               "stores the instant",
                               c.name, c.table),
                   rules::location_of(*c.type));
    });
}

}  // namespace

extern const rule prefer_timestamptz_rule{{"prefer-timestamptz", level::info, "",
                                           "timestamp without time zone instead of timestamptz"},
                                          &check};

}  // namespace retort::sql
