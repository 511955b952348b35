// Connection strings: SQLAlchemy's URL schemes, and the scrubber every message that may quote a
// connection string goes through.
#include "db/conninfo.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <regex>

namespace retort {

namespace {

constexpr std::string_view hidden = "***";

// Parts of an unparsable URI password shorter than this are left alone: hiding every "a" would hide
// the message, and so short a piece tells an attacker nothing.
constexpr std::size_t shortest_fragment = 4;

void replace_all(std::string& text, std::string_view needle, std::string_view replacement) {
    if (needle.empty()) return;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + replacement.size()))
        text.replace(at, needle.size(), replacement);
}

// `password=value` in a keyword string (quoted or not) and in a URI's query string.
const std::regex& keyword_password_pattern() {
    static const std::regex pattern{R"(password\s*=\s*('(?:[^'\\]|\\.)*'?|[^\s&]*))", std::regex::icase};
    return pattern;
}

// The credentials of a URI: scheme://user:secret@host (SQLAlchemy's scheme+driver:// too).
const std::regex& uri_password_pattern() {
    static const std::regex pattern{R"((postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?://[^:/@\s]*):[^@\s]*@)", std::regex::icase};
    return pattern;
}

// Whether `word` (lower case) stands at `at` in `text`, in any case.
bool starts_with_word(std::string_view text, std::size_t at, std::string_view word) {
    if (text.size() < at + word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[at + i])) != word[i]) return false;
    return true;
}

// SQLAlchemy's driver names after `postgresql+`: ASCII letters, digits and underscores.
bool is_driver_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The scheme at the start of a connection URI: blanks, `postgres` or `postgresql` in any case,
// SQLAlchemy's `+driver`, `://`. Scanned by hand rather than by a regular expression: every connection
// goes through here, and compiling the expression was a tenth of a baked binary's start-up check.
struct uri_scheme {
    std::size_t driver_begin = 0;  // the '+' before the driver; driver_end when there is none
    std::size_t driver_end = 0;    // where "://" starts
    std::size_t end = 0;           // after "://"
};

std::optional<uri_scheme> scheme_of(std::string_view text) {
    std::size_t at = 0;
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    if (!starts_with_word(text, at, "postgres")) return std::nullopt;
    at += 8;
    if (starts_with_word(text, at, "ql")) at += 2;
    uri_scheme s{at, at, 0};
    if (at < text.size() && text[at] == '+') {
        std::size_t end = at + 1;
        while (end < text.size() && is_driver_char(text[end])) ++end;
        if (end == at + 1) return std::nullopt;
        s.driver_end = end;
    }
    if (text.substr(s.driver_end, 3) != "://") return std::nullopt;
    s.end = s.driver_end + 3;
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void add_keyword_passwords(const std::string& conninfo, std::vector<std::string>& found) {
    const auto& keyword = keyword_password_pattern();
    for (auto it = std::sregex_iterator(conninfo.begin(), conninfo.end(), keyword); it != std::sregex_iterator();
         ++it) {
        std::string value = (*it)[1].str();
        found.push_back(value);
        found.push_back(percent_decoded(value));
        if (value.starts_with('\'')) {
            value.erase(0, 1);
            if (value.ends_with('\'')) value.pop_back();
            found.push_back(value);
        }
    }
    // An unquoted password with spaces is malformed, and libpq's parse error quotes the word after the
    // first space (`missing "=" after "horse"`): every word up to the next key=value is secret too.
    static const std::regex spaced{R"(password\s*=\s*([^'\s]\S*(?:\s+[^\s=']+(?=\s|$))+))", std::regex::icase};
    static const std::regex word{R"(\S+)"};
    for (auto it = std::sregex_iterator(conninfo.begin(), conninfo.end(), spaced); it != std::sregex_iterator(); ++it) {
        const std::string value = (*it)[1].str();
        for (auto w = std::sregex_iterator(value.begin(), value.end(), word); w != std::sregex_iterator(); ++w)
            found.push_back(w->str());
    }
}

// The user info of a URI up to its LAST '@': a password with an unencoded '@', '/' or '?' makes libpq
// read part of it as the host, the port or the database, and its messages quote those; each such part
// is hidden too.
void add_uri_passwords(const std::string& conninfo, std::vector<std::string>& found) {
    const auto scheme = scheme_of(conninfo);
    if (!scheme) return;
    const std::size_t begin = scheme->end;
    const std::size_t at = conninfo.rfind('@');
    if (at == std::string::npos || at < begin) return;
    const std::string info = conninfo.substr(begin, at - begin);
    const std::size_t colon = info.find(':');
    if (colon == std::string::npos) return;
    const std::string secret = info.substr(colon + 1);
    found.push_back(secret);
    found.push_back(percent_decoded(secret));
    static const std::regex pieces{R"([^@/:?]+)"};
    for (auto it = std::sregex_iterator(secret.begin(), secret.end(), pieces); it != std::sregex_iterator(); ++it)
        if (it->length() >= static_cast<std::ptrdiff_t>(shortest_fragment)) found.push_back(it->str());
}

void add_parsed_password(const std::string& conninfo, std::vector<std::string>& found) {
    char* parse_error = nullptr;
    if (PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &parse_error); options != nullptr) {
        for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o)
            if (std::strcmp(o->keyword, "password") == 0 && o->val != nullptr) found.emplace_back(o->val);
        PQconninfoFree(options);
    }
    PQfreemem(parse_error);
}

}  // namespace

std::string normalized_conninfo(std::string_view conninfo) {
    const auto scheme = scheme_of(conninfo);
    if (!scheme || scheme->driver_begin == scheme->driver_end) return std::string(conninfo);
    return std::string(conninfo.substr(0, scheme->driver_begin)).append(conninfo.substr(scheme->driver_end));
}

std::vector<std::string> passwords_in(const std::string& conninfo) {
    std::vector<std::string> found;
    add_keyword_passwords(conninfo, found);
    add_uri_passwords(conninfo, found);
    const std::string normalized = normalized_conninfo(conninfo);
    add_parsed_password(normalized, found);
    // Longest first: a shorter secret inside a longer one must not leave the longer one's remainder.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    found.erase(std::remove_if(found.begin(), found.end(), [](const auto& s) { return s.empty(); }), found.end());
    return found;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) replace_all(text, secret, hidden);
    text = std::regex_replace(text, keyword_password_pattern(), fmt::format("password={}", hidden));
    return std::regex_replace(text, uri_password_pattern(), fmt::format("$1:{}@", hidden));
}

}  // namespace retort
