// A catalog of revision (and seed) files written inline in a test, parsed and checked like a directory,
// with no file system: for the unit tests of the application layer and the store contract suite.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/revision_file.hpp"
#include "core/seeds.hpp"
#include "retort/catalog.hpp"

namespace retort::testing {

class inline_catalog {
public:
    // Revision `id` revising `parents` (comma-separated, empty for a base); `downgrade` nullopt: none.
    inline_catalog& revision(std::string_view id, std::string_view parents, std::string_view upgrade,
                             std::optional<std::string_view> downgrade = "SELECT 1;", bool transactional = true) {
        std::string text = fmt::format("-- revision {}\n-- Revision ID: {}\n-- Revises: {}\n{}\n-- +upgrade\n{}\n", id,
                                       id, parents, transactional ? "" : "-- Transactional: false\n", upgrade);
        if (downgrade) text += fmt::format("\n-- +downgrade\n{}\n", *downgrade);
        return file(fmt::format("migrations/{}.sql", id), std::move(text), false);
    }

    // Revision `id` with extra header lines (`-- Branch Labels: x`, `-- Depends On: y`, each ending in \n).
    inline_catalog& labelled_revision(std::string_view id, std::string_view parents, std::string_view header) {
        return file(fmt::format("migrations/{}.sql", id),
                    fmt::format("-- revision {}\n-- Revision ID: {}\n-- Revises: {}\n{}\n-- +upgrade\nSELECT 1;\n\n"
                                "-- +downgrade\nSELECT 1;\n",
                                id, id, parents, header),
                    false);
    }

    // Seed `name` (e.g. 0001_x.sql) requiring `required` (empty: none).
    inline_catalog& seed(std::string_view name, std::string_view required, std::string_view sql) {
        std::string text =
            fmt::format("-- seed {}\n{}\n{}\n", name,
                        required.empty() ? std::string() : fmt::format("-- Requires: {}\n", required), sql);
        return file(fmt::format("seeds/{}", name), std::move(text), true);
    }

    // The catalog, built once; throws input_error for a broken graph.
    const catalog& get() {
        if (!built_) {
            c_.revisions = graph::build_or_throw(std::move(revisions_));
            c_.name = "migrations";
            if (!c_.seeds.empty()) c_.seeds_dir = "seeds";
            built_ = true;
        }
        return c_;
    }

    // The revision `id` of get(); throws std::out_of_range when there is none.
    const retort::revision& revision_of(std::string_view id) {
        const graph& g = get().revisions;
        const auto i = g.find(id);
        if (!i) throw std::out_of_range(fmt::format("no revision {} in the inline catalog", id));
        return g.at(*i);
    }

private:
    inline_catalog& file(std::string name, std::string text, bool is_seed) {
        const auto& stored_name = *c_.storage.emplace_back(std::make_unique<std::string>(std::move(name)));
        const auto& stored_text = *c_.storage.emplace_back(std::make_unique<std::string>(normalize_text(text)));
        diagnostics diags;
        if (is_seed) {
            if (auto s = parse_seed_file(stored_name, stored_text, diags)) c_.seeds.push_back(std::move(*s));
        } else if (auto r = parse_revision_file(stored_name, stored_text, diags)) {
            revisions_.push_back(std::move(*r));
        }
        diags.throw_if_errors();
        return *this;
    }

    catalog c_;
    std::vector<retort::revision> revisions_;
    bool built_ = false;
};

}  // namespace retort::testing
