// retort: runs every migration command on a directory of revision files (`retort --dir DIR ...`).
#include <retort/cli.hpp>

int main(int argc, char** argv) { return retort::run_directory_cli(argc, argv); }
