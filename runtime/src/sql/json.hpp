// A small JSON reader for the parse trees libpg_query prints: values in, no writing, no configuration.
// Why not a library: the trees are machine-written, plain UTF-8 JSON, and one value type with a lookup by
// key is all the linter needs; a JSON dependency would be one more package to find for every consumer.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort::sql::json {

class value;

struct member;

class value {
public:
    enum class kind : std::uint8_t { null, boolean, number, string, array, object };

    value() = default;

    // Parses one JSON text (RFC 8259) nested at most 1,000 levels deep; throws retort::error naming the
    // offset of the first problem.
    static value parse(std::string_view text);

    kind type() const noexcept { return kind_; }
    bool is_null() const noexcept { return kind_ == kind::null; }
    bool is_object() const noexcept { return kind_ == kind::object; }
    bool is_array() const noexcept { return kind_ == kind::array; }

    // The member `key` of an object; a null value when absent or when this is not an object.
    const value& operator[](std::string_view key) const noexcept;
    // Whether this object has the member `key`.
    bool contains(std::string_view key) const noexcept;
    // The elements of an array; empty for anything else.
    std::span<const value> items() const noexcept;
    // The members of an object in document order; empty for anything else.
    std::span<const member> members() const noexcept;

    // The text of a string; empty for anything else.
    std::string_view str() const noexcept { return kind_ == kind::string ? std::string_view(text_) : ""; }
    // A number (0 for anything else), truncated towards zero by as_int.
    double number() const noexcept { return kind_ == kind::number ? number_ : 0; }
    long long as_int() const noexcept { return static_cast<long long>(number()); }
    // A boolean; false for anything else (libpg_query leaves false members out).
    bool boolean() const noexcept { return kind_ == kind::boolean && flag_; }

    // Moves the member `key` out of an object, leaving null in its place; null when absent.
    value take(std::string_view key) noexcept;
    // Moves element `i` out of an array, leaving null in its place; null when out of range.
    value take(std::size_t i) noexcept;

private:
    friend class reader;

    kind kind_ = kind::null;
    bool flag_ = false;
    double number_ = 0;
    std::string text_;
    std::vector<value> items_;
    std::vector<member> members_;
};

struct member {
    std::string key;
    value val;
};

}  // namespace retort::sql::json
