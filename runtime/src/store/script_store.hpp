// The history store of `--sql`: instead of sending statements it writes them, in order, as a psql script
// (each ending with ';'), exactly as the PostgreSQL store would send them; no database is consulted.
// The state it reports is the one the script starts from.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/bookkeeping_sql.hpp"
#include "store/script_spill.hpp"
#include "store/store.hpp"

namespace retort {

class script_store final : public history_store {
public:
    // A script that starts with `header` (comment lines) and assumes the version rows `start_rows`.
    script_store(const store_config& config, std::string header, std::vector<std::string> start_rows);

    // Tables written: initialized, at the start rows; before that, not initialized (as a fresh database).
    database_state read_state() override;
    // Nothing: a script knows no history.
    history read_history(const history_request& request) override;
    // Writes the tables' CREATE ... IF NOT EXISTS, then the search_path that the online run sets.
    void ensure_tables(bool seeds) override;
    // Writes nothing: whoever runs the script serializes it.
    std::unique_ptr<store_lock> hold_lock(const lock_wait& wait) override;
    // Writes BEGIN where the script starts, so that psql runs all of it (tables too) as one transaction,
    // and COMMIT at commit().
    std::unique_ptr<store_transaction> begin() override;
    // Writes a comment naming the step (once per step), then what the PostgreSQL store would send.
    void apply(const change& c) override;
    void advance(const revision& r, const progress& p) override;
    void log(const log_entry& e) override;

    // The script so far (what was neither handed over nor set aside in the temporary file).
    const std::string& text() const noexcept { return text_; }

    // The script, moved out; the store is left empty. What waits in the temporary file goes to the sink
    // first.
    std::string release();

    // Makes room for a script of about `bytes`, so that a long one (15 MB at 10,000 revisions) is
    // written in place instead of being copied each time it grows.
    void reserve(std::size_t bytes) { text_.reserve(bytes); }

    // Hands the script to `sink` in parts of about 64 kB, each ending after a whole change (call before
    // the first change; the BEGIN of begin() must still find the script's start); text() and release()
    // then hold what has not been handed over yet. Once the text not handed over passes `spill_at`
    // bytes (a change of a revision of hundreds of megabytes; keep it well above the parts' 64 kB), it
    // waits in a temporary file rather than in memory until the change is whole, so that a failure while
    // writing it still hands over none of it.
    void stream_to(std::function<void(std::string_view)> sink, std::size_t spill_at = std::size_t{1} << 20);

private:
    class open_transaction;

    void write(std::string_view sql);
    void write_parts(const book_statement& s);
    // Appends to the script, or to the temporary file once the change being written has grown past it.
    void put(std::string_view text);
    void hand_over();
    void comment_once(const revision& r, direction dir);

    bookkeeping books_;
    std::string text_;
    std::size_t start_ = 0;  // where the header ends
    std::vector<std::string> start_rows_;
    bool tables_ = false;
    bool in_transaction_ = false;
    const revision* commented_ = nullptr;
    std::function<void(std::string_view)> sink_;
    bool handed_over_ = false;  // some of the script went to sink_: its start is gone
    std::size_t spill_at_ = 0;
    script_spill spill_;  // the change being written, before text_, once it grew past spill_at_
};

}  // namespace retort
