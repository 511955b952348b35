// volatile-default: a column added with a volatile default rewrites the table under ACCESS EXCLUSIVE.
#include "sql/rules/rule.hpp"

#include "sql/volatility.hpp"

namespace retort::sql {

namespace {

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_AddColumn" || s.is_new(table, i)) return;
        const auto& column = rules::as(cmd["def"], "ColumnDef");
        for (const auto* d : rules::column_constraints(column, "CONSTR_DEFAULT")) {
            const auto call = find_volatile_call((*d)["raw_expr"], st.functions);
            if (!call) continue;
            const std::string_view what =
                call->declared ? "a volatile function (an earlier revision created it without STABLE or IMMUTABLE)"
                : call->known  ? "a volatile function"
                               : "a function that is neither a built-in known to be stable nor one the revisions "
                                 "created, so it may be volatile";
            std::string message = fmt::format(
                "ADD COLUMN {0} on the existing table {2} has DEFAULT {1}(...), {3}: PostgreSQL computes it for "
                "every row and rewrites the whole table under an ACCESS EXCLUSIVE lock; add the column without the "
                "default (or with a constant one), then SET DEFAULT {1}(...) for new rows and fill the existing rows "
                "in batches",
                column["colname"].str(), call->function, table, what);
            if (!call->known)
                message += fmt::format(
                    " (if {} is declared STABLE or IMMUTABLE, nothing is rewritten: then say so with "
                    "-- retort:allow volatile-default <reason>)",
                    call->function);
            out.report(st, std::move(message), rules::location_of(*d));
        }
    });
}

}  // namespace

extern const rule volatile_default_rule{
    {"volatile-default", level::warning, "ACCESS EXCLUSIVE",
     "a column added with a volatile default (clock_timestamp(), gen_random_uuid(), ...) rewrites the table"},
    &check};

}  // namespace retort::sql
