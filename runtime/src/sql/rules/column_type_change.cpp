// column-type-change: ALTER COLUMN ... TYPE rewrites the table under ACCESS EXCLUSIVE, unless the change is
// one PostgreSQL makes in the catalog only (binary-coercible: a longer varchar, varchar to text, ...).
#include "sql/rules/rule.hpp"

#include <charconv>
#include <optional>

namespace retort::sql {

namespace {

struct type_parts {
    std::string_view base;
    std::vector<long long> modifiers;
    bool array = false;
};

// Splits "varchar(20)", "numeric(10,2)[]" as tree::type_text writes them.
type_parts parts_of(std::string_view text) {
    type_parts p;
    while (text.ends_with("[]")) {
        p.array = true;
        text.remove_suffix(2);
    }
    const std::size_t open = text.find('(');
    p.base = text.substr(0, open);
    if (open == std::string_view::npos) return p;
    std::string_view mods = text.substr(open + 1, text.size() - open - 2);
    while (!mods.empty()) {
        const std::size_t comma = std::min(mods.find(','), mods.size());
        long long v = -1;
        std::from_chars(mods.data(), mods.data() + comma, v);
        p.modifiers.push_back(v);
        mods.remove_prefix(std::min(comma + 1, mods.size()));
    }
    return p;
}

// Whether PostgreSQL changes `from` into `to` without rewriting the table or scanning it.
bool binary_coercible(std::string_view from, std::string_view to) {
    if (from == to) return true;
    const auto a = parts_of(from);
    const auto b = parts_of(to);
    if (a.array != b.array) return false;
    const bool a_text = a.base == "varchar" || a.base == "text";
    if (a_text && (b.base == "text" || (b.base == "varchar" && b.modifiers.empty()))) return true;
    if (a.base == "varchar" && b.base == "varchar")
        return !a.modifiers.empty() && !b.modifiers.empty() && b.modifiers[0] >= a.modifiers[0];
    if (a.base == "numeric" && b.base == "numeric") {
        if (b.modifiers.empty()) return true;
        return a.modifiers.size() == 2 && b.modifiers.size() == 2 && b.modifiers[0] >= a.modifiers[0] &&
               b.modifiers[1] == a.modifiers[1];
    }
    if ((a.base == "varbit" && b.base == "varbit"))
        return b.modifiers.empty() || (!a.modifiers.empty() && b.modifiers[0] >= a.modifiers[0]);
    return a.base == "cidr" && b.base == "inet";
}

// Whether USING is absent or only the column itself (perhaps cast), which PostgreSQL treats like no USING.
bool plain_using(const json::value& expr, const std::string& column) {
    if (expr.is_null()) return true;
    const auto& cast = rules::as(expr, "TypeCast");
    const auto& ref = rules::as(cast.is_null() ? expr : cast["arg"], "ColumnRef");
    const auto fields = tree::names(ref["fields"]);
    return !fields.empty() && fields.back() == column;
}

// Whether the change is between timestamp and timestamptz (with the same precision).
bool timestamps(std::string_view from, std::string_view to) {
    const auto a = parts_of(from);
    const auto b = parts_of(to);
    return a.array == b.array && a.modifiers == b.modifiers &&
           ((a.base == "timestamp" && b.base == "timestamptz") || (a.base == "timestamptz" && b.base == "timestamp"));
}

// Whether the session's TimeZone is UTC (any zone of offset zero) at statement `at`, as set by the last
// SET timezone (or SET TIME ZONE) before it in the section; PostgreSQL 12 and later change timestamp into
// timestamptz and back without a rewrite then.
bool utc_session_at(const section_view& s, std::size_t at) {
    bool utc = false;
    for (std::size_t i = 0; i < at; ++i) {
        const auto& st = s.statements[i];
        if (st.kind() != "VariableSetStmt" || st.body()["name"].str() != "timezone") continue;
        if (st.body()["is_local"].boolean() && !s.transactional()) continue;
        const auto args = st.body()["args"].items();
        std::string zone(args.empty() ? std::string_view() : rules::as(args.front(), "A_Const")["sval"]["sval"].str());
        for (auto& c : zone) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        for (std::string_view prefix : {"etc/"})
            if (zone.starts_with(prefix)) zone.erase(0, prefix.size());
        utc = zone == "utc" || zone == "gmt" || zone == "uct" || zone == "universal" || zone == "zulu" || zone == "z";
    }
    return utc;
}

void check(const section_view& s, reporter& out) {
    rules::for_each_alter_table_cmd(s, [&](std::size_t i, const parsed_statement& st, const std::string& table,
                                           const json::value& cmd) {
        if (cmd["subtype"].str() != "AT_AlterColumnType" || s.is_new(table, i)) return;
        const std::string column(cmd["name"].str());
        const auto& def = rules::as(cmd["def"], "ColumnDef");
        const std::string to = tree::type_text(def["typeName"]);
        const bool using_clause = !plain_using(def["raw_default"], column);
        auto known = st.column_types.find(table + "." + column);
        if (known != st.column_types.end() && !using_clause && binary_coercible(known->second, to)) return;
        if (known != st.column_types.end() && !using_clause && timestamps(known->second, to) && utc_session_at(s, i))
            return;
        std::string from = known == st.column_types.end() ? std::string() : " from " + known->second;
        std::string message = fmt::format(
            "ALTER COLUMN {} TYPE {}{} on the existing table {} rewrites the table and rebuilds its indexes under an "
            "ACCESS EXCLUSIVE lock, blocking all reads and writes meanwhile; add a new column of the new type, fill it "
            "in batches, move the application over, then drop the old column",
            column, to, from, table);
        if (known == st.column_types.end())
            message +=
                " (changes PostgreSQL makes without a rewrite, such as varchar(n) to a longer varchar or to "
                "text, are not flagged when the column's type is known from the revisions)";
        if (known != st.column_types.end() && timestamps(known->second, to))
            message +=
                " (between timestamp and timestamptz PostgreSQL 12 and later do not rewrite when the session's "
                "TimeZone is UTC: SET timezone = 'UTC' before the statement)";
        out.report(st, std::move(message), rules::location_of(def));
    });
}

}  // namespace

extern const rule column_type_change_rule{
    {"column-type-change", level::warning, "ACCESS EXCLUSIVE",
     "changing a column's type rewrites the table and its indexes, unless the change is binary-coercible"},
    &check};

}  // namespace retort::sql
