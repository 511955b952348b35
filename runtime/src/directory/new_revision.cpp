// New revision files on disk: a random id, the next file name, and a write that never overwrites.
#include <fmt/format.h>

#include <fstream>
#include <random>

#include "directory/directory.hpp"

namespace retort {

std::string random_revision_id(const graph& g) {
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> hex48(0, (std::uint64_t{1} << 48) - 1);
    for (int attempt = 0; attempt < 16; ++attempt) {
        std::string id = fmt::format("{:012x}", hex48(device));
        if (!g.find(id) && g.find_prefix(id).empty()) return id;
    }
    throw error("could not draw a revision id that is not taken; is the random source working?");
}

std::filesystem::path write_new_revision(const std::filesystem::path& dir, const new_revision& r) {
    return write_new_revision(dir, r, render_revision_file(r));
}

std::filesystem::path write_new_revision(const std::filesystem::path& dir, const new_revision& r,
                                         std::string_view text) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::vector<std::string> existing;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".sql") existing.push_back(entry.path().filename().string());
    if (ec) throw error(fmt::format("cannot read the migrations directory {}: {}", dir.string(), ec.message()));
    std::filesystem::path path = dir / next_file_name(existing, r.message);
    // "x": fail rather than replace a file that appeared meanwhile.
    std::FILE* f = std::fopen(path.c_str(), "wx");
    if (!f)
        throw error(fmt::format("cannot create {}: it exists already or the directory is not writable", path.string()));
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw error(fmt::format("cannot write {}", path.string()));
    return path;
}

}  // namespace retort
