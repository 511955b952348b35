// What retort does to a connection string before libpq sees it, and to every text that may echo one:
// SQLAlchemy's `postgresql+driver://` URLs are accepted as libpq's own, and no password, in any
// spelling a connection string can carry it (URI user info raw or percent-encoded, `password=` in a
// keyword string or a query string), reaches a message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

// `postgresql+psycopg2://...`, `postgresql+asyncpg://...`, `postgres+...://...` (what Alembic's users have
// in their environment) without the `+driver`; any other string unchanged. libpq reads `postgres://`
// itself.
std::string normalized_conninfo(std::string_view conninfo);

// Every spelling of a password that `conninfo` carries, even one libpq could not parse: libpq quotes
// the offending token in some parse errors (a bad %-escape in a URI echoes the whole user info, an
// unencoded '@' or '/' in a password ends up in the host or port it reports).
std::vector<std::string> passwords_in(const std::string& conninfo);

// `text` with each of `secrets` and every `password=...` and `scheme://user:...@` replaced by ***.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

// `text` with every password `conninfo` carries hidden: the one scrubber for a message that may quote
// a connection string.
inline std::string scrub_conninfo(std::string text, const std::string& conninfo) {
    return scrub(std::move(text), passwords_in(conninfo));
}

}  // namespace retort
