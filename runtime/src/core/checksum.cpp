// Checksum v1 (see docs/checksums.md for the byte-exact specification and test vectors).
#include "core/checksum.hpp"

// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but EVP's first digest
// initialises the library: it reads openssl.cnf and loads the default provider with every algorithm, about
// 2.2 MB of resident memory and 6 million instructions per process, for the one digest retort needs. The
// low-level functions run the same (SHA-NI) block code with none of that.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <stdexcept>

#include "retort/error.hpp"
#include "retort/seed.hpp"

namespace retort {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Sorted, comma-separated: the order of ids in a header line has no effect on execution.
std::string canonical_list(std::span<const std::string_view> ids) {
    std::vector<std::string_view> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    std::string out;
    for (auto id : sorted) {
        if (!out.empty()) out += ',';
        out += id;
    }
    return out;
}

// Every line of a section ends with LF in the canonical form, including the last one.
void append_section(std::string& out, std::string_view sql) {
    out += sql;
    if (!sql.empty() && sql.back() != '\n') out += '\n';
}

}  // namespace

std::string checksum::hex() const {
    std::string out(64, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = hex_digits[bytes[i] >> 4];
        out[2 * i + 1] = hex_digits[bytes[i] & 0xf];
    }
    return out;
}

checksum checksum::from_hex(std::string_view hex) {
    checksum c;
    if (hex.size() != 64) throw error("a checksum must be 64 hexadecimal digits, got '" + std::string(hex) + "'");
    for (std::size_t i = 0; i < c.bytes.size(); ++i) {
        int hi = hex_value(hex[2 * i]);
        int lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) throw error("a checksum must be 64 hexadecimal digits, got '" + std::string(hex) + "'");
        c.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return c;
}

checksum sha256(std::string_view bytes) {
    static_assert(SHA256_DIGEST_LENGTH == sizeof(checksum::bytes));
    checksum c;
    SHA256_CTX context;
    if (SHA256_Init(&context) != 1 || SHA256_Update(&context, bytes.data(), bytes.size()) != 1 ||
        SHA256_Final(c.bytes.data(), &context) != 1)
        throw error("SHA-256 failed in OpenSSL's libcrypto");
    return c;
}

std::string canonical_upgrade_form(std::string_view id, std::span<const std::string_view> parents,
                                   std::span<const std::string_view> depends_on, bool transactional,
                                   std::string_view upgrade_sql) {
    std::string out;
    out.reserve(upgrade_sql.size() + 128);
    out += "retort-upgrade-v1\n";
    out += "id:";
    out += id;
    out += "\nparents:";
    out += canonical_list(parents);
    out += "\ndepends-on:";
    out += canonical_list(depends_on);
    out += "\ntransactional:";
    out += transactional ? "true" : "false";
    out += "\n\n";
    append_section(out, upgrade_sql);
    return out;
}

std::string canonical_downgrade_form(std::string_view id, std::string_view downgrade_sql) {
    std::string out;
    out.reserve(downgrade_sql.size() + 48);
    out += "retort-downgrade-v1\n";
    out += "id:";
    out += id;
    out += "\n\n";
    append_section(out, downgrade_sql);
    return out;
}

checksum upgrade_checksum(const revision& r) {
    return sha256(canonical_upgrade_form(r.id, r.parents, r.depends_on, r.transactional, r.upgrade.sql));
}

checksum downgrade_checksum(const revision& r) {
    if (!r.downgrade) throw error("revision " + std::string(r.id) + " has no downgrade section");
    return sha256(canonical_downgrade_form(r.id, r.downgrade->sql));
}

std::string canonical_seed_form(std::string_view name, std::string_view required, std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 64);
    out += "retort-seed-v1\n";
    out += "name:";
    out += name;
    out += "\nrequires:";
    out += required;
    out += "\n\n";
    append_section(out, sql);
    return out;
}

checksum seed_checksum(const seed& s) { return sha256(canonical_seed_form(s.name, s.required, s.body.sql)); }

std::string table_fingerprint(const std::vector<revision>& revisions) {
    std::string text = "retort-table-v1\n";
    for (const auto& r : revisions) {
        text += r.id;
        text += ' ';
        text += r.upgrade.sum.hex();
        text += ' ';
        text += r.downgrade ? r.downgrade->sum.hex() : std::string("-");
        text += '\n';
    }
    return sha256(text).hex();
}

}  // namespace retort
