// What the schema commands share: the scratch server (--dev-url or a throwaway one), the heads the
// migrations are compared at, and the declared files.
#pragma once

#include <optional>
#include <string>

#include "app/app.hpp"

namespace retort::app {

// The migrations at every head, or at `head` (an id, prefix, label or LABEL@head; "base": no revision).
schema::migrations_source migrations_at(const catalog& c, const std::optional<std::string>& head);

// The ids of `m`'s heads (every head of the graph when it names none).
std::vector<std::string> head_ids(const schema::migrations_source& m);

// The scratch server: `dev.url`, else a throwaway PostgreSQL that is removed with the object.
scratch::scratch_server scratch_server_for(const dev_database& dev);

// The read options for `dev` (grants).
schema::read_options reading_of(const dev_database& dev);

}  // namespace retort::app
