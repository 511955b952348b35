// A migrations project written inline in a test: revision files as text, parsed like the directory loader
// parses them, then checked with retort::sql::check_catalog.
#pragma once

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lockfile.hpp"
#include "core/revision_file.hpp"
#include "core/seeds.hpp"
#include "retort/catalog.hpp"
#include "retort/seed.hpp"
#include "sql/check.hpp"

namespace retort::sql {

// For Boost.Test's messages.
inline std::ostream& operator<<(std::ostream& out, level l) { return out << to_string(l); }

}  // namespace retort::sql

namespace retort::testing {

struct revision_text {
    std::string id;
    std::string parent;     // empty: a base
    std::string upgrade;    // the upgrade section's text
    std::string downgrade;  // the downgrade section's text; empty: no downgrade section
    bool transactional = true;
    std::string preamble;  // comment lines between the header and `-- +upgrade`
};

// The text of a revision file. Line 1 message, 2 id, 3 parents, 4 (non-transactional only) the flag, then a
// blank line, the preamble, `-- +upgrade` and the upgrade's first line right after it.
inline std::string file_text(const revision_text& r) {
    std::string text = fmt::format("-- {}\n-- Revision ID: {}\n-- Revises: {}\n", r.id, r.id, r.parent);
    if (!r.transactional) text += "-- Transactional: false\n";
    text += "\n" + r.preamble + "-- +upgrade\n" + r.upgrade + "\n";
    if (!r.downgrade.empty()) text += "-- +downgrade\n" + r.downgrade + "\n";
    return text;
}

// The file line of the upgrade's first line.
inline std::uint32_t upgrade_line(const revision_text& r) {
    const auto preamble_lines = static_cast<std::uint32_t>(std::count(r.preamble.begin(), r.preamble.end(), '\n'));
    return (r.transactional ? 6U : 7U) + preamble_lines;
}

class project {
public:
    // Adds a revision; the files' order is the graph's input order.
    project& add(revision_text r) {
        revisions_.push_back(std::move(r));
        return *this;
    }
    // Adds a seed file `<name>` with `text` (its header included).
    project& seed(std::string name, std::string text) {
        seeds_.push_back({std::move(name), std::move(text)});
        return *this;
    }
    // Records the revision in the lock file, as released.
    project& lock(std::string id) {
        locked_ids_.push_back(std::move(id));
        return *this;
    }

    sql::check_report check(const sql::check_options& options = {}) {
        catalog_ = catalog{};
        std::vector<revision> parsed;
        diagnostics diags;
        for (const auto& r : revisions_) {
            const auto& name =
                *catalog_.storage.emplace_back(std::make_unique<std::string>("migrations/" + r.id + ".sql"));
            const auto& text = *catalog_.storage.emplace_back(std::make_unique<std::string>(file_text(r)));
            auto rev = parse_revision_file(name, text, diags);
            BOOST_TEST_REQUIRE(rev.has_value(), "test revision " << r.id << " does not parse: " << errors(diags));
            parsed.push_back(std::move(*rev));
        }
        catalog_.revisions = graph::build(std::move(parsed), diags);
        BOOST_TEST_REQUIRE(!diags.has_errors(), errors(diags));
        for (const auto& [name, body] : seeds_) {
            const auto& file = *catalog_.storage.emplace_back(std::make_unique<std::string>("seeds/" + name));
            const auto& text = *catalog_.storage.emplace_back(std::make_unique<std::string>(body));
            auto s = parse_seed_file(file, text, diags);
            BOOST_TEST_REQUIRE(s.has_value(), "test seed " << name << " does not parse: " << errors(diags));
            catalog_.seeds.push_back(std::move(*s));
        }
        std::vector<lock_entry> locked;
        for (const auto& id : locked_ids_)
            locked.push_back(lock_entry_of(catalog_.revisions.at(*catalog_.revisions.find(id))));
        return sql::check_catalog(catalog_, locked, options);
    }

private:
    static std::string errors(const diagnostics& d) {
        std::string out;
        for (const auto& x : d.all()) out += "\n" + format_diagnostic(x);
        return out;
    }

    std::vector<revision_text> revisions_;
    std::vector<std::string> locked_ids_;
    std::vector<std::pair<std::string, std::string>> seeds_;
    catalog catalog_;
};

// The findings of one rule.
inline std::vector<sql::finding> of_rule(const sql::check_report& report, std::string_view rule) {
    std::vector<sql::finding> out;
    for (const auto& f : report.findings)
        if (f.rule == rule) out.push_back(f);
    return out;
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// Every finding, one per line, for failure messages.
inline std::string listing(const sql::check_report& report) {
    std::string out;
    for (const auto& f : report.findings)
        out += fmt::format("\n  {}:{}:{}: [{}] {}", f.file, f.line, f.column, f.rule, f.message);
    return out;
}

// A released base revision that creates the tables the rule tests work on, and a second revision (id
// "change", unlocked) whose upgrade and downgrade are the SQL under test.
inline constexpr std::string_view base_schema =
    "CREATE TABLE users (id bigint PRIMARY KEY, email text, name varchar(50), score numeric(10,2), "
    "created_at timestamptz);\n"
    "CREATE TABLE items (id bigint PRIMARY KEY, user_id bigint, title text);\n"
    "CREATE INDEX items_title ON items (title);";

inline project with_base() {
    project p;
    p.add({"base0", "", std::string(base_schema), "DROP TABLE items;\nDROP TABLE users;", true, {}}).lock("base0");
    return p;
}

// Checks `upgrade` (and `downgrade`) as the unlocked revision after the base, every rule at its default.
inline sql::check_report lint(std::string upgrade, std::string downgrade = {}, bool transactional = true,
                              const sql::check_options& options = {}) {
    auto p = with_base();
    p.add({"change", "base0", std::move(upgrade), std::move(downgrade), transactional, {}});
    return p.check(options);
}

}  // namespace retort::testing
