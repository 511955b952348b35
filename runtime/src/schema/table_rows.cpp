#include "schema/table_rows.hpp"

#include <fmt/format.h>

namespace retort::schema {

std::vector<table_rows> read_table_rows(connection& conn, const database_schema& s) {
    std::vector<table_rows> out;
    for (const auto& t : s.tables) {
        if (t.partitioned) continue;  // its rows are its partitions', which are tables of `s` too
        std::string name = qualified_name(t.schema, t.name);
        // Sorted as text, so that the digest does not depend on the physical order of the rows.
        auto r = conn.query(
            fmt::format("SELECT count(*), coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') FROM {} AS r",
                        name));
        table_rows rows{std::move(name), 0, {}};
        if (!r.rows.empty() && r.rows[0][0]) rows.count = std::stoll(*r.rows[0][0]);
        if (!r.rows.empty() && r.rows[0][1]) rows.digest = *r.rows[0][1];
        out.push_back(std::move(rows));
    }
    return out;
}

}  // namespace retort::schema
