// Specifies what a run hands back to the kernel: whole pages of read-only file mappings only (a baked
// binary's tables and texts), never anything it would read back changed.
#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "app/sent_pages.hpp"

namespace {

constexpr std::size_t text_size = 60 * 4096;  // below GCC's limit of constexpr loop steps

// In the test binary's read-only data, like a baked table's blob.
constexpr char letter(std::size_t i) { return static_cast<char>('a' + (i * 7 + i / 4096) % 26); }

constexpr std::array<char, text_size> make_text() {
    std::array<char, text_size> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = letter(i);
    return out;
}
constexpr std::array<char, text_size> text = make_text();

bool reads_as_made(const char* data, std::size_t size) {
    const volatile char* bytes = data;
    for (std::size_t i = 0; i < size; ++i)
        if (bytes[i] != letter(i)) return false;
    return true;
}

// How many of the whole pages inside [data, data + size) are mapped in this process (the present bit of
// /proc/self/pagemap, readable without privileges).
std::size_t mapped_pages(const char* data, std::size_t size) {
    const std::uintptr_t page = 4096;
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(data) + page - 1) / page;
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(data) + size) / page;
    const int pagemap = open("/proc/self/pagemap", O_RDONLY);  // std::ifstream cannot seek in it
    std::size_t mapped = 0;
    for (std::uintptr_t p = first; p < end; ++p) {
        std::uint64_t entry = 0;
        if (pread(pagemap, &entry, sizeof entry, static_cast<off_t>(p * sizeof entry)) == sizeof entry && entry >> 63)
            ++mapped;
    }
    close(pagemap);
    return mapped;
}

// Reads a byte of every page (through volatile: the compiler knows the constant array's bytes).
long touch(const char* data, std::size_t size) {
    const volatile char* bytes = data;
    long sum = 0;
    for (std::size_t i = 0; i < size; i += 512) sum += bytes[i];
    return sum;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sent_pages)

BOOST_AUTO_TEST_CASE(released_read_only_data_leaves_memory_and_reads_back_unchanged) {
    BOOST_REQUIRE(touch(text.data(), text.size()) != 0);
#if defined(__linux__)
    BOOST_TEST(mapped_pages(text.data(), text.size()) >= text_size / 4096 - 1);
#endif
    retort::read_only_files files;
    retort::release_read_only(files, text.data(), text.size());
#if defined(__linux__)
    BOOST_TEST(mapped_pages(text.data(), text.size()) == 0u);
#endif
    BOOST_TEST(reads_as_made(text.data(), text.size()));
}

BOOST_AUTO_TEST_CASE(memory_of_the_process_s_own_is_never_released) {
    std::vector<char> heap(text.begin(), text.end());
    retort::read_only_files files;
    retort::release_read_only(files, heap.data(), heap.size());
    BOOST_TEST(reads_as_made(heap.data(), heap.size()));
}

BOOST_AUTO_TEST_CASE(a_cursor_over_a_baked_blob_keeps_every_text_intact_going_up_and_down) {
    retort::baked::table table;
    table.blob = std::string_view(text.data(), text.size());
    retort::catalog c;
    c.baked = &table;
    retort::read_only_files files;
    retort::sent_pages up(c, files);
    for (std::size_t at = 0; at + 300 < text.size(); at += 1000) up.sent(table.blob.substr(at, 300));
    retort::sent_pages down(c, files);
    for (std::size_t at = text.size() - 1000; at > 1000; at -= 1000) down.sent(table.blob.substr(at, 300));
    BOOST_TEST(reads_as_made(text.data(), text.size()));
}

BOOST_AUTO_TEST_CASE(a_text_outside_the_blob_is_left_alone) {
    std::vector<char> heap(text.begin(), text.end());
    retort::baked::table table;
    table.blob = std::string_view(text.data(), 4096);
    retort::catalog c;
    c.baked = &table;
    retort::read_only_files files;
    retort::sent_pages cursor(c, files);
    cursor.sent(std::string_view(heap.data(), 100));
    cursor.sent(std::string_view(heap.data() + 300000, 100));
    BOOST_TEST(reads_as_made(heap.data(), heap.size()));
}

BOOST_AUTO_TEST_SUITE_END()
