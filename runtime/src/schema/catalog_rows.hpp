// Helpers of the catalog reader: reading text rows, and the map from (catalog, OID) to object keys
// that turns pg_depend's rows into dependencies between modelled objects.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/catalog_reader.hpp"
#include "schema/model.hpp"

namespace retort::schema::rows {

// A row of a catalog query, its cells read in place (result_rows).
using row = result_rows::row;

// The system catalogs' own OIDs (fixed in every PostgreSQL release: pg_class.dat).
inline constexpr std::uint32_t pg_type = 1247, pg_proc = 1255, pg_class = 1259, pg_attrdef = 2604, pg_constraint = 2606,
                               pg_namespace = 2615, pg_rewrite = 2618, pg_trigger = 2620, pg_extension = 3079,
                               pg_policy = 3256;

inline std::string_view view(const row& r, std::size_t i) { return r[i].value_or(std::string_view{}); }
inline std::string text(const row& r, std::size_t i) { return std::string(view(r, i)); }
inline std::optional<std::string> opt(const row& r, std::size_t i) {
    auto v = r[i];
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}
inline bool flag(const row& r, std::size_t i) { return view(r, i) == "t"; }
// OIDs and attnums are most of the numbers read (six per pg_depend row): plain digits are read here,
// anything else (a sign, a number past 18 digits) by from_chars.
inline std::int64_t num(const row& r, std::size_t i) {
    std::string_view s = view(r, i);
    if (!s.empty() && s.size() <= 18) {
        std::uint64_t v = 0;  // unsigned: what a non-digit adds must not overflow
        bool digits = true;
        for (char c : s) {
            digits = digits && c >= '0' && c <= '9';
            v = v * 10 + static_cast<unsigned char>(c - '0');
        }
        if (digits) return static_cast<std::int64_t>(v);
    }
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}
inline std::uint32_t oid(const row& r, std::size_t i) { return static_cast<std::uint32_t>(num(r, i)); }

// Lines of a text value (the queries join lists with newlines), empty when NULL.
inline std::vector<std::string> lines(const row& r, std::size_t i) {
    std::vector<std::string> out;
    auto cell = r[i];
    if (!cell) return out;
    std::string_view s = *cell;
    std::string_view::size_type start = 0;
    while (start <= s.size()) {
        auto end = s.find('\n', start);
        if (end == std::string_view::npos) end = s.size();
        out.emplace_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

class oid_maps {
public:
    // `key` is the object (catalog, oid) itself: comments and grants may name it.
    void add(std::uint32_t catalog, std::uint32_t oid, const object_key& key) {
        objects_[pack(catalog, oid)] = key;
        aliases_[pack(catalog, oid)] = key;
    }
    // (catalog, oid) stands for `key` in pg_depend only (a view's rule, an array type, a default).
    void alias(std::uint32_t catalog, std::uint32_t oid, const object_key& key) {
        if (oid != 0) aliases_[pack(catalog, oid)] = key;
    }
    void add_column(std::uint32_t relation, std::uint32_t attnum, const object_key& key) {
        columns_[pack(relation, attnum)] = key;
    }
    std::optional<object_key> find(std::uint32_t catalog, std::uint32_t oid) const {
        auto it = objects_.find(pack(catalog, oid));
        return it == objects_.end() ? std::nullopt : std::optional(it->second);
    }
    std::optional<object_key> find_column(std::uint32_t relation, std::uint32_t attnum) const {
        auto it = columns_.find(pack(relation, attnum));
        return it == columns_.end() ? std::nullopt : std::optional(it->second);
    }
    // What a pg_depend side names: a column, or the object (or what it stands for).
    std::optional<object_key> resolve(std::uint32_t catalog, std::uint32_t oid, std::uint32_t sub) const {
        if (catalog == pg_class && sub != 0) {
            if (auto c = find_column(oid, sub)) return c;
        }
        auto it = aliases_.find(pack(catalog, oid));
        return it == aliases_.end() ? std::nullopt : std::optional(it->second);
    }
    std::uint32_t last_oid = 0;  // grouping rows of one object that spans several rows

private:
    static std::uint64_t pack(std::uint32_t a, std::uint32_t b) { return (std::uint64_t{a} << 32) | b; }
    std::unordered_map<std::uint64_t, object_key> objects_;
    std::unordered_map<std::uint64_t, object_key> aliases_;
    std::unordered_map<std::uint64_t, object_key> columns_;
};

}  // namespace retort::schema::rows

namespace retort::schema {

// Leaves out what `options` excludes, adds the dependencies the model's structure implies (a column
// needs its table), and sorts every list, so that equal schemas read as equal values.
database_schema finish_model(database_schema s, const read_options& options);

}  // namespace retort::schema
