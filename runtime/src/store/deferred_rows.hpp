// The rows that the upgrades inside one transaction (--single-transaction) leave for its end: they
// commit together, so the version table only needs the net change and the log rows one INSERT.
#pragma once

#include <string>
#include <vector>

#include "store/store.hpp"

namespace retort {

struct deferred_rows {
    std::vector<std::string> removed;   // version rows to delete (present before the first step)
    std::vector<std::string> added;     // version rows to insert (absent before the first step)
    std::vector<std::string> upgraded;  // revisions to log as upgraded, in the order they ran

    // Folds one upgrade step in: a row that an earlier step added and this one removes is never written.
    void add(const step_change& s);
    bool empty() const { return removed.empty() && added.empty() && upgraded.empty(); }
};

}  // namespace retort
