// Builds the round trips of each step (and of each seed); the online run and `--sql` both use them.
#include "retort/script.hpp"

#include <fmt/format.h>

namespace retort {

namespace {

script_statement own(std::string sql) { return {std::move(sql), nullptr, 0}; }

void add_own(batch& b, std::vector<std::string> sqls) {
    for (auto& s : sqls) b.statements.push_back(own(std::move(s)));
}

const section& section_of(const revision& r, direction dir) { return dir == direction::up ? r.upgrade : *r.downgrade; }

std::string_view operation_of(direction dir) { return dir == direction::up ? "upgrade" : "downgrade"; }

// The bookkeeping that commits with a step: history, version rows, log.
void add_step_bookkeeping(batch& b, const graph& g, const bookkeeping& books, const step& s) {
    const revision& r = g.at(s.revision);
    b.statements.push_back(own(s.dir == direction::up ? books.record_applied(r) : books.record_removed(r.id)));
    add_own(b, books.change_rows(g, s.rows_before, s.rows_after));
    b.statements.push_back(own(books.log(operation_of(s.dir), r.id, "success", {})));
}

std::vector<batch> transactional_step(const graph& g, const bookkeeping& books, const step& s, transaction_mode mode) {
    batch b;
    b.transaction = mode == transaction_mode::per_revision;
    if (b.transaction) b.statements.push_back(own("BEGIN"));
    const section& sec = section_of(g.at(s.revision), s.dir);
    for (std::size_t i = 0; i < sec.statements.size(); ++i) b.statements.push_back({{}, &sec.statements[i], i});
    add_step_bookkeeping(b, g, books, s);
    if (b.transaction) b.statements.push_back(own("COMMIT"));
    return {std::move(b)};
}

std::vector<batch> non_transactional_step(const graph& g, const bookkeeping& books, const step& s,
                                          std::size_t resume_from) {
    const revision& r = g.at(s.revision);
    const section& sec = section_of(r, s.dir);
    std::vector<batch> out;
    if (s.dir == direction::up && resume_from == 0) {
        batch start;
        start.statements.push_back(own(books.record_in_progress(r)));
        start.statements.push_back(own(books.log("upgrade", r.id, "started", "non-transactional")));
        out.push_back(std::move(start));
    }
    for (std::size_t i = resume_from; i < sec.statements.size(); ++i) {
        batch one;
        one.statements.push_back({{}, &sec.statements[i], i});
        out.push_back(std::move(one));
        if (s.dir == direction::up) {
            batch progress;
            progress.statements.push_back(own(books.record_progress(r, i + 1)));
            out.push_back(std::move(progress));
        }
    }
    batch finish;
    finish.transaction = true;
    finish.statements.push_back(own("BEGIN"));
    add_step_bookkeeping(finish, g, books, s);
    finish.statements.push_back(own("COMMIT"));
    out.push_back(std::move(finish));
    return out;
}

// Writes a script in two passes over the same parts: the first only adds up their sizes, so the
// second writes into one allocation. At 10,000 revisions the script is about 15 MB; growing it by
// doubling would copy it several times and hold twice its size.
class script_writer {
public:
    explicit script_writer(std::string* out) : out_(out) {}

    void add(std::string_view text) {
        if (out_)
            out_->append(text);
        else
            size_ += text.size();
    }

    // A statement as psql reads it: ending with ';', then a blank line.
    void statement(std::string_view sql) {
        add(sql);
        add(sql.ends_with(';') ? "\n\n" : ";\n\n");
    }

    std::size_t size() const { return size_; }

private:
    std::string* out_;
    std::size_t size_ = 0;
};

void write_script(script_writer& w, const graph& g, const std::vector<step>& steps,
                  const std::vector<std::vector<batch>>& per_step, const std::vector<std::string>& preamble,
                  const std::vector<std::string>& postamble) {
    for (const auto& sql : preamble) w.statement(sql);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const revision& r = g.at(steps[i].revision);
        for (std::string_view part : {std::string_view("-- Running "), operation_of(steps[i].dir), std::string_view(" "),
                                      r.id, std::string_view(" ("), r.file, std::string_view("): "), r.message,
                                      std::string_view("\n\n")})
            w.add(part);
        for (const auto& b : per_step[i])
            for (const auto& st : b.statements) w.statement(st.text());
    }
    for (const auto& sql : postamble) w.statement(sql);
}

}  // namespace

std::vector<batch> step_batches(const graph& g, const bookkeeping& books, const step& s, transaction_mode mode,
                                std::size_t resume_from) {
    if (g.at(s.revision).transactional) return transactional_step(g, books, s, mode);
    return non_transactional_step(g, books, s, resume_from);
}

batch stamp_batch(const graph& g, const bookkeeping& books, const applied_state& before,
                  const std::vector<rev_index>& rows_after, bool purge) {
    std::vector<bool> after = closure_of(g, rows_after);
    batch b;
    b.transaction = true;
    b.statements.push_back(own("BEGIN"));
    if (purge) add_own(b, books.purge());
    for (rev_index i = 0; i < g.size(); ++i) {
        if (after[i] && !before.applied[i]) b.statements.push_back(own(books.record_stamped(g.at(i))));
        if (!after[i] && before.applied[i]) b.statements.push_back(own(books.record_removed(g.at(i).id)));
    }
    add_own(b, books.change_rows(g, before.rows, rows_after));
    std::string detail;
    for (rev_index i : rows_after) detail += (detail.empty() ? "" : ",") + std::string(g.at(i).id);
    b.statements.push_back(own(books.log("stamp", {}, "success", detail.empty() ? "base" : detail)));
    b.statements.push_back(own("COMMIT"));
    return b;
}

batch seed_batch(const bookkeeping& books, const seed& s, std::string_view required_id) {
    batch b;
    b.transaction = true;
    b.statements.push_back(own("BEGIN"));
    for (std::size_t i = 0; i < s.body.statements.size(); ++i) b.statements.push_back({{}, &s.body.statements[i], i});
    b.statements.push_back(own(books.record_seed(s, required_id)));
    b.statements.push_back(own(books.log("seed", {}, "success", fmt::format("{} v1:{}", s.name, s.body.sum.hex()))));
    b.statements.push_back(own("COMMIT"));
    return b;
}

std::string render_script(const graph& g, const std::vector<step>& steps, const std::vector<std::vector<batch>>& per_step,
                          const std::vector<std::string>& preamble, const std::vector<std::string>& postamble) {
    script_writer measure(nullptr);
    write_script(measure, g, steps, per_step, preamble, postamble);
    std::string out;
    // The slack lets a caller put a header line in front without moving the script to a new buffer.
    out.reserve(measure.size() + 256);
    script_writer writer(&out);
    write_script(writer, g, steps, per_step, preamble, postamble);
    return out;
}

}  // namespace retort
