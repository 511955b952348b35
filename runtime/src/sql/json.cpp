// A recursive-descent JSON reader; depth is bounded so that hostile input cannot exhaust the stack.
#include "sql/json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <utility>

#include "retort/error.hpp"

namespace retort::sql::json {

namespace {

const value null_value{};

// Reading, walking and destroying a value recurse once per level, so the depth is bounded well within
// a thread's stack, sanitizers included. Ordinary statements nest a few dozen levels; a statement deeper
// than this (a chain of hundreds of operators) is parsed for its syntax but not linted (section_builder).
constexpr int max_depth = 1000;

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

class reader {
public:
    explicit reader(std::string_view text) : text_(text) {}

    value document() {
        value v = parse_value(0);
        skip_space();
        if (pos_ != text_.size()) fail("text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(std::string_view what) const {
        throw error(fmt::format("invalid JSON at offset {}: {}", pos_, what));
    }

    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
            ++pos_;
    }

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    void expect(char c) {
        if (peek() != c) fail(fmt::format("expected '{}'", c));
        ++pos_;
    }

    void expect_word(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) fail(fmt::format("expected {}", word));
        pos_ += word.size();
    }

    value parse_value(int depth) {
        if (depth > max_depth) fail("nested too deeply");
        skip_space();
        value v;
        switch (peek()) {
        case '{': parse_object(v, depth); break;
        case '[': parse_array(v, depth); break;
        case '"':
            v.kind_ = value::kind::string;
            v.text_ = parse_string();
            break;
        case 't':
            expect_word("true");
            v.kind_ = value::kind::boolean;
            v.flag_ = true;
            break;
        case 'f':
            expect_word("false");
            v.kind_ = value::kind::boolean;
            break;
        case 'n': expect_word("null"); break;
        default: parse_number(v); break;
        }
        return v;
    }

    void parse_object(value& v, int depth) {
        v.kind_ = value::kind::object;
        ++pos_;
        skip_space();
        if (peek() == '}') {
            ++pos_;
            return;
        }
        while (true) {
            skip_space();
            if (peek() != '"') fail("expected a member name");
            std::string key = parse_string();
            skip_space();
            expect(':');
            v.members_.push_back(member{std::move(key), parse_value(depth + 1)});
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            return;
        }
    }

    void parse_array(value& v, int depth) {
        v.kind_ = value::kind::array;
        ++pos_;
        skip_space();
        if (peek() == ']') {
            ++pos_;
            return;
        }
        while (true) {
            v.items_.push_back(parse_value(depth + 1));
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']');
            return;
        }
    }

    void parse_number(value& v) {
        const std::size_t begin = pos_;
        if (peek() == '-') ++pos_;
        while (pos_ < text_.size() &&
               ((text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '.' || text_[pos_] == 'e' ||
                text_[pos_] == 'E' || text_[pos_] == '+' || text_[pos_] == '-'))
            ++pos_;
        if (begin == pos_) fail("expected a value");
        double number = 0;
        const auto [end, ec] = std::from_chars(text_.data() + begin, text_.data() + pos_, number);
        if (ec != std::errc() || end != text_.data() + pos_) fail("malformed number");
        v.kind_ = value::kind::number;
        v.number_ = number;
    }

    std::uint32_t parse_hex4() {
        if (pos_ + 4 > text_.size()) fail("truncated \\u escape");
        std::uint32_t cp = 0;
        const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
        if (ec != std::errc() || end != text_.data() + pos_ + 4) fail("malformed \\u escape");
        pos_ += 4;
        return cp;
    }

    std::string parse_string() {
        ++pos_;
        std::string out;
        while (true) {
            if (pos_ >= text_.size()) fail("unterminated string");
            const char c = text_[pos_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) fail("unterminated escape");
            switch (const char e = text_[pos_++]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': append_utf8(out, parse_code_point()); break;
            default: fail(fmt::format("unknown escape \\{}", e));
            }
        }
    }

    // A \u escape (the "\u" already read), joining a surrogate pair; a lone surrogate becomes U+FFFD.
    std::uint32_t parse_code_point() {
        const std::uint32_t cp = parse_hex4();
        if (cp < 0xD800 || cp > 0xDFFF) return cp;
        if (cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const std::uint32_t low = parse_hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        return 0xFFFD;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

value value::parse(std::string_view text) { return reader(text).document(); }

const value& value::operator[](std::string_view key) const noexcept {
    for (const auto& m : members()) {
        if (m.key == key) return m.val;
    }
    return null_value;
}

bool value::contains(std::string_view key) const noexcept {
    for (const auto& m : members()) {
        if (m.key == key) return true;
    }
    return false;
}

value value::take(std::string_view key) noexcept {
    if (kind_ != kind::object) return {};
    for (auto& m : members_) {
        if (m.key == key) return std::exchange(m.val, value());
    }
    return {};
}

value value::take(std::size_t i) noexcept {
    if (kind_ != kind::array || i >= items_.size()) return {};
    return std::exchange(items_[i], value());
}

std::span<const value> value::items() const noexcept {
    return kind_ == kind::array ? std::span<const value>(items_) : std::span<const value>();
}

std::span<const member> value::members() const noexcept {
    return kind_ == kind::object ? std::span<const member>(members_) : std::span<const member>();
}

}  // namespace retort::sql::json
