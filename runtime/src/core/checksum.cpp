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

namespace {

// Where a canonical form goes: a string (the canonical_*_form functions, for tests and documentation) or
// straight into the digest, so that a section of hundreds of megabytes is hashed without a copy.
struct text_sink {
    std::string out;
    void append(std::string_view bytes) { out += bytes; }
};

class digest_sink {
public:
    digest_sink() {
        if (SHA256_Init(&context_) != 1) throw error("SHA-256 failed in OpenSSL's libcrypto");
    }
    void append(std::string_view bytes) {
        if (SHA256_Update(&context_, bytes.data(), bytes.size()) != 1)
            throw error("SHA-256 failed in OpenSSL's libcrypto");
    }
    checksum finish() {
        static_assert(SHA256_DIGEST_LENGTH == sizeof(checksum::bytes));
        checksum c;
        if (SHA256_Final(c.bytes.data(), &context_) != 1) throw error("SHA-256 failed in OpenSSL's libcrypto");
        return c;
    }

private:
    SHA256_CTX context_{};
};

// Every line of a section ends with LF in the canonical form, including the last one.
template <class Sink>
void write_section(Sink& out, std::string_view sql) {
    out.append(sql);
    if (!sql.empty() && sql.back() != '\n') out.append("\n");
}

template <class Sink>
void write_upgrade_form(Sink& out, std::string_view id, std::span<const std::string_view> parents,
                        std::span<const std::string_view> depends_on, bool transactional, std::string_view sql) {
    out.append("retort-upgrade-v1\nid:");
    out.append(id);
    out.append("\nparents:");
    out.append(canonical_list(parents));
    out.append("\ndepends-on:");
    out.append(canonical_list(depends_on));
    out.append("\ntransactional:");
    out.append(transactional ? "true" : "false");
    out.append("\n\n");
    write_section(out, sql);
}

template <class Sink>
void write_downgrade_form(Sink& out, std::string_view id, std::string_view sql) {
    out.append("retort-downgrade-v1\nid:");
    out.append(id);
    out.append("\n\n");
    write_section(out, sql);
}

template <class Sink>
void write_seed_form(Sink& out, std::string_view name, std::string_view required, std::string_view sql) {
    out.append("retort-seed-v1\nname:");
    out.append(name);
    out.append("\nrequires:");
    out.append(required);
    out.append("\n\n");
    write_section(out, sql);
}

}  // namespace

checksum sha256(std::string_view bytes) {
    digest_sink sink;
    sink.append(bytes);
    return sink.finish();
}

std::string canonical_upgrade_form(std::string_view id, std::span<const std::string_view> parents,
                                   std::span<const std::string_view> depends_on, bool transactional,
                                   std::string_view upgrade_sql) {
    text_sink sink;
    write_upgrade_form(sink, id, parents, depends_on, transactional, upgrade_sql);
    return std::move(sink.out);
}

std::string canonical_downgrade_form(std::string_view id, std::string_view downgrade_sql) {
    text_sink sink;
    write_downgrade_form(sink, id, downgrade_sql);
    return std::move(sink.out);
}

checksum upgrade_checksum(const revision& r) {
    digest_sink sink;
    write_upgrade_form(sink, r.id, r.parents, r.depends_on, r.transactional, r.upgrade.sql);
    return sink.finish();
}

checksum downgrade_checksum(const revision& r) {
    if (!r.downgrade) throw error("revision " + std::string(r.id) + " has no downgrade section");
    digest_sink sink;
    write_downgrade_form(sink, r.id, r.downgrade->sql);
    return sink.finish();
}

std::string canonical_seed_form(std::string_view name, std::string_view required, std::string_view sql) {
    text_sink sink;
    write_seed_form(sink, name, required, sql);
    return std::move(sink.out);
}

checksum seed_checksum(const seed& s) {
    digest_sink sink;
    write_seed_form(sink, s.name, s.required, s.body.sql);
    return sink.finish();
}

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
