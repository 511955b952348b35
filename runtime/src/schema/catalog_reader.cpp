// The catalog reader: runs queries.cpp's queries and turns their rows into the model. OIDs stay in
// here: they map pg_depend's rows to object keys and are dropped before the model leaves.
#include "schema/catalog_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <unordered_map>

#include "schema/catalog_fetch.hpp"
#include "schema/catalog_rows.hpp"
#include "schema/queries.hpp"

namespace retort::schema {

namespace {

using namespace rows;

struct reader {
    connection& conn;
    const read_options& options;
    database_schema out;
    oid_maps maps;
    std::unordered_map<std::uint32_t, std::size_t> table_at;   // relation oid -> out.tables index
    std::unordered_map<std::string, identity_def> identities;  // "schema\ntable\ncolumn" -> identity

    catalog_fetch& fetched;

    // Each query's rows are asked for once, in the order the queries were sent.
    result_rows run(std::string_view sql) { return fetched.take(sql); }

    void read_schemas() {
        for (const auto& r : run(queries::schemas)) {
            out.schemas.push_back({text(r, 1)});
            maps.add(pg_namespace, oid(r, 0), key_of(out.schemas.back()));
        }
        for (const auto& r : run(queries::extensions)) {
            out.extensions.push_back({text(r, 1), text(r, 2), text(r, 3)});
            maps.add(pg_extension, oid(r, 0), key_of(out.extensions.back()));
        }
    }

    // A type of the model: its own OID and its array type's both name it.
    void add_type(const row& r, const object_key& key) {
        maps.add(pg_type, oid(r, 0), key);
        maps.alias(pg_type, oid(r, 1), key);
    }

    void read_types() {
        for (const auto& r : run(queries::enums)) {
            if (out.enums.empty() || maps.last_oid != oid(r, 0)) {
                out.enums.push_back({text(r, 2), text(r, 3), {}});
                add_type(r, key_of(out.enums.back()));
                maps.last_oid = oid(r, 0);
            }
            if (r[4]) out.enums.back().labels.emplace_back(*r[4]);
        }
        std::unordered_map<std::uint32_t, std::size_t> domain_at;
        for (const auto& r : run(queries::domains)) {
            domain_at[oid(r, 0)] = out.domains.size();
            out.domains.push_back({text(r, 2), text(r, 3), text(r, 4), text(r, 5), opt(r, 6), flag(r, 7), {}});
            add_type(r, key_of(out.domains.back()));
        }
        for (const auto& r : run(queries::domain_checks)) {
            auto it = domain_at.find(oid(r, 1));
            if (it == domain_at.end()) continue;
            out.domains[it->second].checks.push_back({text(r, 2), text(r, 3)});
            maps.alias(pg_constraint, oid(r, 0), key_of(out.domains[it->second]));
        }
        maps.last_oid = 0;
        for (const auto& r : run(queries::composites)) {
            if (out.composites.empty() || maps.last_oid != oid(r, 0)) {
                out.composites.push_back({text(r, 3), text(r, 4), {}});
                add_type(r, key_of(out.composites.back()));
                maps.alias(pg_class, oid(r, 2), key_of(out.composites.back()));
                maps.last_oid = oid(r, 0);
            }
            if (r[5]) out.composites.back().attributes.push_back({text(r, 5), text(r, 6), text(r, 7)});
        }
    }

    void read_sequences() {
        for (const auto& r : run(queries::sequences)) {
            sequence_options o{text(r, 3), num(r, 4), num(r, 5), num(r, 6), num(r, 7), num(r, 8), flag(r, 9)};
            std::string_view owner_kind = view(r, 11);
            if (owner_kind == "i") {
                // An identity column's sequence is part of the column, not an object of its own.
                identities[text(r, 12) + "\n" + text(r, 13) + "\n" + text(r, 14)] = {'d', text(r, 2), o};
                continue;
            }
            sequence_def s{text(r, 1), text(r, 2), o, flag(r, 10), std::nullopt};
            if (owner_kind == "a") s.owned_by = column_ref{text(r, 12), text(r, 13), text(r, 14)};
            out.sequences.push_back(std::move(s));
            maps.add(pg_class, oid(r, 0), key_of(out.sequences.back()));
        }
    }

    void read_relations() {
        for (const auto& r : run(queries::relations)) {
            std::string_view kind = view(r, 5);
            object_key key;
            if (kind == "v" || kind == "m") {
                out.views.push_back({text(r, 3), text(r, 4), kind == "m", text(r, 14), lines(r, 9)});
                key = key_of(out.views.back());
            } else {
                table_def t;
                t.schema = text(r, 3);
                t.name = text(r, 4);
                t.partitioned = kind == "p";
                t.partition_key = text(r, 10);
                if (r[11]) t.partition = partition_of{text(r, 11), text(r, 12), text(r, 13)};
                t.unlogged = flag(r, 6);
                t.row_security = flag(r, 7);
                t.force_row_security = flag(r, 8);
                t.options = lines(r, 9);
                table_at[oid(r, 0)] = out.tables.size();
                out.tables.push_back(std::move(t));
                key = key_of(out.tables.back());
            }
            maps.add(pg_class, oid(r, 0), key);
            maps.alias(pg_type, oid(r, 1), key);
            maps.alias(pg_type, oid(r, 2), key);
        }
    }

    void read_columns(const result_rows& rows) {
        for (const auto& r : rows) {
            auto it = table_at.find(oid(r, 0));
            if (it == table_at.end()) continue;
            table_def& t = out.tables[it->second];
            column_def c;
            c.position = static_cast<int>(num(r, 1));
            c.name = text(r, 2);
            c.type = text(r, 3);
            c.collation = text(r, 4);
            c.not_null = flag(r, 5);
            if (view(r, 9) == "s")
                c.generated = opt(r, 6);
            else
                c.default_value = opt(r, 6);
            c.inherited = !flag(r, 10);
            if (std::string identity = text(r, 8); !identity.empty()) {
                auto found = identities.find(t.schema + "\n" + t.name + "\n" + c.name);
                c.identity = found != identities.end() ? found->second : identity_def{};
                c.identity->generation = identity[0];
            }
            t.columns.push_back(c);
            maps.add_column(oid(r, 0), static_cast<std::uint32_t>(c.position), key_of(t, c));
            if (r[7]) maps.alias(pg_attrdef, oid(r, 7), default_key_of(t, c));
        }
    }

    void read_constraints(const result_rows& rows) {
        for (const auto& r : rows) {
            auto it = table_at.find(oid(r, 1));
            if (it == table_at.end()) continue;
            table_def& t = out.tables[it->second];
            if (!flag(r, 9)) continue;  // a partition's copy of its parent's constraint
            constraint_def c{text(r, 2), text(r, 3)[0], text(r, 4), flag(r, 5), flag(r, 6), flag(r, 7)};
            t.constraints.push_back(c);
            maps.add(pg_constraint, oid(r, 0), key_of(t, c));
            // The index behind a primary key, unique or exclusion constraint is the constraint's.
            if (oid(r, 8) != 0 && (c.type == 'p' || c.type == 'u' || c.type == 'x'))
                maps.alias(pg_class, oid(r, 8), key_of(t, c));
        }
    }

    void read_indexes(const result_rows& rows) {
        for (const auto& r : rows) {
            if (flag(r, 6) || flag(r, 7) || !flag(r, 8)) continue;  // constraint's, partition's copy, invalid
            out.indexes.push_back({text(r, 1), text(r, 2), text(r, 3), text(r, 4), flag(r, 5)});
            maps.add(pg_class, oid(r, 0), key_of(out.indexes.back()));
        }
    }

    // A view's rule stands for the view in pg_depend.
    void read_rules(const result_rows& rows) {
        for (const auto& r : rows) {
            if (auto key = maps.find(pg_class, oid(r, 1))) maps.alias(pg_rewrite, oid(r, 0), *key);
        }
    }

    void read_functions(const result_rows& rows) {
        for (const auto& r : rows) {
            out.functions.push_back(
                {text(r, 1), text(r, 2), text(r, 3), view(r, 4) == "p", text(r, 5), text(r, 6), text(r, 7)});
            maps.add(pg_proc, oid(r, 0), key_of(out.functions.back()));
        }
    }

    void read_triggers(const result_rows& rows) {
        for (const auto& r : rows) {
            auto rel = maps.find(pg_class, oid(r, 1));
            if (!rel) continue;
            out.triggers.push_back({rel->schema, rel->name, text(r, 2), text(r, 3), text(r, 4)[0]});
            maps.add(pg_trigger, oid(r, 0), key_of(out.triggers.back()));
        }
    }

    void read_policies(const result_rows& rows) {
        for (const auto& r : rows) {
            auto rel = maps.find(pg_class, oid(r, 1));
            if (!rel) continue;
            out.policies.push_back(
                {rel->schema, rel->name, text(r, 2), flag(r, 3), text(r, 4), lines(r, 5), opt(r, 6), opt(r, 7)});
            maps.add(pg_policy, oid(r, 0), key_of(out.policies.back()));
        }
    }

    // What belongs to the relations, in the order its rows arrive from the two sessions: each step
    // writes lists of its own and map entries (catalog, OID) that no other step writes, and reads only
    // the relations and types read before, so any order makes the same model.
    void read_relation_parts() {
        using step = void (reader::*)(const result_rows&);
        std::vector<std::pair<std::string_view, step>> pending = {{queries::constraints, &reader::read_constraints},
                                                                  {queries::indexes, &reader::read_indexes},
                                                                  {queries::rules, &reader::read_rules},
                                                                  {queries::functions, &reader::read_functions},
                                                                  {queries::triggers, &reader::read_triggers},
                                                                  {queries::policies, &reader::read_policies},
                                                                  {queries::columns, &reader::read_columns}};
        while (!pending.empty()) {
            std::vector<std::string_view> sqls;
            for (const auto& p : pending) sqls.push_back(p.first);
            auto next = pending.begin() + static_cast<std::ptrdiff_t>(fetched.next_ready(sqls));
            (this->*next->second)(run(next->first));
            pending.erase(next);
        }
    }

    void read_comments() {
        for (const auto& r : run(queries::comments)) {
            std::optional<object_key> target =
                num(r, 2) > 0 ? maps.find_column(oid(r, 1), oid(r, 2)) : maps.find(oid(r, 0), oid(r, 1));
            if (target)
                out.comments.push_back({*target, text(r, 3)});
            else
                out.unmodelled.push_back({"comment", "comment on " + text(r, 4)});
        }
    }

    void read_dependencies() {
        for (const auto& r : run(queries::dependencies)) {
            auto dependent = maps.resolve(oid(r, 0), oid(r, 1), oid(r, 2));
            auto referenced = maps.resolve(oid(r, 3), oid(r, 4), oid(r, 5));
            if (!dependent || !referenced || *dependent == *referenced) continue;
            // A sequence OWNED BY a column: the ownership needs the column, the sequence does not.
            if (dependent->kind == object_kind::sequence && referenced->kind == object_kind::column)
                dependent->kind = object_kind::sequence_owner;
            out.dependencies.push_back({*dependent, *referenced});
        }
    }

    void read_grants() {
        for (const auto& r : run(queries::grants)) {
            if (auto target = maps.find(oid(r, 0), oid(r, 1)))
                out.grants.push_back({*target, text(r, 2), text(r, 3), flag(r, 4)});
        }
    }

    void read_unmodelled() {
        for (const auto& r : run(queries::unmodelled)) out.unmodelled.push_back({text(r, 0), text(r, 1)});
    }
};

}  // namespace

database_schema read_schema(connection& conn, const read_options& options, connection* second) {
    const int server_version = conn.server_version();  // before the session's thread uses the connection
    catalog_fetch fetched{conn, second, options};
    reader r{conn, options, {}, {}, {}, {}, fetched};
    r.out.server_version = server_version;
    r.read_schemas();
    r.read_types();
    r.read_sequences();
    r.read_relations();
    r.read_relation_parts();
    r.read_comments();
    r.read_dependencies();
    if (options.grants) r.read_grants();
    r.read_unmodelled();
    fetched.finish();
    return finish_model(std::move(r.out), options);
}

std::pair<database_schema, database_schema> read_schemas(connection& a, connection& b, const read_options& options,
                                                         connection* a_second, connection* b_second) {
    auto other = std::async(std::launch::async, [&] { return read_schema(b, options, b_second); });
    database_schema first = read_schema(a, options, a_second);
    return {std::move(first), other.get()};
}

}  // namespace retort::schema
