// What revision, merge and revision --autogenerate share: a new revision's header checked before
// anything is written, and the files written beside the others.
#pragma once

#include <string_view>

#include "app/app.hpp"
#include "core/authoring.hpp"

namespace retort::app {

// The header of a new revision from `request` (id, message, date, labels, Depends On), checked against
// the graph; the parents are the caller's. Throws usage_error for a built binary (`command` names the
// command in the message) or a missing message.
retort::new_revision prepared_revision(const catalog& c, const revision_request& request, std::string_view command);

// Writes `text` as the new revision `r` in the request's directory; its path and id.
revision_outcome write_revision(const revision_request& request, const retort::new_revision& r, std::string_view text);

}  // namespace retort::app
