// Checksum v1: the pinned, platform-independent digests that detect edited revisions.
//
// The exact bytes hashed are specified in docs/checksums.md, with test vectors; change nothing here
// without adding a new algorithm id.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision.hpp"

namespace retort {

struct seed;

// SHA-256 of `bytes` (OpenSSL's libcrypto).
checksum sha256(std::string_view bytes);

// The canonical form hashed for a revision's upgrade checksum v1.
std::string canonical_upgrade_form(std::string_view id, std::span<const std::string_view> parents,
                                   std::span<const std::string_view> depends_on, bool transactional,
                                   std::string_view upgrade_sql);

// The canonical form hashed for a revision's downgrade checksum v1.
std::string canonical_downgrade_form(std::string_view id, std::string_view downgrade_sql);

// Upgrade checksum v1 of a parsed revision (uses revision.upgrade.sql, not revision.upgrade.sum).
checksum upgrade_checksum(const revision& r);

// Downgrade checksum v1 of a parsed revision; requires r.downgrade.
checksum downgrade_checksum(const revision& r);

// The canonical form hashed for a seed's checksum v1: the file name, `Requires` as written, the SQL.
std::string canonical_seed_form(std::string_view name, std::string_view required, std::string_view sql);

// Seed checksum v1 of a parsed seed (uses s.body.sql, not s.body.sum).
checksum seed_checksum(const seed& s);

// One digest over a whole ordered table (ids and both checksums of every revision): it changes when
// any revision is added, removed, reordered or edited. Lower-case hex.
std::string table_fingerprint(const std::vector<revision>& revisions);

}  // namespace retort
