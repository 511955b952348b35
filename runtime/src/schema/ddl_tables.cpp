// DDL of tables, columns, defaults, constraints and indexes, with their hazards (see ddl.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "schema/ddl.hpp"

namespace retort::schema::ddl {

namespace {

stmt make(std::string sql) { return stmt{std::move(sql), {}, change_action::alter, {}, {}}; }

std::string table_name(const table_def& t) { return qualified_name(t.schema, t.name); }

void lock_hazard(stmt& s, const table_def& t, std::string_view how_long) {
    s.hazards.push_back({hazard_kind::access_exclusive_lock,
                         fmt::format("locks {} against reads and writes {}", table_name(t), how_long)});
}

bool is_character(const std::string& type) {
    return type == "text" || type.starts_with("character varying") || type.starts_with("character(") ||
           type == "character" || type == "\"char\"" || type == "name";
}

// A change the server makes without rewriting the table: a longer (or unlimited) varchar, text and
// varchar into each other, a numeric with more digits and the same scale, cidr to inet.
bool binary_coercible(const std::string& a, const std::string& b) {
    auto length = [](const std::string& t, std::string_view prefix) -> long {
        if (!t.starts_with(prefix)) return -2;
        if (t.size() == prefix.size()) return -1;  // unlimited
        return std::strtol(t.c_str() + prefix.size() + 1, nullptr, 10);
    };
    long va = length(a, "character varying"), vb = length(b, "character varying");
    if (a == "text") va = -1;
    if (b == "text") vb = -1;
    if (va != -2 && vb != -2) return vb == -1 || (va != -1 && vb >= va);
    if (a.starts_with("numeric(") && b.starts_with("numeric")) {
        if (b == "numeric") return true;
        int pa = 0, sa = 0, pb = 0, sb = 0;
        if (std::sscanf(a.c_str(), "numeric(%d,%d)", &pa, &sa) == 2 &&
            std::sscanf(b.c_str(), "numeric(%d,%d)", &pb, &sb) == 2)
            return sb == sa && pb >= pa;
    }
    return a == "cidr" && b == "inet";
}

// Functions whose value differs per row: a default that calls one fills every existing row by
// rewriting the table; any other default is stored once in the catalog.
bool volatile_default(const std::string& expr) {
    constexpr std::array<std::string_view, 8> calls = {"nextval(",         "random(",
                                                       "gen_random_uuid(", "uuid_generate_v",
                                                       "clock_timestamp(", "timeofday(",
                                                       "txid_current(",    "statement_timestamp("};
    return std::any_of(calls.begin(), calls.end(), [&](auto c) { return expr.find(c) != std::string::npos; });
}

std::string sequence_clauses(const sequence_options& o) {
    return fmt::format("START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {}{}", o.start, o.increment,
                       o.min_value, o.max_value, o.cache, o.cycle ? " CYCLE" : " NO CYCLE");
}

std::string identity_clause(const table_def& t, const identity_def& i) {
    return fmt::format("GENERATED {} AS IDENTITY (SEQUENCE NAME {} {})", i.generation == 'a' ? "ALWAYS" : "BY DEFAULT",
                       qualified_name(t.schema, i.sequence_name), sequence_clauses(i.options));
}

std::string column_definition(const table_def& t, const column_def& c) {
    std::string out = quote_ident(c.name) + " " + c.type;
    if (!c.collation.empty()) out += " COLLATE " + c.collation;
    if (c.generated) out += fmt::format(" GENERATED ALWAYS AS ({}) STORED", *c.generated);
    if (c.identity) out += " " + identity_clause(t, *c.identity);
    if (c.default_value) out += " DEFAULT " + *c.default_value;
    if (c.not_null) out += " NOT NULL";
    return out;
}

std::string alter(const table_def& t, const std::string& rest) {
    return fmt::format("ALTER TABLE {} {};", table_name(t), rest);
}
std::string alter_column_sql(const table_def& t, const column_def& c, const std::string& rest) {
    return alter(t, fmt::format("ALTER COLUMN {} {}", quote_ident(c.name), rest));
}

// A constraint definition without the clauses that ALTER CONSTRAINT and VALIDATE CONSTRAINT change.
std::string core_definition(std::string def) {
    for (std::string_view suffix : {" NOT VALID", " INITIALLY DEFERRED", " DEFERRABLE"}) {
        if (def.ends_with(suffix)) def.erase(def.size() - suffix.size());
    }
    return def;
}

}  // namespace

stmt create_table(const table_def& t) {
    std::string sql = fmt::format("CREATE {}TABLE {}", t.unlogged ? "UNLOGGED " : "", table_name(t));
    if (t.partition) {
        sql += fmt::format(" PARTITION OF {} {}", qualified_name(t.partition->schema, t.partition->parent),
                           t.partition->bound);
    } else {
        sql += " (";
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            sql += fmt::format("{}\n    {}", i == 0 ? "" : ",", column_definition(t, t.columns[i]));
        sql += t.columns.empty() ? ")" : "\n)";
    }
    if (t.partitioned) sql += " PARTITION BY " + t.partition_key;
    if (!t.options.empty()) {
        std::string opts;
        for (const auto& o : t.options) opts += (opts.empty() ? "" : ", ") + o;
        sql += " WITH (" + opts + ")";
    }
    return make(sql + ";");
}

stmt drop_table(const table_def& t) {
    stmt s = make(fmt::format("DROP TABLE {};", table_name(t)));
    s.hazards.push_back({hazard_kind::data_loss, fmt::format("deletes table {} and every row in it", table_name(t))});
    return s;
}

std::vector<stmt> table_settings(const table_def& t) {
    std::vector<stmt> out;
    if (t.row_security) out.push_back(make(alter(t, "ENABLE ROW LEVEL SECURITY")));
    if (t.force_row_security) out.push_back(make(alter(t, "FORCE ROW LEVEL SECURITY")));
    return out;
}

std::vector<stmt> alter_table(const table_def& a, const table_def& b) {
    std::vector<stmt> out;
    if (a.unlogged != b.unlogged) {
        stmt s = make(alter(b, b.unlogged ? "SET UNLOGGED" : "SET LOGGED"));
        s.hazards.push_back({hazard_kind::table_rewrite, fmt::format("rewrites {}", table_name(b))});
        lock_hazard(s, b, "while it is rewritten");
        out.push_back(std::move(s));
    }
    std::vector<std::string> set, reset;
    for (const auto& o : b.options)
        if (std::find(a.options.begin(), a.options.end(), o) == a.options.end()) set.push_back(o);
    for (const auto& o : a.options) {
        std::string name = o.substr(0, o.find('='));
        bool kept =
            std::any_of(b.options.begin(), b.options.end(), [&](const auto& x) { return x.starts_with(name + "="); });
        if (!kept) reset.push_back(name);
    }
    auto list = [](const std::vector<std::string>& items) {
        std::string joined;
        for (const auto& i : items) joined += (joined.empty() ? "" : ", ") + i;
        return joined;
    };
    if (!reset.empty()) out.push_back(make(alter(b, "RESET (" + list(reset) + ")")));
    if (!set.empty()) out.push_back(make(alter(b, "SET (" + list(set) + ")")));
    if (a.row_security != b.row_security)
        out.push_back(make(alter(b, b.row_security ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY")));
    if (a.force_row_security != b.force_row_security)
        out.push_back(
            make(alter(b, b.force_row_security ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY")));
    if (a.partition != b.partition) {
        if (a.partition)
            out.push_back(make(fmt::format("ALTER TABLE {} DETACH PARTITION {};",
                                           qualified_name(a.partition->schema, a.partition->parent), table_name(a))));
        if (b.partition)
            out.push_back(make(fmt::format("ALTER TABLE {} ATTACH PARTITION {} {};",
                                           qualified_name(b.partition->schema, b.partition->parent), table_name(b),
                                           b.partition->bound)));
    }
    return out;
}

stmt add_column(const table_def& t, const column_def& c, bool existing) {
    stmt s = make(alter(t, "ADD COLUMN " + column_definition(t, c)));
    if (!existing) return s;
    if (c.generated || c.identity || (c.default_value && volatile_default(*c.default_value))) {
        s.hazards.push_back(
            {hazard_kind::table_rewrite,
             fmt::format("rewrites {} to fill the new column {} in every row", table_name(t), quote_ident(c.name))});
        lock_hazard(s, t, "while it is rewritten");
    } else {
        lock_hazard(s, t, "briefly");
    }
    if (c.not_null && !c.default_value && !c.generated && !c.identity)
        s.comments.push_back(
            fmt::format("NOT NULL without a default: this fails when {} has rows; add a default, "
                        "or add the column, fill it, then SET NOT NULL",
                        table_name(t)));
    return s;
}

stmt drop_column(const table_def& t, const column_def& c, bool existing) {
    stmt s = make(alter(t, "DROP COLUMN " + quote_ident(c.name)));
    s.hazards.push_back({hazard_kind::data_loss,
                         fmt::format("deletes column {}.{} and its values", table_name(t), quote_ident(c.name))});
    if (existing) lock_hazard(s, t, "briefly");
    return s;
}

namespace {

// A change of type or collation, with the USING clause that gets each value there.
stmt change_type(const table_def& t, const column_def& a, const column_def& b, bool existing) {
    std::string rest = "TYPE " + b.type;
    if (!b.collation.empty()) rest += " COLLATE " + b.collation;
    // Text into anything else has no assignment cast; a type of the user's (an enum, a domain) is
    // reached through its text form; everything else relies on the assignment cast there is, which
    // fails on values that do not fit instead of cutting them.
    bool user_type = a.type.find('.') != std::string::npos || b.type.find('.') != std::string::npos;
    if (a.type != b.type && is_character(a.type) && !is_character(b.type))
        rest += fmt::format(" USING {}::{}", quote_ident(b.name), b.type);
    else if (a.type != b.type && user_type)
        rest +=
            fmt::format(" USING {}::{}::{}", quote_ident(b.name), b.type.ends_with("[]") ? "text[]" : "text", b.type);
    stmt s = make(alter_column_sql(t, b, rest));
    if (a.type != b.type && user_type && !is_character(a.type))
        s.comments.push_back(
            fmt::format("{} goes from {} to {} through its text form: check that every value "
                        "converts (or write the USING expression that maps them)",
                        quote_ident(b.name), a.type, b.type));
    if (existing && a.type != b.type && !binary_coercible(a.type, b.type)) {
        s.hazards.push_back({hazard_kind::table_rewrite,
                             fmt::format("rewrites {} (and rebuilds its indexes) to change {} from {} to {}",
                                         table_name(t), quote_ident(b.name), a.type, b.type)});
        lock_hazard(s, t, "while it is rewritten");
    } else if (existing) {
        lock_hazard(s, t, "briefly (indexes on the column are rebuilt)");
    }
    return s;
}

// Each identity option that differs, in one ALTER COLUMN; a renamed backing sequence follows.
void change_identity(const table_def& t, const column_def& a, const column_def& b, std::vector<stmt>& out) {
    const auto &x = *a.identity, &y = *b.identity;
    std::string rest;
    if (x.generation != y.generation)
        rest += y.generation == 'a' ? " SET GENERATED ALWAYS" : " SET GENERATED BY DEFAULT";
    if (x.options.start != y.options.start) rest += fmt::format(" SET START WITH {}", y.options.start);
    if (x.options.increment != y.options.increment) rest += fmt::format(" SET INCREMENT BY {}", y.options.increment);
    if (x.options.min_value != y.options.min_value) rest += fmt::format(" SET MINVALUE {}", y.options.min_value);
    if (x.options.max_value != y.options.max_value) rest += fmt::format(" SET MAXVALUE {}", y.options.max_value);
    if (x.options.cache != y.options.cache) rest += fmt::format(" SET CACHE {}", y.options.cache);
    if (x.options.cycle != y.options.cycle) rest += y.options.cycle ? " SET CYCLE" : " SET NO CYCLE";
    if (!rest.empty()) out.push_back(make(alter_column_sql(t, b, rest.substr(1))));
    if (x.sequence_name != y.sequence_name)
        out.push_back(make(fmt::format("ALTER SEQUENCE {} RENAME TO {};", qualified_name(t.schema, x.sequence_name),
                                       quote_ident(y.sequence_name))));
}

}  // namespace

std::optional<std::vector<stmt>> alter_column(const table_def& t, const column_def& a, const column_def& b,
                                              bool existing) {
    std::vector<stmt> out;
    if (a.generated != b.generated) {
        if (b.generated) return std::nullopt;  // no ALTER sets or changes a generation expression
        out.push_back(make(alter_column_sql(t, b, "DROP EXPRESSION")));
    }
    if (a.type != b.type || a.collation != b.collation) out.push_back(change_type(t, a, b, existing));
    if (a.identity && !b.identity) out.push_back(make(alter_column_sql(t, b, "DROP IDENTITY")));
    if (a.not_null != b.not_null && !b.not_null) out.push_back(make(alter_column_sql(t, b, "DROP NOT NULL")));
    if (!a.identity && b.identity)
        out.push_back(make(alter_column_sql(t, b, "ADD " + identity_clause(t, *b.identity))));
    if (a.identity && b.identity && !(*a.identity == *b.identity)) change_identity(t, a, b, out);
    if (a.not_null != b.not_null && b.not_null) {
        stmt s = make(alter_column_sql(t, b, "SET NOT NULL"));
        if (existing) {
            s.hazards.push_back({hazard_kind::full_scan,
                                 fmt::format("reads every row of {} to check {}; on a large table add CHECK ({} IS NOT "
                                             "NULL) NOT VALID, VALIDATE it, then SET NOT NULL",
                                             table_name(t), quote_ident(b.name), quote_ident(b.name))});
            lock_hazard(s, t, "during the scan");
        }
        out.push_back(std::move(s));
    }
    return out;
}

stmt set_default(const table_def& t, const column_def& c, bool existing) {
    stmt s = make(alter_column_sql(t, c, "SET DEFAULT " + c.default_value.value_or("NULL")));
    if (existing) lock_hazard(s, t, "briefly");
    return s;
}

stmt drop_default(const table_def& t, const column_def& c) { return make(alter_column_sql(t, c, "DROP DEFAULT")); }

stmt add_constraint(const table_def& t, const constraint_def& c, bool existing) {
    stmt s = make(alter(t, fmt::format("ADD CONSTRAINT {} {}", quote_ident(c.name), c.definition)));
    if (!existing) return s;
    if ((c.type == 'f' || c.type == 'c') && c.validated) {
        s.hazards.push_back(
            {hazard_kind::full_scan,
             fmt::format("reads every row of {} to check {}; on a large table add it NOT VALID and VALIDATE "
                         "CONSTRAINT {} in a later statement, which does not block writes",
                         table_name(t), quote_ident(c.name), quote_ident(c.name))});
    }
    if (c.type == 'f') {
        s.hazards.push_back(
            {hazard_kind::blocks_writes,
             fmt::format("locks {} and the referenced table against writes (SHARE ROW EXCLUSIVE)", table_name(t))});
    } else if (c.type == 'p' || c.type == 'u') {
        s.hazards.push_back({hazard_kind::access_exclusive_lock,
                             fmt::format("builds the index of {} while {} is locked against reads and writes; on a "
                                         "large table build it with CREATE UNIQUE INDEX CONCURRENTLY, then ADD "
                                         "CONSTRAINT ... USING INDEX",
                                         quote_ident(c.name), table_name(t))});
    } else {
        lock_hazard(s, t, c.type == 'x' ? "while the index is built" : "during the scan");
    }
    return s;
}

stmt drop_constraint(const table_def& t, const constraint_def& c, bool existing) {
    stmt s = make(alter(t, "DROP CONSTRAINT " + quote_ident(c.name)));
    if (existing) lock_hazard(s, t, "briefly");
    return s;
}

std::optional<stmt> alter_constraint(const table_def& t, const constraint_def& a, const constraint_def& b) {
    if (a.type != b.type || core_definition(a.definition) != core_definition(b.definition)) return std::nullopt;
    bool same_timing = a.deferrable == b.deferrable && a.deferred == b.deferred;
    if (same_timing && !a.validated && b.validated) return make(alter(t, "VALIDATE CONSTRAINT " + quote_ident(b.name)));
    if (!same_timing && a.validated == b.validated && b.type == 'f')
        return make(alter(t, fmt::format("ALTER CONSTRAINT {} {}{}", quote_ident(b.name),
                                         b.deferrable ? "DEFERRABLE" : "NOT DEFERRABLE",
                                         b.deferred ? " INITIALLY DEFERRED" : " INITIALLY IMMEDIATE")));
    return std::nullopt;
}

stmt create_index(const index_def& i, bool existing) {
    std::string sql = i.definition;
    // pg_get_indexdef says ON ONLY for a partitioned table's own index; without ONLY the server builds
    // the partitions' indexes too, which is what the schema holds.
    if (auto at = sql.find(" ON ONLY "); at != std::string::npos) sql.replace(at, 9, " ON ");
    stmt s = make(sql + ";");
    if (existing)
        s.hazards.push_back(
            {hazard_kind::blocks_writes, fmt::format("locks {} against writes while the index {} is built",
                                                     qualified_name(i.schema, i.table), quote_ident(i.name))});
    return s;
}

stmt drop_index(const index_def& i, bool existing) {
    stmt s = make(fmt::format("DROP INDEX {};", qualified_name(i.schema, i.name)));
    if (existing)
        s.hazards.push_back(
            {hazard_kind::access_exclusive_lock,
             fmt::format("locks {} against reads and writes briefly", qualified_name(i.schema, i.table))});
    return s;
}

std::string concurrently(const std::string& sql) {
    for (std::string_view head : {"CREATE UNIQUE INDEX ", "CREATE INDEX "}) {
        if (sql.starts_with(head)) return std::string(head) + "CONCURRENTLY " + sql.substr(head.size());
    }
    return sql;
}

}  // namespace retort::schema::ddl
