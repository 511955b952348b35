// revision --autogenerate: the revision from the migrations to the declared schema, proven on scratch
// databases by retort::schema, written beside the others only when proven (or asked to).
#include <fmt/format.h>

#include "app/authoring.hpp"
#include "app/schema_source.hpp"
#include "directory/directory.hpp"

namespace retort::app {

namespace {

// `KIND:OLD:NEW` or `KIND OLD NEW` as the rename hint a declared file would hold.
std::vector<schema::rename_hint> rename_hints(const std::vector<std::string>& renames) {
    std::vector<schema::declared_file> files;
    for (const auto& r : renames) {
        std::string words = r;
        if (words.find(' ') == std::string::npos) {
            const auto first = words.find(':');
            const auto last = words.rfind(':');
            if (first == std::string::npos || first == last)
                throw usage_error(
                    fmt::format("--rename takes KIND:OLD:NEW, e.g. column:public.person.name:full_name, not '{}'", r));
            words[first] = ' ';
            words[last] = ' ';
        }
        files.push_back({"--rename", "-- retort:rename " + words});
    }
    return schema::parse_rename_hints(files);
}

retort::status status_of(schema::autogenerate_status s) {
    return s == schema::autogenerate_status::failed ? retort::status::unverified : retort::status::ok;
}

// The main revision, then the concurrent index builds (each file named after the one before it).
std::vector<revision_outcome> write_all(const catalog& c, const revision_request& request,
                                        const schema::autogenerate_result& generated,
                                        const retort::new_revision& header) {
    std::string concurrent_id = random_revision_id(c.revisions);
    while (concurrent_id == header.id) concurrent_id = random_revision_id(c.revisions);
    std::vector<revision_outcome> out;
    for (const auto& file : schema::render_revisions(generated, header, concurrent_id))
        out.push_back(write_revision(request, file.header, file.text));
    return out;
}

}  // namespace

autogenerate_outcome autogenerate(const catalog& c, const autogenerate_request& r) {
    // Everything the user typed is checked before the scratch databases are made.
    const retort::new_revision header = prepared_revision(c, r.revision, "revision --autogenerate");
    const schema::migrations_source migrations = migrations_at(c, r.revision.head);
    schema::autogenerate_options options;
    options.reading = reading_of(r.dev);
    options.unverified = r.unverified;
    options.renames = rename_hints(r.renames);
    const auto declared = schema::read_declared(r.declared);

    scratch::scratch_server server = scratch_server_for(r.dev);
    autogenerate_outcome out;
    out.generated = schema::autogenerate(migrations, declared, server, options);
    out.result = status_of(out.generated.status);
    const auto s = out.generated.status;
    if (s == schema::autogenerate_status::generated || s == schema::autogenerate_status::unverified)
        out.written = write_all(c, r.revision, out.generated, header);
    return out;
}

}  // namespace retort::app
